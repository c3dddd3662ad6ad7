"""Customs' own signal: ``message_ready(sender, message_id)`` — a signed message is stored and
waits to be sent; sent on commit (``receivers`` queues the sending task)."""
from django.dispatch import Signal

message_ready = Signal()

"""Signals other apps (orders) connect to. All are sent with ``transaction.on_commit``, so a
receiver only ever hears about a change that is committed. ``sender`` is ``Payment``.

* ``payment_succeeded(payment)`` — the payment is ``paid``: ``payer_name``, the payer's ID
  (``payment.payer_id_number``), ``provider_trade_no`` and ``paid_at`` are set, and when the
  payment carried an orderer, the payer is that orderer. Sent once per payment.
* ``payment_failed(payment, reason)`` — the payment will not pay for its purpose:
  ``payment.status`` is ``failed`` (declined) or ``closed`` (expired, abandoned, superseded),
  or — ``reason == "payer_not_orderer"`` — it was paid by someone other than the orderer and
  is being refunded in full automatically. Sent once per payment.
* ``payment_refunded(payment, refund)`` — one refund succeeded; ``refund.amount`` went back;
  ``payment.status`` is ``partially_refunded`` or ``refunded``. Sent once per refund.
"""
from django.dispatch import Signal

payment_succeeded = Signal()  # payment
payment_failed = Signal()  # payment, reason
payment_refunded = Signal()  # payment, refund

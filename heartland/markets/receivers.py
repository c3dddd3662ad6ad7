"""Cached rates are forgotten when a rate is stored or removed (now, and again on commit so
no other request can cache the old answer in between)."""
from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .fx import forget_rates
from .models import FxRate


@receiver([post_save, post_delete], sender=FxRate, dispatch_uid="markets_forget_rates")
def _rate_changed(sender, instance: FxRate, **kwargs) -> None:
    forget_rates(instance.base, instance.quote)
    transaction.on_commit(lambda: forget_rates(instance.base, instance.quote))

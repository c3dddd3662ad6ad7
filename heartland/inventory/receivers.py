"""Every new merchant gets its default warehouse (US), in the same transaction: connected in
``InventoryConfig.ready``."""
from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from heartland.merchants.models import Merchant

from .services import ensure_default_warehouse


@receiver(post_save, sender=Merchant, dispatch_uid="inventory.default_warehouse")
def give_new_merchant_a_warehouse(sender, instance: Merchant, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        ensure_default_warehouse(merchant=instance)

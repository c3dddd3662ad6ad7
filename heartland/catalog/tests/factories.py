"""Test data builders for the catalog (plain functions; no factory library needed)."""
from __future__ import annotations

import itertools
from decimal import Decimal

from heartland.accounts.models import User
from heartland.merchants.models import MemberRole, Membership, Merchant, MerchantStatus

_seq = itertools.count(1)


def make_user(*, email: str | None = None, password: str = "correct horse battery", **extra) -> User:
    n = next(_seq)
    return User.objects.create_user(email=email or f"user{n}@example.com", password=password, **extra)


def make_merchant(*, slug: str | None = None, approved: bool = True, owner: User | None = None, **extra) -> Merchant:
    n = next(_seq)
    fields = {"legal_name": f"Farm {n} LLC", "trading_name": f"Farm {n}", "state": "WI", "city": "Wausau", **extra}
    merchant = Merchant.objects.create(
        slug=slug or f"farm-{n}", status=MerchantStatus.APPROVED if approved else MerchantStatus.DRAFT, **fields,
    )
    if owner is not None:
        Membership.objects.create(user=owner, merchant=merchant, role=MemberRole.OWNER)
    return merchant


def make_product(*, merchant: Merchant, handle: str | None = None, price: str = "10.00", sku: str = "", **fields):
    from heartland.catalog.services import VariantInput, save_product, save_variant

    n = next(_seq)
    product = save_product(merchant=merchant, fields={
        "handle": handle or f"product-{n}", "title_en": fields.pop("title_en", f"Product {n}"),
        "status": fields.pop("status", "active" if merchant.is_approved else "draft"), **fields,
    })
    save_variant(product=product, data=VariantInput(price_usd=Decimal(price), sku=sku))
    return product

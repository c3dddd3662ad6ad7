from django.conf import settings
from django.db import models
from django.db.models import Q

from heartland.core.crypto import decrypt, mask_id_number

MAX_LINE_QUANTITY = 99


class Cart(models.Model):
    """A shopper's cart: by session until they sign in, then by account (merged)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="cart")
    session_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(user__isnull=False) | Q(session_key__isnull=False),
                                              name="checkout_cart_has_owner")]

    def __str__(self) -> str:
        return f"cart {self.pk} ({self.user or 'anonymous'})"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="checkout_one_line_per_variant"),
            models.CheckConstraint(condition=Q(quantity__gte=1) & Q(quantity__lte=MAX_LINE_QUANTITY),
                                   name="checkout_line_quantity_range"),
        ]


class Address(models.Model):
    """A consignee (收货人) in the shopper's address book."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    country = models.CharField(max_length=2, default="CN")
    name = models.CharField(max_length=60)
    phone = models.CharField(max_length=20, help_text="E.164")
    region = models.CharField("province / state", max_length=60, blank=True)
    city = models.CharField(max_length=60, blank=True)
    district = models.CharField(max_length=60, blank=True)
    street = models.CharField(max_length=255)
    postcode = models.CharField(max_length=12, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} {self.region}{self.city}{self.district}{self.street}"

    @property
    def one_line(self) -> str:
        if self.country == "CN":
            return f"{self.region}{self.city}{self.district}{self.street}"
        return ", ".join(p for p in (self.street, self.district, self.city, self.region, self.postcode) if p)


class BuyerIdentity(models.Model):
    """An identity number the shopper gave at checkout, kept for next time (encrypted; a keyed
    hash for quota look-ups): the orderer's real name and resident ID (CN), or the recipient's
    name and Personal Customs Clearance Code (KR)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identities")
    id_type = models.CharField(max_length=16, default="cn_resident_id",
                               choices=[("cn_resident_id", "PRC resident ID"),
                                        ("kr_pccc", "Korean customs clearance code")])
    real_name = models.CharField(max_length=60)
    id_number_encrypted = models.TextField()
    id_number_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "id_number_hash"], name="checkout_identity_once")]

    def __str__(self) -> str:
        return f"{self.real_name} {self.masked}"

    @property
    def masked(self) -> str:
        return mask_id_number(decrypt(self.id_number_encrypted))

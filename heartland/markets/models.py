from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from heartland.landedcost import MARKETS, service_levels
from heartland.landedcost.money import DISPLAY_MODES, UnknownCurrency, _check_currency


class Market(models.Model):
    """A destination market: its currency, language, rules and whether it is open."""

    code = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2: CN, HK, JP, KR, SG")
    name_en = models.CharField(max_length=60)
    name_zh_hans = models.CharField(max_length=60)
    currency = models.CharField(max_length=3, help_text="ISO 4217")
    language = models.CharField(max_length=10, default="zh-hans", help_text="Default language of shoppers")
    locale = models.CharField(max_length=16, default="zh_Hans_CN", help_text="For number and currency formatting")
    timezone = models.CharField(max_length=40, default="Asia/Shanghai")
    is_open = models.BooleanField(default=True, help_text="Closed markets show no prices and take no orders.")
    display_rounding = models.CharField(max_length=10, choices=[(m, m) for m in DISPLAY_MODES], default="none",
                                        help_text="Applied to the product price shown, never to taxes.")
    service_levels = models.JSONField(default=list, blank=True, help_text="Shipping service levels offered, e.g. "
                                      '["economy", "standard", "express"]')
    default_mode = models.CharField(max_length=4, default="9610", choices=[("9610", "9610 direct mail"),
                                                                           ("1210", "1210 bonded")])
    fx_margin_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("2.00"),
                                            validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
                                            help_text="Added to the exchange rate to cover conversion cost and movement.")
    fx_max_age_hours = models.PositiveIntegerField(default=48, validators=[MinValueValidator(1)],
                                                   help_text="Older rates make checkout refuse; prices are marked indicative.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_en}"

    def clean(self) -> None:
        errors = {}
        if self.code not in MARKETS:
            errors["code"] = f"The landed-cost rules cover {', '.join(MARKETS)} only."
        try:
            _check_currency(self.currency)
        except UnknownCurrency as exc:
            errors["currency"] = str(exc)
        if not isinstance(self.service_levels, list) or not all(isinstance(x, str) for x in self.service_levels):
            errors["service_levels"] = 'A list of names, e.g. ["economy", "standard", "express"].'
        elif self.code in MARKETS:
            offered = service_levels(self.code)
            unknown = [x for x in self.service_levels if x not in offered]
            if unknown:
                errors["service_levels"] = (f"No shipping rates for {', '.join(unknown)} to {self.code}; "
                                            f"the rate table has {', '.join(offered)}.")
        if errors:
            raise ValidationError(errors)


class FxRate(models.Model):
    """One quoted exchange rate: 1 `base` = `rate` `quote`, valid from a moment, with its source."""

    base = models.CharField(max_length=3)
    quote = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=20, decimal_places=8, validators=[MinValueValidator(Decimal("0.00000001"))])
    valid_from = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["base", "quote", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "valid_from"], name="markets_fxrate_unique"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="markets_fxrate_positive"),
            models.CheckConstraint(condition=~Q(base=models.F("quote")), name="markets_fxrate_distinct"),
        ]
        verbose_name = "FX rate"

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate} {self.quote} from {self.valid_from:%Y-%m-%d %H:%M} ({self.source})"


class PositiveListEdition(models.Model):
    """An operator's replacement of China's CBEC positive list (the whole list, as CSV).

    The newest active edition is the one in force; with none, the list shipped with the
    landed-cost rules applies. Editions are kept for the record, never edited.
    """

    name = models.CharField(max_length=200, help_text="e.g. 2022 edition, 1,476 lines, with 2024 remarks")
    content = models.TextField(help_text="CSV: hs_code,description,remark")
    lines = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.lines} lines, {self.uploaded_at:%Y-%m-%d})"

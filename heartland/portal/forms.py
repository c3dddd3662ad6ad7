from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from heartland.catalog.field_rules import TAX_CATEGORIES, WEIGHT_UNITS, RuleError, parse_country, parse_hs_code
from heartland.catalog.models import Category, Product
from heartland.merchants.models import Merchant
from heartland.merchants.services import clean_application
from heartland.merchants.validators import US_STATE_NAMES


class ApplicationForm(forms.ModelForm):
    """The merchant application. Validation is the service's, so the CLI and the form agree."""

    class Meta:
        model = Merchant
        fields = ["legal_name", "trading_name", "ein", "kind", "address_line1", "address_line2", "city", "state",
                  "zip_code", "contact_name", "contact_email", "contact_phone", "story", "story_zh_hans"]
        labels = {"ein": "EIN (federal employer identification number)", "kind": "What you sell",
                  "story": "Your story (shown to shoppers)", "story_zh_hans": "Your story in Chinese (optional)"}
        widgets = {"story": forms.Textarea(attrs={"rows": 4}), "story_zh_hans": forms.Textarea(attrs={"rows": 3}),
                   "ein": forms.TextInput(attrs={"placeholder": "12-3456789"}),
                   "contact_phone": forms.TextInput(attrs={"placeholder": "(608) 555-0134", "type": "tel"})}

    def clean(self):
        data = super().clean()
        try:
            cleaned = clean_application({k: v for k, v in data.items() if k in self.Meta.fields})
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in self.fields:
                    self.add_error(field, messages)
            return data
        data.update(cleaned)
        return data


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["title_en", "title_zh_hans", "handle", "description_en", "description_zh_hans", "category", "kind",
                  "tags", "status", "origin_state", "option1_name", "option2_name", "option3_name"]
        widgets = {"description_en": forms.Textarea(attrs={"rows": 5}),
                   "description_zh_hans": forms.Textarea(attrs={"rows": 5}),
                   "tags": forms.TextInput(attrs={"placeholder": "jerky, 牛肉干, beef"})}
        help_texts = {"handle": "Part of the product's address; leave blank to make one from the title.",
                      "description_en": "Basic HTML is kept (bold, lists, links); scripts and styles are removed.",
                      "title_zh_hans": "Traditional Chinese is derived from this automatically."}

    origin_state = forms.ChoiceField(choices=[("", "—")] + sorted(US_STATE_NAMES.items()), required=False,
                                     label="US state of origin")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handle"].required = False
        self.fields["category"].queryset = Category.objects.select_related("parent")

    def clean_handle(self):
        return (self.cleaned_data.get("handle") or "").strip().lower()


class VariantForm(forms.Form):
    option1 = forms.CharField(required=False, max_length=255, label="Option 1 value")
    option2 = forms.CharField(required=False, max_length=255, label="Option 2 value")
    option3 = forms.CharField(required=False, max_length=255, label="Option 3 value")
    sku = forms.CharField(required=False, max_length=255, label="SKU")
    price_usd = forms.DecimalField(min_value=Decimal("0"), max_digits=12, decimal_places=2, label="Price (USD)")
    compare_at_price_usd = forms.DecimalField(required=False, min_value=Decimal("0"), max_digits=12, decimal_places=2,
                                              label="Compare-at price (USD)")
    grams = forms.DecimalField(min_value=Decimal("0"), max_digits=12, decimal_places=3, initial=0, label="Weight (g)")
    weight_unit = forms.ChoiceField(choices=[(u, u) for u in WEIGHT_UNITS], initial="g", label="Display unit")
    barcode = forms.CharField(required=False, max_length=64)
    hs_code = forms.CharField(required=False, max_length=16, label="HS code",
                              help_text="6 to 10 digits, e.g. 1211.20 or 12112011")
    country_of_origin = forms.CharField(max_length=2, initial="US", label="Country of origin (ISO 2)")
    tax_category = forms.ChoiceField(choices=[(c, c) for c in TAX_CATEGORIES], initial="general")
    requires_shipping = forms.BooleanField(required=False, initial=True, label="Ships as a parcel")
    unit_content = forms.DecimalField(required=False, min_value=Decimal("0.001"), max_digits=12, decimal_places=3,
                                      label="Content per unit", help_text="e.g. 20 (g of cream), 750 (ml), 30 (capsules)")
    unit_content_uom = forms.ChoiceField(required=False, label="Content unit",
                                         choices=[("", "—"), ("g", "g"), ("ml", "ml"), ("piece", "pieces")])
    abv = forms.DecimalField(required=False, min_value=Decimal("0"), max_value=Decimal("100"), max_digits=5,
                             decimal_places=2, label="Alcohol by volume (%)", help_text="Drinks only")

    def clean_hs_code(self):
        value = self.cleaned_data.get("hs_code", "")
        if not value:
            return ""
        try:
            return parse_hs_code(value)
        except RuleError as exc:
            raise ValidationError(str(exc))

    def clean_country_of_origin(self):
        try:
            return parse_country(self.cleaned_data.get("country_of_origin", ""))
        except RuleError as exc:
            raise ValidationError(str(exc))


class StockForm(forms.Form):
    def __init__(self, *args, warehouses, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.warehouses = warehouses
        for wh in warehouses:
            level = levels.get(wh.pk)
            self.fields[f"wh_{wh.pk}"] = forms.IntegerField(
                min_value=0, max_value=10_000_000, label=f"{wh.name} — on hand",
                initial=level.on_hand if level else 0,
                help_text=f"{level.reserved} reserved for checkouts" if level and level.reserved else "",
            )


class ImageForm(forms.Form):
    image = forms.FileField(help_text="JPEG, PNG, WebP or GIF, up to 8 MB.")
    alt_text = forms.CharField(required=False, max_length=500, label="Description of the picture")


class ImportForm(forms.Form):
    file = forms.FileField(label="Shopify product CSV", help_text="Products → Export → CSV in Shopify; UTF-8.")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > settings.HEARTLAND_MAX_CSV_BYTES:
            raise ValidationError(f"The file is larger than {settings.HEARTLAND_MAX_CSV_BYTES // (1024 * 1024)} MB.")
        if f.size == 0:
            raise ValidationError("The file is empty.")
        return f


class FixRowForm(forms.Form):
    """One rejected CSV row, editable cell by cell."""

    def __init__(self, *args, row: dict, columns: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = [k for k in columns if k in row]
        for key in self.keys:
            widget = forms.Textarea(attrs={"rows": 3}) if key in ("body", "body_zh") else forms.TextInput()
            self.fields[key] = forms.CharField(required=False, label=columns[key], initial=row.get(key, ""), widget=widget)

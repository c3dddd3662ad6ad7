import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_LINE_QUANTITY
from .validation import ADDRESS_FIELDS


class AddToCartForm(forms.Form):
    variant = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(min_value=1, max_value=MAX_LINE_QUANTITY, initial=1)


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(min_value=0, max_value=MAX_LINE_QUANTITY)


# The address fields each market asks for: checkout.validation.ADDRESS_FIELDS.
REGION_LABEL = {"CN": _("Province"), "HK": _("Region (Hong Kong Island, Kowloon or New Territories)"),
                "JP": _("Prefecture"), "KR": _("Province or metropolitan city")}
CITY_LABEL = {"CN": _("City"), "JP": _("City, ward, town or village"), "KR": _("City, county or district")}
SERVICE_LABEL = {"economy": _("Economy"), "standard": _("Standard"), "express": _("Express")}
POSTCODE_MAX = 12


def _text(label, max_length, required=True, **attrs):
    return forms.CharField(label=label, max_length=max_length, required=required,
                           widget=forms.TextInput(attrs=attrs) if attrs else None)


def checkout_form_for(market) -> type[forms.Form]:
    """The checkout form a market's shoppers fill in (the checkout service checks it again).
    Built once per market and set of delivery options (its labels are translated when shown)."""
    return _checkout_form(market.code, tuple(market.service_levels or ["standard"]))


@functools.lru_cache(maxsize=64)
def _checkout_form(code: str, levels: tuple[str, ...]) -> type[forms.Form]:
    fields: dict[str, forms.Field] = {
        "key": forms.CharField(widget=forms.HiddenInput, max_length=64),
        "address": forms.IntegerField(required=False, widget=forms.HiddenInput),
        "name": _text(_("Consignee name"), 60, autocomplete="name"),
        "phone": forms.CharField(label=_("Mobile number") if code == "CN" else _("Phone number"), max_length=20,
                                 widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel",
                                                               "autocomplete": "tel"})),
    }
    for name, required in ADDRESS_FIELDS.get(code, ADDRESS_FIELDS["SG"]):
        if name == "region":
            fields[name] = _text(REGION_LABEL[code], 60, required, autocomplete="address-level1")
        elif name == "city":
            fields[name] = _text(CITY_LABEL[code], 60, required, autocomplete="address-level2")
        elif name == "district":
            fields[name] = _text(_("District"), 60, required, autocomplete="address-level3")
        elif name == "street":
            fields[name] = _text(_("Street address"), 255, required, autocomplete="street-address")
        else:
            fields[name] = _text(_("Postcode"), POSTCODE_MAX, required, autocomplete="postal-code",
                                 inputmode="numeric")
    if code == "CN":
        fields["real_name"] = _text(_("Buyer's real name"), 60)
        fields["id_number"] = forms.CharField(
            label=_("Resident ID number"), max_length=18, min_length=15,
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    elif code == "KR":
        fields["customs_code"] = forms.CharField(
            label=_("Personal Customs Clearance Code"), max_length=20,
            help_text=_("P followed by 12 digits, issued to the recipient by Korea Customs Service."),
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                          "autocapitalize": "characters"}))
    fields["service_level"] = forms.ChoiceField(
        label=_("Delivery"), choices=[(level, SERVICE_LABEL.get(level, level.replace("_", " ").title()))
                                      for level in levels],
        initial="standard" if "standard" in levels else levels[0])
    fields["agree"] = forms.BooleanField(
        label=_("I have read the cross-border shopping notice and buy for my own use."))
    form_class = type(f"CheckoutForm{code}", (forms.Form,), dict(fields))
    form_class.address_fields = [name for name, _required in ADDRESS_FIELDS.get(code, ADDRESS_FIELDS["SG"])]
    return form_class

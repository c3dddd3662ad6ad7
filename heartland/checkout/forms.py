from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_LINE_QUANTITY


class AddToCartForm(forms.Form):
    variant = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(min_value=1, max_value=MAX_LINE_QUANTITY, initial=1)


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(min_value=0, max_value=MAX_LINE_QUANTITY)


class CheckoutForm(forms.Form):
    """Consignee, buyer identity and delivery; checked again by the checkout service."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    address = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Consignee name"), max_length=60)
    phone = forms.CharField(label=_("Mobile number"), max_length=20,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    region = forms.CharField(label=_("Province"), max_length=60, required=False)
    city = forms.CharField(label=_("City"), max_length=60, required=False)
    district = forms.CharField(label=_("District"), max_length=60, required=False)
    street = forms.CharField(label=_("Street address"), max_length=255)
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    real_name = forms.CharField(label=_("Buyer's real name"), max_length=60)
    id_number = forms.CharField(label=_("Resident ID number"), max_length=18, min_length=15,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    service_level = forms.ChoiceField(label=_("Delivery"), choices=[("standard", _("Standard")), ("economy", _("Economy")),
                                                                    ("express", _("Express"))], initial="standard")
    agree = forms.BooleanField(label=_("I have read the cross-border shopping notice and buy for my own use."))

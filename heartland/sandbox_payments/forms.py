from django import forms
from django.utils.translation import gettext_lazy as _

from heartland.payments import identity


class CashierForm(forms.Form):
    """The sandbox cashier: who pays — real name and resident ID number for a mainland order
    (one that names its orderer); elsewhere the ID number is optional, as a card or a wallet
    outside the mainland has none."""

    payer_name = forms.CharField(label=_("Payer's real name"), max_length=60,
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    payer_id_number = forms.CharField(
        label=_("Resident ID number"), max_length=22,
        help_text=_("18 characters; the last may be X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false",
                                      "autocapitalize": "characters"}))

    def __init__(self, *args, require_id: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer_id_number"].required = require_id

    def clean_payer_name(self):
        try:
            return identity.clean_name(self.cleaned_data["payer_name"])
        except ValueError:
            raise forms.ValidationError(_("Enter the payer's real name.")) from None

    def clean_payer_id_number(self):
        if not self.cleaned_data["payer_id_number"] and not self.fields["payer_id_number"].required:
            return ""
        try:
            return identity.clean_id_number(self.cleaned_data["payer_id_number"])
        except ValueError:
            raise forms.ValidationError(_("Enter a valid 18-character resident ID number.")) from None

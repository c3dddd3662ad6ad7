from django import forms

from .models import AccountType


class BankAccountForm(forms.Form):
    holder_name = forms.CharField(max_length=100, label="Account holder")
    account_type = forms.ChoiceField(choices=AccountType.choices, initial=AccountType.CHECKING)
    routing_number = forms.CharField(max_length=9, min_length=9, label="Routing number (ABA)",
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    account_number = forms.CharField(max_length=17, label="Account number",
                                     widget=forms.PasswordInput(attrs={"autocomplete": "off"}))


class SettlementUploadForm(forms.Form):
    file = forms.FileField(label="Settlement file (CSV)")
    provider = forms.CharField(max_length=20, initial="sandbox")

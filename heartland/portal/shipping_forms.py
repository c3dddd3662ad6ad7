"""The farm's shipping form: service level (never cheaper than the shopper paid for), packages
with weights and dimensions, the AES ITN when EEI was filed. The service validates again."""
from __future__ import annotations

from decimal import Decimal

from django import forms


class ShipForm(forms.Form):
    service_level = forms.ChoiceField(label="Service level")
    aes_itn = forms.CharField(label="AES ITN", required=False, max_length=20,
                              help_text="Only when EEI was filed in AES: the letter X and 14 digits.",
                              widget=forms.TextInput(attrs={"placeholder": "X20260115123456",
                                                            "autocomplete": "off"}))

    def __init__(self, *args, levels: list[str], paid: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_level"].choices = [
            (level, f"{level} (what the shopper paid for)" if level == paid else f"{level} (upgrade at your cost)")
            for level in levels]


def _dim(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=Decimal("0.1"), max_digits=5, decimal_places=1)


class PackageForm(forms.Form):
    weight_kg = forms.DecimalField(label="Weight (kg)", min_value=Decimal("0.001"), max_digits=8, decimal_places=3)
    length_cm = _dim("Length (cm)")
    width_cm = _dim("Width (cm)")
    height_cm = _dim("Height (cm)")


PackageFormSet = forms.formset_factory(PackageForm, extra=3, max_num=10, absolute_max=10)

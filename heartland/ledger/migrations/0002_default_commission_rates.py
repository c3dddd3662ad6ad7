"""The commission rates Heartland opens with (operators change them in the admin, from a date)."""
import datetime
from decimal import Decimal

from django.db import migrations

RATES = [("default", Decimal("12.00")), ("agricultural", Decimal("8.00")), ("food", Decimal("10.00")),
         ("general", Decimal("12.00"))]


def seed(apps, schema_editor):
    CommissionRate = apps.get_model("ledger", "CommissionRate")
    for category, rate in RATES:
        CommissionRate.objects.get_or_create(category=category, effective_from=datetime.date(2024, 1, 1),
                                             defaults={"rate_percent": rate, "note": "opening rate"})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

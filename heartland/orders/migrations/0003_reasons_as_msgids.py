"""Reasons were stored as "English / 中文" and split when shown; they are now the English text
alone (the msgid), translated when shown. Rewrite the rows written the old way."""
import re

from django.db import migrations

BILINGUAL = re.compile(r"^(?P<en>.*?) / (?=[^/]*[\u4e00-\u9fff])")


def english_half(apps, schema_editor):
    for name in ("Order", "MerchantOrder", "OrderEvent"):
        model = apps.get_model("orders", name)
        for pk, reason in model.objects.filter(reason__contains=" / ").values_list("pk", "reason").iterator():
            match = BILINGUAL.match(reason)
            if match:
                model.objects.filter(pk=pk).update(reason=match.group("en"))


class Migration(migrations.Migration):

    dependencies = [
        ("orders", "0002_orderevent_state_change_shape"),
    ]

    operations = [
        migrations.RunPython(english_half, migrations.RunPython.noop),
    ]

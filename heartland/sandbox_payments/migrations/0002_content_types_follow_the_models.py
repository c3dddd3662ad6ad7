"""The moved models keep their content types (and so the permissions and admin history that
point at them): ``payments.sandboxtrade`` / ``payments.sandboxrefund`` become
``sandbox_payments.…``. Where the new ones already exist (a database migrated before this step),
the old ones are left for ``manage.py remove_stale_contenttypes``."""
from django.db import migrations

MODELS = ("sandboxtrade", "sandboxrefund")


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not content_type.objects.using(db).filter(app_label=new, model=model).exists():
            content_type.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "payments", "sandbox_payments")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "sandbox_payments", "payments")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("sandbox_payments", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

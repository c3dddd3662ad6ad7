"""MerchantStatusChange takes the shared audit-row shape (core.models.StateChange): it gains
``event`` — who caused the change, ``member`` or ``operator``. Rows written before it are
filled from the workflow table: a member starts and submits an application, an operator
decides it (and onboards merchants directly)."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_event(apps, schema_editor):
    Change = apps.get_model("merchants", "MerchantStatusChange")
    Change.objects.filter(to_status__in=["approved", "rejected"]).update(event="operator")
    Change.objects.filter(to_status__in=["draft", "submitted"]).update(event="member")
    Change.objects.filter(from_status="", reason="onboarded by an operator").update(event="operator")


class Migration(migrations.Migration):

    dependencies = [
        ("merchants", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="merchantstatuschange",
            name="event",
            field=models.CharField(default="", help_text="What caused it: a person's role, a notice, a task.",
                                   max_length=120),
            preserve_default=False,
        ),
        migrations.RunPython(fill_event, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="merchantstatuschange",
            name="by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
    ]

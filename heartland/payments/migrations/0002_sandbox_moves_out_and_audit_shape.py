"""The sandbox gateway's records move to the ``sandbox_payments`` app — in Django's state only:
their tables (``payments_sandboxtrade``, ``payments_sandboxrefund``) stay as they are, with
their rows, and ``sandbox_payments`` 0001 takes them over. ``PaymentStatusChange`` takes the
shared audit-row shape (``core.models.StateChange``): ``actor`` is renamed ``event``."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SandboxRefund"),
                migrations.DeleteModel(name="SandboxTrade"),
            ],
            database_operations=[],
        ),
        migrations.RenameField(model_name="paymentstatuschange", old_name="actor", new_name="event"),
        migrations.AlterField(
            model_name="paymentstatuschange",
            name="event",
            field=models.CharField(help_text="What caused it: a person's role, a notice, a task.", max_length=120),
        ),
        migrations.AlterModelOptions(name="paymentstatuschange", options={"ordering": ["at", "id"]}),
    ]

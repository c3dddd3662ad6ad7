"""The sandbox gateway's records, taken over from the payments app with their tables and rows
(state only: nothing is created in the database)."""
from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("payments", "0002_sandbox_moves_out_and_audit_shape"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="SandboxTrade",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("app_id", models.CharField(max_length=64)),
                        ("out_trade_no", models.CharField(max_length=64)),
                        ("trade_no", models.CharField(max_length=64, unique=True)),
                        ("cashier_token", models.CharField(max_length=64, unique=True)),
                        ("subject", models.CharField(blank=True, max_length=256)),
                        ("total_amount", models.DecimalField(decimal_places=2, default=Decimal("0"), max_digits=14)),
                        ("currency", models.CharField(blank=True, max_length=3)),
                        ("status", models.CharField(choices=[("WAIT_BUYER_PAY", "waiting for the buyer"), ("TRADE_SUCCESS", "paid"), ("TRADE_FAILED", "declined"), ("TRADE_CLOSED", "closed")], default="WAIT_BUYER_PAY", max_length=20)),
                        ("notify_url", models.CharField(blank=True, max_length=500)),
                        ("return_url", models.CharField(blank=True, max_length=500)),
                        ("time_expire", models.DateTimeField(blank=True, null=True)),
                        ("orderer_name", models.CharField(blank=True, max_length=60)),
                        ("orderer_id_number_encrypted", models.TextField(blank=True)),
                        ("payer_name", models.CharField(blank=True, max_length=60)),
                        ("payer_id_number_encrypted", models.TextField(blank=True)),
                        ("buyer_id", models.CharField(blank=True, max_length=32)),
                        ("fail_reason", models.CharField(blank=True, max_length=64)),
                        ("refunded_amount", models.DecimalField(decimal_places=2, default=Decimal("0"), max_digits=14)),
                        ("gmt_create", models.DateTimeField(auto_now_add=True)),
                        ("gmt_payment", models.DateTimeField(blank=True, null=True)),
                        ("gmt_close", models.DateTimeField(blank=True, null=True)),
                        ("notify_id", models.CharField(blank=True, max_length=64)),
                        ("notice_acknowledged_at", models.DateTimeField(blank=True, null=True)),
                        ("notice_attempts", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "verbose_name": "sandbox gateway trade",
                        "db_table": "payments_sandboxtrade",
                        "constraints": [models.UniqueConstraint(fields=("app_id", "out_trade_no"), name="payments_sandbox_trade_unique")],
                    },
                ),
                migrations.CreateModel(
                    name="SandboxRefund",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("out_request_no", models.CharField(max_length=64)),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=14)),
                        ("reason", models.CharField(blank=True, max_length=256)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("trade", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="refunds", to="sandbox_payments.sandboxtrade")),
                    ],
                    options={
                        "verbose_name": "sandbox gateway refund",
                        "db_table": "payments_sandboxrefund",
                        "constraints": [models.UniqueConstraint(fields=("trade", "out_request_no"), name="payments_sandbox_refund_unique")],
                    },
                ),
            ],
        ),
    ]

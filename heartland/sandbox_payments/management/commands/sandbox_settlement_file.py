"""manage.py sandbox_settlement_file [--date YYYY-MM-DD] [--out FILE] — the sandbox provider's
daily settlement CSV (default: yesterday, Beijing time; to stdout)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from heartland.payments.wire import BEIJING
from heartland.sandbox_payments.settlement import settlement_csv


class Command(BaseCommand):
    help = "Write the sandbox provider's settlement file for a day (the trades paid that day, Beijing time)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, default=None)
        parser.add_argument("--out", type=Path, default=None)
        parser.add_argument("--rate", action="append", default=[], help="CCY=RATE (units per US dollar)")

    def handle(self, *args, date=None, out=None, rate=(), **options):
        day = date or (timezone.now().astimezone(BEIJING).date() - timedelta(days=1))
        try:
            rates = {k.upper(): Decimal(v) for k, v in (r.split("=", 1) for r in rate)}
            text = settlement_csv(day, rates=rates)
        except (ValueError, ArithmeticError) as exc:
            raise CommandError(str(exc)) from None
        if out:
            out.write_text(text, encoding="utf-8")
            self.stdout.write(f"{out}: {text.count(chr(10)) - 1} trade(s) settled on {day}")
        else:
            self.stdout.write(text, ending="")

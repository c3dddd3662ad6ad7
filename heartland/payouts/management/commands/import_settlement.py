"""manage.py import_settlement FILE — reconcile the provider's settlement file and post it."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from heartland.core.errors import DomainError
from heartland.payouts import services


class Command(BaseCommand):
    help = "Import the payment provider's daily settlement CSV: match every trade, post it, list differences."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--provider", default="sandbox")

    def handle(self, *args, file: Path, provider: str, **options):
        try:
            imp, created = services.import_settlement(content=file.read_bytes(), file_name=file.name,
                                                      provider=provider)
        except (OSError, DomainError) as exc:
            raise CommandError(str(exc)) from None
        if not created:
            self.stdout.write(f"Already imported (import {imp.pk} on {imp.imported_at:%Y-%m-%d %H:%M}): nothing changed.")
        self.stdout.write(f"Import {imp.pk}: {imp.rows} row(s), {imp.matched} matched, {imp.differences} difference(s)")
        for d in imp.difference_rows.all():
            self.stdout.write(f"  {d.get_kind_display()}: {d.trade_id or '-'} — {d.detail}")

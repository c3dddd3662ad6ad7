import csv

from django.core.management.base import BaseCommand, CommandError

from heartland.core.errors import DomainError
from heartland.merchants.services import APPLICATION_FIELDS, onboard_merchant

TRUE = {"true", "yes", "1", "y"}
FALSE = {"false", "no", "0", "n", ""}


class Command(BaseCommand):
    help = ("Create many merchants and owner accounts from a CSV with columns slug,name,email,state "
            "[,approved,legal_name,ein,address_line1,city,zip_code,contact_name,contact_phone,kind,story]. "
            "Bad rows are reported and skipped; good rows are kept. Exit 0 when the file was read, 2 when it could not be.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **o):
        try:
            f = open(o["file"], encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CommandError(f"Cannot open {o['file']}: {exc.strerror}", returncode=2)
        created = 0
        bad: list[str] = []
        with f:
            try:
                reader = csv.DictReader(f)
                fields = [h.strip().lower() for h in (reader.fieldnames or [])]
                missing = {"slug", "name", "email", "state"} - set(fields)
                if missing:
                    raise CommandError(f"The header needs the columns {', '.join(sorted(missing))}.", returncode=2)
                reader.fieldnames = fields
                for row in reader:
                    line = reader.line_num
                    row = {k: (v or "").strip() for k, v in row.items() if k}
                    approved_text = row.get("approved", "").lower()
                    if approved_text not in TRUE | FALSE:
                        bad.append(f"row {line}: approved must be true or false, got '{row['approved']}'")
                        continue
                    extra = {k: row[k] for k in APPLICATION_FIELDS if row.get(k) and k not in ("trading_name", "state")}
                    try:
                        onboard_merchant(slug=row["slug"], name=row["name"], email=row["email"], state=row["state"],
                                         approved=approved_text in TRUE, extra=extra)
                        created += 1
                    except DomainError as exc:
                        bad.append(f"row {line}: {exc.message}")
            except UnicodeDecodeError:
                raise CommandError("The file is not UTF-8 text; save it as CSV UTF-8.", returncode=2)
            except csv.Error as exc:
                raise CommandError(f"The file is not valid CSV: {exc}", returncode=2)
        self.stdout.write(f"Merchants created: {created}; rows rejected: {len(bad)}")
        for line in bad:
            self.stdout.write(f"  {line}")

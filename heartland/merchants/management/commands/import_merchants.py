import csv

from django.core.management.base import BaseCommand, CommandError

from heartland.core.errors import DomainError
from heartland.merchants.services import APPLICATION_FIELDS, REQUIRED_TO_SUBMIT, ApplicationIncomplete, onboard_merchant

TRUE = {"true", "yes", "1", "y"}
FALSE = {"false", "no", "0", "n", ""}


# What an approved row needs besides slug, name, email and state (and legal_name and kind,
# which have defaults).
NEEDED_TO_APPROVE = [f for f in REQUIRED_TO_SUBMIT
                     if f not in ("legal_name", "trading_name", "state", "contact_email", "kind")]
# The file's columns for the application fields it fills under another name.
COLUMN = {"trading_name": "name", "contact_email": "email"}


def _problems(line: int, exc: DomainError, columns: set[str]) -> list[str]:
    """'row N, column: reason' for each thing wrong with a row."""
    def column(field: str) -> str:
        return field if field in columns else COLUMN.get(field, field)

    if isinstance(exc, ApplicationIncomplete):
        return [f"row {line}, {column(field)}: {reason}" for field, reason in exc.problems.items()]
    if exc.field:
        return [f"row {line}, {column(exc.field)}: {exc.message.removeprefix(f'{exc.field}: ')}"]
    return [f"row {line}: {exc.message}"]


class Command(BaseCommand):
    help = (
        "Create many merchants and owner accounts from a CSV with columns slug,name,email,state "
        "[,approved,legal_name,ein,address_line1,city,zip_code,contact_name,contact_phone,kind,story]. "
        "A row with approved=true must meet the same rule as an approval in the admin, a complete "
        f"application: it needs {', '.join(NEEDED_TO_APPROVE)} too (legal_name defaults to name, kind to farm). "
        "A row that breaks any rule is reported as 'row N, column: reason' and not written at all "
        "(no merchant, no owner account), never imported half-way or as pending; fix it and import "
        "it again (merchants that already exist are reported and left as they are). Good rows are kept. "
        "Exit 0 when the file was read, 2 when it could not be."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **o):
        try:
            f = open(o["file"], encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CommandError(f"Cannot open {o['file']}: {exc.strerror}", returncode=2)
        approved = pending = rejected = 0
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
                        bad.append(f"row {line}, approved: must be true or false, got '{row['approved']}'")
                        rejected += 1
                        continue
                    extra = {k: row[k] for k in APPLICATION_FIELDS if row.get(k) and k not in ("trading_name", "state")}
                    try:
                        merchant, _, _ = onboard_merchant(
                            slug=row["slug"], name=row["name"], email=row["email"], state=row["state"],
                            approved=approved_text in TRUE, extra=extra, require_complete=True)
                    except DomainError as exc:
                        bad.extend(_problems(line, exc, set(fields)))
                        rejected += 1
                        continue
                    if merchant.is_approved:
                        approved += 1
                    else:
                        pending += 1
            except UnicodeDecodeError:
                raise CommandError("The file is not UTF-8 text; save it as CSV UTF-8.", returncode=2)
            except csv.Error as exc:
                raise CommandError(f"The file is not valid CSV: {exc}", returncode=2)
        self.stdout.write(f"Merchants created: {approved + pending} ({approved} approved, {pending} pending); "
                          f"rows rejected: {rejected}")
        for line in bad:
            self.stdout.write(f"  {line}")

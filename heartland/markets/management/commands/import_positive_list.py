from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from heartland.core.errors import DomainError
from heartland.markets.rules_in_force import replace_positive_list


class Command(BaseCommand):
    help = ("Replace China's CBEC positive list in full from a CSV with columns hs_code,description,remark "
            "(remark: empty, bonded_only, or a yearly cap like cap_per_person_year=2kg). The whole file is "
            "checked first; any bad line refuses it and the list in force stays.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--name", default="", help="edition name shown to operators (default: the file's "
                                                       "'# edition:' line or its name)")

    def handle(self, *args, **o):
        path = Path(o["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=2)
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text; nothing changed.", returncode=2)
        try:
            edition = replace_positive_list(text=text, name=o["name"], source_name=path.name)
        except DomainError as exc:
            raise CommandError(f"{exc.message}\nNothing changed: the list in force stays.", returncode=2)
        self.stdout.write(f"Positive list in force: {edition.name} ({edition.lines} lines).")

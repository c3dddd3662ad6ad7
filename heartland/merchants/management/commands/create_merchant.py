from django.core.management.base import BaseCommand, CommandError

from heartland.core.errors import DomainError
from heartland.merchants.services import onboard_merchant

# Application fields beyond slug, name, e-mail and state, as --legal-name, --ein, …
EXTRA = ("legal_name", "ein", "address_line1", "city", "zip_code", "contact_name", "contact_phone", "kind")


class Command(BaseCommand):
    help = ("Create a merchant and its owner account (operator onboarding from a partner programme). "
            "--approved approves at once and, as in the admin, needs a complete application: "
            "--ein, --address-line1, --city, --zip-code, --contact-name and --contact-phone.")

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True, help="trading name")
        parser.add_argument("--email", required=True, help="the owner's e-mail; an account is made if none exists")
        parser.add_argument("--state", required=True, help="US state code, e.g. WI")
        for field in EXTRA:
            parser.add_argument(f"--{field.replace('_', '-')}", dest=field, default="")
        parser.add_argument("--approved", action="store_true", help="approve at once (needs a complete application)")

    def handle(self, *args, **o):
        try:
            merchant, owner, created = onboard_merchant(
                slug=o["slug"], name=o["name"], email=o["email"], state=o["state"], approved=o["approved"],
                extra={field: o[field] for field in EXTRA if o[field]}, require_complete=True)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2)
        self.stdout.write(
            f"Created merchant '{merchant.slug}' ({merchant.get_status_display().lower()}), owner {owner.email}"
            + (" (new account: they set a password with 'Forgot password?')" if created else " (existing account)")
        )

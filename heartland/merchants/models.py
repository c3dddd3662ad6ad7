from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from localflavor.us.models import USStateField, USZipCodeField
from localflavor.us.us_states import STATE_CHOICES

from heartland.core.models import StateChange


class MerchantKind(models.TextChoices):
    FARM = "farm", "Farm or ranch"
    FOOD_MAKER = "food_maker", "Food maker"
    CRAFT = "craft", "Craft maker"
    SERVICES = "services", "Services"
    OTHER = "other", "Other"


class _StateChoices(BaseChoiceIterator):
    """localflavor's STATE_CHOICES, sorted and translated once per language: the lazy original
    sorts its ~60 translated names again on every use (milliseconds per get_state_display())."""

    def __init__(self) -> None:
        self._by_language: dict[str | None, tuple[tuple[str, str], ...]] = {}

    def __iter__(self):
        language = translation.get_language()
        found = self._by_language.get(language)
        if found is None:
            found = self._by_language[language] = tuple((code, str(name)) for code, name in STATE_CHOICES)
        return iter(found)


class MerchantStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Merchant(models.Model):
    """A US business selling on Heartland; only an approved one publishes."""

    slug = models.SlugField(max_length=60, unique=True)
    legal_name = models.CharField(max_length=200)
    trading_name = models.CharField(max_length=200)
    ein = models.CharField("EIN", max_length=10, blank=True, help_text="Stored as 12-3456789.")
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = USStateField()
    zip_code = USZipCodeField(blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=20, blank=True, help_text="E.164")
    kind = models.CharField(max_length=20, choices=MerchantKind.choices, default=MerchantKind.FARM)
    story = models.TextField(blank=True, help_text="A short story, shown on the merchant's page.")
    story_zh_hans = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=MerchantStatus.choices, default=MerchantStatus.DRAFT, db_index=True)
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="merchants")

    class Meta:
        ordering = ["trading_name"]

    def __str__(self) -> str:
        return self.trading_name

    @property
    def is_approved(self) -> bool:
        return self.status == MerchantStatus.APPROVED


Merchant._meta.get_field("state").choices = _StateChoices()  # not in migrations: USStateField leaves choices out


class MemberRole(models.TextChoices):
    OWNER = "owner", "Owner"
    STAFF = "staff", "Staff"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "merchant"], name="merchants_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.merchant} ({self.role})"


class MerchantStatusChange(StateChange):
    """Audit row for every transition of the verification workflow."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=MerchantStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=MerchantStatus.choices)

    class Meta(StateChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.merchant}: {self.from_status or '∅'} → {self.to_status}"

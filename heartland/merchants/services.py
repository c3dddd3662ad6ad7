"""Writes for merchants: the application workflow and membership.

Every transition is checked against one table and recorded with who, when and why.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import IntegrityError, transaction
from django.utils.text import capfirst, slugify

from heartland.accounts.models import User
from heartland.core.errors import DomainError

from . import states
from .models import MemberRole, Membership, Merchant, MerchantKind, MerchantStatus, MerchantStatusChange
from .validators import normalize_ein, normalize_phone, normalize_state, normalize_zip

S = MerchantStatus
# An approved (or submitted) merchant may still edit its public story and contact.
ALWAYS_EDITABLE_FIELDS = frozenset({"story", "story_zh_hans", "contact_name", "contact_email", "contact_phone"})
APPLICATION_FIELDS = (
    "legal_name", "trading_name", "ein", "address_line1", "address_line2", "city", "state",
    "zip_code", "contact_name", "contact_email", "contact_phone", "kind", "story", "story_zh_hans",
)
REQUIRED_TO_SUBMIT = (
    "legal_name", "trading_name", "ein", "address_line1", "city", "state", "zip_code",
    "contact_name", "contact_email", "contact_phone", "kind",
)


def clean_application(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Normalize application fields; raise ValidationError({field: message}) on bad input."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    normalizers = {
        "ein": normalize_ein,
        "state": normalize_state,
        "zip_code": normalize_zip,
        "contact_phone": normalize_phone,
    }
    for field in APPLICATION_FIELDS:
        if field not in data:
            continue
        value = data[field]
        value = "" if value is None else str(value).strip()
        if value and field in normalizers:
            try:
                value = normalizers[field](value)
            except ValidationError as exc:
                errors[field] = exc.messages
                continue
        if value and field == "contact_email":
            try:
                validate_email(value)
            except ValidationError:
                errors[field] = ["Enter a valid e-mail address."]
                continue
        if value and field == "kind" and value not in MerchantKind.values:
            errors[field] = [f"Choose one of: {', '.join(MerchantKind.values)}."]
            continue
        max_length = Merchant._meta.get_field(field).max_length
        if max_length and len(value) > max_length:
            errors[field] = [f"At most {max_length} characters."]
            continue
        cleaned[field] = value
    if not partial:
        for field in ("legal_name", "trading_name", "state"):
            if not cleaned.get(field) and field not in errors:
                errors[field] = ["This field is required."]
    if errors:
        raise ValidationError(errors)
    return cleaned


class ApplicationIncomplete(DomainError):
    """An application misses fields it needs to be submitted or approved; ``problems`` is
    {field: reason} for every one of them (``field`` is the first)."""

    def __init__(self, problems: dict[str, str], *, doing: str) -> None:
        names = ", ".join(Merchant._meta.get_field(f).verbose_name for f in problems)
        super().__init__("incomplete", f"Complete these before {doing}: {names}.", field=next(iter(problems)))
        self.problems = problems


def approval_problems(merchant: Merchant) -> dict[str, str]:
    """The one rule an application meets before review and approval: every field of
    REQUIRED_TO_SUBMIT filled (their formats are checked on every write by clean_application).

    Returns {field: reason}, empty when the merchant may be submitted or approved. A member's
    submission, an operator's approval in the admin and an approved row of a merchant file
    all ask this."""
    return {
        field: f"{capfirst(Merchant._meta.get_field(field).verbose_name)} is required to approve a merchant."
        for field in REQUIRED_TO_SUBMIT if not getattr(merchant, field)
    }


def _require_complete(merchant: Merchant, *, doing: str) -> None:
    problems = approval_problems(merchant)
    if problems:
        raise ApplicationIncomplete(problems, doing=doing)


def _unique_slug(base: str) -> str:
    root = slugify(base)[:50] or "merchant"
    slug, n = root, 2
    while Merchant.objects.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


def _record(merchant: Merchant, *, from_status: str, to_status: str, event: str, by: User | None,
            reason: str = "") -> None:
    MerchantStatusChange.objects.create(
        merchant=merchant, from_status=from_status, to_status=to_status, event=event, by=by, reason=reason
    )


@transaction.atomic
def create_application(*, user: User, data: dict[str, Any]) -> Merchant:
    """A signed-in person starts an application; they become its owner."""
    cleaned = clean_application(data)
    merchant = Merchant.objects.create(slug=_unique_slug(cleaned["trading_name"]), status=S.DRAFT, **cleaned)
    Membership.objects.create(user=user, merchant=merchant, role=MemberRole.OWNER)
    _record(merchant, from_status="", to_status=S.DRAFT, event=states.MEMBER, by=user, reason="application started")
    return merchant


@transaction.atomic
def update_application(*, merchant: Merchant, by: User, data: dict[str, Any]) -> Merchant:
    merchant = Merchant.objects.select_for_update().get(pk=merchant.pk)
    cleaned = clean_application(data, partial=True)
    if merchant.status not in states.EDITABLE:
        # An approved merchant may still edit its public story and contact.
        locked = set(cleaned) - ALWAYS_EDITABLE_FIELDS
        if locked:
            raise DomainError("locked", "A submitted or approved application's business details cannot change; "
                              "contact Heartland operations.")
    for field, value in cleaned.items():
        setattr(merchant, field, value)
    merchant.save()
    return merchant


def _transition(merchant: Merchant, *, to: str, by: User | None, reason: str = "", actor: str,
                require_complete: bool = False) -> Merchant:
    with transaction.atomic():
        merchant = Merchant.objects.select_for_update().get(pk=merchant.pk)
        current = merchant.status
        try:
            states.WORKFLOW.check(current, to, actor)
        except states.IllegalTransition as exc:
            if exc.kind == "no_such_transition":
                raise DomainError("bad_transition", f"An application that is {current} cannot become {to}.") from None
            who = "an operator" if actor == states.MEMBER else "a member"
            raise DomainError("not_allowed", f"Only {who} can do this.") from None
        if require_complete:
            _require_complete(merchant, doing="approving")
        merchant.status = to
        if to == S.REJECTED:
            merchant.rejection_reason = reason
        elif to == S.APPROVED:
            merchant.rejection_reason = ""
        merchant.save(update_fields=["status", "rejection_reason", "updated_at"])
        _record(merchant, from_status=current, to_status=to, event=actor, by=by, reason=reason)
    return merchant


def submit_application(*, merchant: Merchant, by: User) -> Merchant:
    _require_complete(merchant, doing="submitting")
    if not Membership.objects.filter(merchant=merchant, user=by).exists():
        raise DomainError("not_member", "Only a member of this business can submit its application.")
    return _transition(merchant, to=S.SUBMITTED, by=by, actor=states.MEMBER)


def _require_operator(by: User | None) -> None:
    if by is not None and not by.is_staff:
        raise DomainError("not_operator", "Only Heartland operators can approve or reject merchants.")


def approve_merchant(*, merchant: Merchant, by: User | None, reason: str = "",
                     require_complete: bool = False) -> Merchant:
    """An operator approves. With ``require_complete`` (the admin, merchant files) the
    application must meet approval_problems, checked under the row lock, or ApplicationIncomplete
    is raised and nothing changes."""
    _require_operator(by)
    return _transition(merchant, to=S.APPROVED, by=by, reason=reason, actor=states.OPERATOR,
                       require_complete=require_complete)


def reject_merchant(*, merchant: Merchant, by: User | None, reason: str) -> Merchant:
    _require_operator(by)
    if not (reason or "").strip():
        raise DomainError("reason_required", "Say why the application is rejected; the merchant will read it.")
    return _transition(merchant, to=S.REJECTED, by=by, reason=reason.strip(), actor=states.OPERATOR)


@transaction.atomic
def onboard_merchant(
    *, slug: str, name: str, email: str, state: str, approved: bool = False, by: User | None = None,
    extra: dict[str, Any] | None = None, require_complete: bool = False,
) -> tuple[Merchant, User, bool]:
    """Create a merchant and its owner account in one go (operator onboarding).

    Returns (merchant, owner, owner_was_created). Raises DomainError on any bad value
    and writes nothing in that case. With ``approved`` and ``require_complete`` (merchant files,
    ``create_merchant``) the merchant must meet the admin's approval rule, approval_problems;
    if it does not, ApplicationIncomplete names every missing field and nothing is written.
    The synthetic seeds (seed_bulk, the benchmarks) approve minimal merchants without it.
    """
    try:
        validate_slug(slug)
    except ValidationError:
        raise DomainError("slug", f"'{slug}' is not a valid slug (letters, digits, hyphens).", field="slug")
    if Merchant.objects.filter(slug=slug).exists():
        raise DomainError("slug_taken", f"A merchant with slug '{slug}' already exists.", field="slug")
    data = {"trading_name": name, "legal_name": (extra or {}).get("legal_name") or name, "state": state,
            "contact_email": email, **(extra or {})}
    try:
        cleaned = clean_application(data)
        validate_email(email)
    except ValidationError as exc:
        if hasattr(exc, "message_dict"):
            field, messages = next(iter(exc.message_dict.items()))
            raise DomainError("invalid", f"{field}: {' '.join(messages)}", field=field)
        raise DomainError("invalid", f"email: '{email}' is not a valid e-mail address.", field="email")
    user = User.objects.filter(email__iexact=email).first()
    created_user = user is None
    if created_user:
        user = User.objects.create_user(email=email, password=None, full_name=cleaned.get("contact_name", ""))
    try:
        merchant = Merchant.objects.create(slug=slug, status=S.DRAFT, **cleaned)
    except IntegrityError:
        raise DomainError("slug_taken", f"A merchant with slug '{slug}' already exists.", field="slug")
    Membership.objects.create(user=user, merchant=merchant, role=MemberRole.OWNER)
    _record(merchant, from_status="", to_status=S.DRAFT, event=states.OPERATOR, by=by,
            reason="onboarded by an operator")
    if approved:
        merchant = approve_merchant(merchant=merchant, by=by, reason="approved at onboarding",
                                    require_complete=require_complete)
    return merchant, user, created_user

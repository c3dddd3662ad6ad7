"""The landed-cost rules in force: the shipped data, plus the operator's positive list."""
from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from heartland.core.errors import DomainError
from heartland.landedcost import PositiveListError, RuleSet, default_rules, load_rules, parse_positive_list

from .models import PositiveListEdition

_CACHE_KEY = "markets:positive_list_edition"
_CACHE_SECONDS = 30


def _active_edition_id() -> int:
    """Id of the edition in force (0: the shipped list), cached briefly across requests."""
    found = cache.get(_CACHE_KEY)
    if found is None:
        edition = PositiveListEdition.objects.filter(is_active=True).order_by("-uploaded_at", "-id").first()
        found = edition.pk if edition else 0
        cache.set(_CACHE_KEY, found, _CACHE_SECONDS)
    return found


def active_rules() -> RuleSet:
    """The RuleSet every price uses. The operator's edition is written to a local file once per
    machine (the database is the source of truth) and loaded once per process."""
    edition_id = _active_edition_id()
    if not edition_id:
        return default_rules()
    path = Path(settings.VAR_DIR) / "positive_lists" / f"edition-{edition_id}.csv"
    if not path.exists():
        edition = PositiveListEdition.objects.filter(pk=edition_id).first()
        if edition is None:
            cache.delete(_CACHE_KEY)
            return default_rules()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(edition.content, encoding="utf-8")
        tmp.replace(path)
    return load_rules(positive_list=path)


def replace_positive_list(*, text: str, name: str = "", source_name: str = "upload", by=None) -> PositiveListEdition:
    """Validate the whole list and make it the one in force; a bad file changes nothing."""
    try:
        plist = parse_positive_list(text, source_name=source_name)
    except PositiveListError as exc:
        raise DomainError("positive_list_invalid", str(exc)) from None
    with transaction.atomic():
        PositiveListEdition.objects.filter(is_active=True).update(is_active=False)
        edition = PositiveListEdition.objects.create(name=name or plist.edition, content=text, lines=len(plist),
                                                     uploaded_by=by, is_active=True)
        cache.delete(_CACHE_KEY)  # now for this process, and again once committed for everyone
        transaction.on_commit(lambda: cache.delete(_CACHE_KEY))
    return edition


def restore_shipped_positive_list() -> None:
    PositiveListEdition.objects.filter(is_active=True).update(is_active=False)
    cache.delete(_CACHE_KEY)

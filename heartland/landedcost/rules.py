"""Loading, validating and caching the rule data files (``heartland/landedcost/data``).

* :func:`load_rules` reads a data directory (and optionally an operator's positive-list CSV),
  validates every file and returns a :class:`RuleSet`. Results are cached per (directory,
  positive list) for the life of the process; :func:`clear_rules_cache` forgets them.
* :func:`default_rules` is the shipped data, loaded once.
* ``RuleSet.at(day)`` resolves the versions in force on ``day`` into a :class:`Snapshot` (cached per
  day) whose look-ups are plain dicts — that is what the engine uses on every quote.

A bad file raises :class:`~heartland.landedcost.types.RuleDataError` naming the file and the key.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .money import DecimalParseError, parse_decimal
from .positive_list import PositiveList, PositiveListError, load_positive_list
from .types import MARKETS, TAX_CATEGORIES, Rule, RuleDataError

__all__ = [
    "DATA_DIR",
    "AdditionalDuty",
    "MarketData",
    "PositiveListError",
    "Prohibition",
    "RuleSet",
    "ShippingRate",
    "ShippingTable",
    "Snapshot",
    "Tariff",
    "TariffEntry",
    "Treatment",
    "Version",
    "clear_rules_cache",
    "default_rules",
    "in_force",
    "load_rules",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
POSITIVE_LIST_FILE = "positive_list_cn.csv"
MARKET_FILES: dict[str, str] = {
    "CN": "cn_cbec.yaml", "HK": "hk.yaml", "JP": "jp.yaml", "KR": "kr.yaml", "SG": "sg.yaml",
}
ZERO = Decimal(0)
ONE = Decimal(1)
MAX_RATE = Decimal(10)

# kind of every parameter, per file; a file must define exactly these (typos are errors).
PARAM_SCHEMA: dict[str, dict[str, str]] = {
    "cn_cbec.yaml": {
        "order_limit": "amount", "annual_limit": "amount", "duty_within_limits": "rate",
        "tax_factor": "rate", "single_item_exception": "bool", "limit_basis": "basis",
        "taxable_price": "text", "apportionment": "text", "ct_threshold_basis": "basis",
    },
    "hk.yaml": {
        "free_port": "rate", "customs_value": "text", "spirits_duty_rate": "rate",
        "spirits_abv_threshold": "amount", "fermented_hs_prefixes": "hs_prefixes",
    },
    "jp.yaml": {
        "personal_use_value_factor": "rate", "freight_in_customs_value": "bool",
        "small_value_exemption": "amount", "exemption_excluded_hs_prefixes": "hs_prefixes",
    },
    "kr.yaml": {
        "us_threshold_usd": "amount", "other_threshold_usd": "amount", "threshold_basis": "basis",
        "customs_value": "text", "supplement_max_units": "count",
    },
    "sg.yaml": {"gst_rate": "rate", "lvg_threshold": "amount", "gst_base": "text", "duty_scope": "text"},
    "us_export.yaml": {"eei_threshold_usd": "amount"},
}
#: parameters that may lapse (no version in force → the rule simply does not apply)
OPTIONAL_PARAMS = frozenset({"small_value_exemption"})
BASES = ("taxable_price", "goods")
TARIFF_FIELDS = ("duty", "duty_by_origin", "vat", "ct", "ct_threshold", "ct_specific")
THRESHOLD_KEYS = ("g", "ml", "piece", "unit")
_META_KEYS = frozenset({"source", "effective_from", "effective_to", "unconfirmed", "note"})


# --------------------------------------------------------------------------- value parsing


def _fail(file: str, key: str, problem: str) -> RuleDataError:
    return RuleDataError(file, key, problem)


def _decimal(file: str, key: str, raw: Any) -> Decimal:
    if isinstance(raw, float):
        raise _fail(file, key, f"{raw!r} is a YAML float: quote decimal values, e.g. \"{raw!r}\"")
    try:
        return parse_decimal(raw)
    except DecimalParseError as exc:
        raise _fail(file, key, str(exc)) from None


def _rate(file: str, key: str, raw: Any) -> Decimal:
    value = _decimal(file, key, raw)
    if value < 0 or value > MAX_RATE:
        raise _fail(file, key, f"rate {value} out of range 0..{MAX_RATE} (0.13 means 13%)")
    return value


def _amount(file: str, key: str, raw: Any) -> Decimal:
    value = _decimal(file, key, raw)
    if value < 0:
        raise _fail(file, key, f"amount {value} is negative")
    return value


def _date(file: str, key: str, raw: Any) -> date:
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise _fail(file, key, f"not a date (YYYY-MM-DD): {raw!r}")


def _text(file: str, key: str, raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise _fail(file, key, "expected non-empty text")
    return raw.strip()


def _bool(file: str, key: str, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise _fail(file, key, f"expected true or false, got {raw!r}")
    return raw


def _hs_prefix(file: str, key: str, raw: Any, lengths: tuple[int, ...] = (2, 4, 6, 8, 10)) -> str:
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit() or len(raw) not in lengths:
        digits = "/".join(map(str, lengths))
        raise _fail(file, key, f"HS code/prefix must be a quoted string of {digits} digits, got {raw!r}")
    return raw


def _convert(file: str, key: str, raw: Any, kind: str) -> Any:
    if raw is None:
        raise _fail(file, key, "missing value")
    if kind == "amount":
        return _amount(file, key, raw)
    if kind == "rate":
        return _rate(file, key, raw)
    if kind == "bool":
        return _bool(file, key, raw)
    if kind == "text":
        return _text(file, key, raw)
    if kind == "basis":
        text = _text(file, key, raw)
        if text not in BASES:
            raise _fail(file, key, f"expected one of {', '.join(BASES)}, got {text!r}")
        return text
    if kind == "count":
        value = _decimal(file, key, raw)
        if value != value.to_integral_value() or value < 0:
            raise _fail(file, key, f"expected a whole number ≥ 0, got {raw!r}")
        return int(value)
    if kind == "hs_prefixes":
        if not isinstance(raw, list) or not raw:
            raise _fail(file, key, "expected a non-empty list of HS prefixes")
        return tuple(_hs_prefix(file, f"{key}[{i}]", item) for i, item in enumerate(raw))
    raise AssertionError(kind)  # pragma: no cover


def _display(value: Any, kind: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, Mapping):
        return ";".join(f"{k}={_display(v, kind)}" for k, v in value.items())
    return str(value)


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _meta(file: str, key: str, raw: Mapping[str, Any], *, rule_id: str, name: str,
          value: str | None, base: Rule | None = None) -> Rule:
    """Build a Rule from source/effective_from/… keys, inheriting missing ones from ``base``."""
    if base is None or "source" in raw:
        source = _text(file, f"{key}.source", raw.get("source"))
    else:
        source = base.source
    if base is None or "effective_from" in raw:
        effective_from = _date(file, f"{key}.effective_from", raw.get("effective_from"))
    else:
        effective_from = base.effective_from
    effective_to = base.effective_to if base is not None else None
    if raw.get("effective_to") is not None:
        effective_to = _date(file, f"{key}.effective_to", raw["effective_to"])
        if effective_from is not None and effective_to <= effective_from:
            raise _fail(file, f"{key}.effective_to", "must be after effective_from")
    unconfirmed = base.unconfirmed if base is not None else False
    if "unconfirmed" in raw:
        unconfirmed = _bool(file, f"{key}.unconfirmed", raw["unconfirmed"]) or unconfirmed
    note = base.note if base is not None else None
    if raw.get("note") is not None:
        note = _text(file, f"{key}.note", raw["note"])
    return Rule(id=rule_id, name=name, source=source, effective_from=effective_from,
                effective_to=effective_to, unconfirmed=unconfirmed, value=value, note=note)


def _check_keys(file: str, key: str, raw: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise _fail(file, key, f"unknown key(s) {', '.join(map(str, unknown))}; allowed: {', '.join(sorted(allowed))}")


@dataclass(frozen=True, slots=True)
class Version:
    value: Any
    rule: Rule


def in_force(versions: tuple[Version, ...], day: date) -> Version | None:
    """The version in force on ``day``: effective_from ≤ day < effective_to, latest start wins."""
    best: Version | None = None
    for version in versions:
        rule = version.rule
        if rule.effective_from is not None and rule.effective_from > day:
            continue
        if rule.effective_to is not None and day >= rule.effective_to:
            continue
        if best is None or (rule.effective_from or date.min) > (best.rule.effective_from or date.min):
            best = version
    return best


def _check_distinct_starts(file: str, key: str, versions: list[Version]) -> None:
    starts = [v.rule.effective_from for v in versions]
    if len(set(starts)) != len(starts):
        raise _fail(file, key, "two versions start on the same date")


def _param(file: str, key: str, raw: Any, kind: str, rule_id: str) -> tuple[Version, ...]:
    if not isinstance(raw, dict):
        raise _fail(file, key, "expected a mapping with name, value, source, effective_from")
    name = _text(file, f"{key}.name", raw.get("name"))
    if "versions" in raw:
        _check_keys(file, key, raw, frozenset({"name", "versions"}))
        items = raw["versions"]
        if not isinstance(items, list) or not items:
            raise _fail(file, f"{key}.versions", "expected a non-empty list")
        keyed = [(f"{key}.versions[{i}]", item) for i, item in enumerate(items)]
    else:
        keyed = [(key, raw)]
    versions = []
    for vkey, item in keyed:
        if not isinstance(item, dict):
            raise _fail(file, vkey, "expected a mapping")
        allowed = _META_KEYS | {"value"} | ({"name"} if vkey == key else set())
        _check_keys(file, vkey, item, frozenset(allowed))
        value = _convert(file, f"{vkey}.value", item.get("value"), kind)
        rule = _meta(file, vkey, item, rule_id=rule_id, name=name, value=_display(value, kind))
        versions.append(Version(value, rule))
    _check_distinct_starts(file, key, versions)
    return tuple(versions)


def _read_yaml(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(name, "", f"file not found in {directory}") from None
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise _fail(name, "", f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise _fail(name, "", "expected a mapping at the top level")
    return data


def _params(file: str, data: Mapping[str, Any], prefix: str) -> dict[str, tuple[Version, ...]]:
    schema = PARAM_SCHEMA[file]
    raw = data.get("params")
    if not isinstance(raw, dict):
        raise _fail(file, "params", "missing or not a mapping")
    unknown = sorted(set(raw) - set(schema))
    if unknown:
        raise _fail(file, f"params.{unknown[0]}", f"unknown parameter; expected {', '.join(schema)}")
    missing = [name for name in schema if name not in raw]
    if missing:
        raise _fail(file, f"params.{missing[0]}", "missing parameter")
    return {name: _param(file, f"params.{name}", raw[name], kind, f"{prefix}.{name}") for name, kind in schema.items()}


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True, slots=True)
class Prohibition:
    hs_code: str
    message_en: str
    message_zh: str
    rule: Rule


@dataclass(frozen=True, slots=True)
class AdditionalDuty:
    market: str
    origin: str
    rate: Decimal
    within_cbec_limits: bool
    above_cbec_limits: bool
    general: bool
    rule: Rule


@dataclass(frozen=True, slots=True)
class ShippingRate:
    market: str
    service_level: str
    first: Decimal
    additional: Decimal
    days_min: int
    days_max: int
    max_weight_g: Decimal
    rule: Rule


@dataclass(frozen=True, slots=True)
class ShippingTable:
    currency: str
    band_g: Decimal
    volumetric_divisor: Decimal
    rates: Mapping[str, Mapping[str, ShippingRate]]
    volumetric_rule: Rule


@dataclass(frozen=True, slots=True)
class TariffEntry:
    market: str
    hs: str | None
    category: str | None
    effective_from: date
    effective_to: date | None
    fields: Mapping[str, tuple[Any, Rule]]

    @property
    def key(self) -> str:
        return self.hs if self.hs is not None else f"category:{self.category}"


@dataclass(slots=True)
class Treatment:
    """Resolved rates for one (HS code, tax category, origin) in one market on one day."""

    duty_rate: Decimal | None
    duty_rules: tuple[Rule, ...]
    vat_rate: Decimal | None
    vat_rules: tuple[Rule, ...]
    ct_rate: Decimal
    ct_threshold: Mapping[str, Decimal] | None
    ct_specific: tuple[Decimal, Decimal] | None
    ct_rules: tuple[Rule, ...]
    ct_rules_below: tuple[Rule, ...]
    one_minus_ct: Decimal
    cache: dict[Any, Any] = field(default_factory=dict)


class Tariff:
    """Per-market tariff in force on one day. ``treatment()`` does the most-specific-prefix match
    (10, 8, 6, 4 digits, then the category, then ``*``) once per key and memoizes it."""

    __slots__ = ("market", "by_hs", "by_category", "_memo", "_lock")

    _MEMO_LIMIT = 100_000

    def __init__(self, market: str, by_hs: dict[str, TariffEntry], by_category: dict[str, TariffEntry]) -> None:
        self.market = market
        self.by_hs = by_hs
        self.by_category = by_category
        self._memo: dict[tuple[str, str, str], Treatment] = {}
        self._lock = threading.Lock()

    def chain(self, hs_code: str, category: str) -> list[TariffEntry]:
        entries: list[TariffEntry] = []
        for n in (10, 8, 6, 4):
            if len(hs_code) >= n:
                entry = self.by_hs.get(hs_code[:n])
                if entry is not None and entry not in entries:
                    entries.append(entry)
        for key in (category, "*"):
            entry = self.by_category.get(key)
            if entry is not None:
                entries.append(entry)
        return entries

    def treatment(self, hs_code: str, category: str, origin: str) -> Treatment:
        key = (hs_code, category, origin)
        found = self._memo.get(key)
        if found is not None:
            return found
        built = self._build(hs_code, category, origin)
        with self._lock:
            if len(self._memo) >= self._MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = built
        return built

    def _build(self, hs_code: str, category: str, origin: str) -> Treatment:
        chain = self.chain(hs_code, category)
        duty_rate: Decimal | None = None
        duty_rules: tuple[Rule, ...] = ()
        for entry in chain:
            by_origin = entry.fields.get("duty_by_origin")
            if by_origin is not None and origin in by_origin[0]:
                duty_rate, duty_rules = by_origin[0][origin], (by_origin[1],)
                break
            duty = entry.fields.get("duty")
            if duty is not None:
                duty_rate, duty_rules = duty[0], (duty[1],)
                break
        vat_rate: Decimal | None = None
        vat_rules: tuple[Rule, ...] = ()
        for entry in chain:
            vat = entry.fields.get("vat")
            if vat is not None:
                vat_rate, vat_rules = vat[0], (vat[1],)
                break
        ct_rate = ZERO
        threshold: Mapping[str, Decimal] | None = None
        specific: tuple[Decimal, Decimal] | None = None
        ct_rules: tuple[Rule, ...] = ()
        below: tuple[Rule, ...] = ()
        for entry in chain:
            group = [entry.fields.get(name) for name in ("ct", "ct_threshold", "ct_specific")]
            if any(item is not None for item in group):
                ct, thr, spec = group
                if ct is not None:
                    ct_rate = ct[0]
                if thr is not None:
                    threshold = thr[0]
                if spec is not None:
                    specific = spec[0]
                ct_rules = tuple(item[1] for item in group if item is not None)
                below = (thr[1],) if thr is not None else ()
                break
        return Treatment(
            duty_rate=duty_rate, duty_rules=duty_rules, vat_rate=vat_rate, vat_rules=vat_rules,
            ct_rate=ct_rate, ct_threshold=threshold, ct_specific=specific, ct_rules=ct_rules,
            ct_rules_below=below, one_minus_ct=ONE - ct_rate,
        )


# --------------------------------------------------------------------------- the rule set


@dataclass(frozen=True, slots=True)
class MarketData:
    market: str
    currency: str
    file: str
    edition: str
    params: Mapping[str, tuple[Version, ...]]
    prohibited: Mapping[str, tuple[Version, ...]]


class Snapshot:
    """Rules in force on one day, resolved into dicts. Built by ``RuleSet.at``; immutable except for
    the per-market engine configs cached in ``configs`` (built on first use)."""

    __slots__ = (
        "day", "ruleset", "currencies", "params", "tariffs", "additional", "prohibited",
        "embargoed", "positive_list", "positive_list_rule", "configs",
    )

    def __init__(self, ruleset: RuleSet, day: date) -> None:
        self.day = day
        self.ruleset = ruleset
        self.currencies = {m: data.currency for m, data in ruleset.markets.items()}
        self.params: dict[str, dict[str, tuple[Any, Rule]]] = {}
        for scope, params in [*((m, d.params) for m, d in ruleset.markets.items()), ("US", ruleset.us_params)]:
            resolved: dict[str, tuple[Any, Rule]] = {}
            for name, versions in params.items():
                version = in_force(versions, day)
                if version is not None:
                    resolved[name] = (version.value, version.rule)
            self.params[scope] = resolved
        self.tariffs: dict[str, Tariff] = {}
        for market, entries in ruleset.tariff_entries.items():
            by_key: dict[str, TariffEntry] = {}
            for entry in entries:
                if entry.effective_from > day or (entry.effective_to is not None and day >= entry.effective_to):
                    continue
                current = by_key.get(entry.key)
                if current is None or entry.effective_from > current.effective_from:
                    by_key[entry.key] = entry
            by_hs = {e.hs: e for e in by_key.values() if e.hs is not None}
            by_cat = {e.category: e for e in by_key.values() if e.category is not None}
            self.tariffs[market] = Tariff(market, by_hs, by_cat)
        self.additional: dict[tuple[str, str], AdditionalDuty] = {}
        for key, versions in ruleset.additional.items():
            version = in_force(versions, day)
            if version is not None:
                self.additional[key] = version.value
        self.prohibited: dict[str, dict[str, Prohibition]] = {}
        for market, data in ruleset.markets.items():
            bans: dict[str, Prohibition] = {}
            for hs, versions in data.prohibited.items():
                version = in_force(versions, day)
                if version is not None:
                    bans[hs] = version.value
            self.prohibited[market] = bans
        self.embargoed: dict[str, Rule] = {}
        for country, versions in ruleset.embargoed.items():
            version = in_force(versions, day)
            if version is not None:
                self.embargoed[country] = version.rule
        self.positive_list = ruleset.positive_list
        self.positive_list_rule = ruleset.positive_list_rule
        self.configs: dict[str, Any] = {}

    def param(self, scope: str, name: str) -> tuple[Any, Rule] | None:
        """``(value, rule)`` of a parameter in force, or None (lapsed / not yet in force)."""
        return self.params.get(scope, {}).get(name)

    def require(self, scope: str, name: str) -> tuple[Any, Rule]:
        found = self.param(scope, name)
        if found is None:
            file = MARKET_FILES.get(scope, "us_export.yaml")
            raise RuleDataError(file, f"params.{name}", f"no version in force on {self.day.isoformat()}")
        return found

    def config(self, market: str, build: Callable[[Snapshot], Any]) -> Any:
        """The engine's prepared config for ``market`` (built once per snapshot)."""
        found = self.configs.get(market)
        if found is None:
            found = build(self)
            self.configs[market] = found
        return found


class RuleSet:
    """Everything loaded from one data directory (+ positive list). Use ``at(day)`` for look-ups."""

    _SNAPSHOT_LIMIT = 64

    def __init__(
        self, *, data_dir: Path, markets: dict[str, MarketData], tariff_entries: dict[str, tuple[TariffEntry, ...]],
        additional: dict[tuple[str, str], tuple[Version, ...]], us_params: dict[str, tuple[Version, ...]],
        embargoed: dict[str, tuple[Version, ...]], shipping: ShippingTable, positive_list: PositiveList,
        positive_list_rule: Rule,
    ) -> None:
        self.data_dir = data_dir
        self.markets = markets
        self.tariff_entries = tariff_entries
        self.additional = additional
        self.us_params = us_params
        self.embargoed = embargoed
        self.shipping = shipping
        self.positive_list = positive_list
        self.positive_list_rule = positive_list_rule
        self._snapshots: dict[date, Snapshot] = {}
        self._lock = threading.Lock()

    def at(self, day: date) -> Snapshot:
        snap = self._snapshots.get(day)
        if snap is None:
            snap = Snapshot(self, day)
            with self._lock:
                if len(self._snapshots) >= self._SNAPSHOT_LIMIT:
                    self._snapshots.clear()
                snap = self._snapshots.setdefault(day, snap)
        return snap

    def __repr__(self) -> str:
        plist = self.positive_list
        return f"<RuleSet {self.data_dir} positive list {plist.source_name} ({len(plist)} lines)>"


# --------------------------------------------------------------------------- file loaders


def _load_market(directory: Path, market: str) -> MarketData:
    file = MARKET_FILES[market]
    data = _read_yaml(directory, file)
    if data.get("market") != market:
        raise _fail(file, "market", f"expected {market!r}, got {data.get('market')!r}")
    currency = _text(file, "currency", data.get("currency"))
    edition = _text(file, "edition", data.get("edition"))
    params = _params(file, data, market)
    prohibited: dict[str, list[Version]] = {}
    for i, raw in enumerate(data.get("prohibited") or []):
        key = f"prohibited[{i}]"
        if not isinstance(raw, dict):
            raise _fail(file, key, "expected a mapping")
        _check_keys(file, key, raw, _META_KEYS | {"hs_code", "name", "message_en", "message_zh"})
        hs = _hs_prefix(file, f"{key}.hs_code", raw.get("hs_code"), (8,))
        name = _text(file, f"{key}.name", raw.get("name"))
        rule = _meta(file, key, raw, rule_id=f"{market}.prohibited.{hs}", name=name, value="prohibited")
        ban = Prohibition(hs, _text(file, f"{key}.message_en", raw.get("message_en")),
                          _text(file, f"{key}.message_zh", raw.get("message_zh")), rule)
        prohibited.setdefault(hs, []).append(Version(ban, rule))
    for hs, versions in prohibited.items():
        _check_distinct_starts(file, f"prohibited {hs}", versions)
    return MarketData(market, currency, file, edition, params, {k: tuple(v) for k, v in prohibited.items()})


_FIELD_TITLES = {
    "duty": "duty", "duty_by_origin": "preferential duty", "vat": "VAT", "ct": "consumption tax",
    "ct_threshold": "high-end threshold", "ct_specific": "specific consumption tax",
}
_VAT_TITLES = {"CN": "import VAT", "JP": "consumption tax (消費税)", "KR": "VAT"}


def _tariff_value(file: str, key: str, name: str, raw: Any) -> tuple[Any, str, str]:
    """→ (value, machine display, human display)."""
    if name in ("duty", "vat", "ct"):
        rate = _rate(file, key, raw)
        return rate, f"{rate:f}", _percent(rate)
    if name == "duty_by_origin":
        if not isinstance(raw, dict) or not raw:
            raise _fail(file, key, "expected a mapping {COUNTRY: rate}")
        rates: dict[str, Decimal] = {}
        for country, rate_raw in raw.items():
            if not (isinstance(country, str) and len(country) == 2 and country.isalpha() and country.isupper()):
                raise _fail(file, f"{key}.{country}", "country must be an ISO alpha-2 code like US")
            rates[country] = _rate(file, f"{key}.{country}", rate_raw)
        return rates, _display(rates, "rate"), ", ".join(f"{c} {_percent(r)}" for c, r in rates.items())
    if name == "ct_threshold":
        if not isinstance(raw, dict) or not raw:
            raise _fail(file, key,
                        "expected a mapping like {g: \"10\", ml: \"10\", piece: \"15\"} or {unit: \"10000\"}")
        limits: dict[str, Decimal] = {}
        for uom, limit_raw in raw.items():
            if uom not in THRESHOLD_KEYS:
                raise _fail(file, f"{key}.{uom}", f"unknown unit; use {', '.join(THRESHOLD_KEYS)}")
            limits[uom] = _amount(file, f"{key}.{uom}", limit_raw)
        if "unit" in limits and len(limits) > 1:
            raise _fail(file, key, "'unit' cannot be combined with g/ml/piece")
        human = ", ".join(f"≥ {v:f} per {'unit' if u == 'unit' else u}" for u, v in limits.items())
        return limits, _display(limits, "amount"), human
    if name == "ct_specific":
        if not isinstance(raw, dict) or set(raw) != {"amount", "per_litres"}:
            raise _fail(file, key, "expected {amount: \"0.912\", per_litres: \"1\"}")
        amount = _amount(file, f"{key}.amount", raw["amount"])
        per = _amount(file, f"{key}.per_litres", raw["per_litres"])
        if per == 0:
            raise _fail(file, f"{key}.per_litres", "must be positive")
        return (amount, per), f"{amount:f}/{per:f}L", f"{amount:f} per {per:f} L"
    raise AssertionError(name)  # pragma: no cover


def _load_tariff(directory: Path) -> dict[str, tuple[TariffEntry, ...]]:
    file = "tariff_lines.yaml"
    data = _read_yaml(directory, file)
    markets = data.get("markets")
    if not isinstance(markets, dict):
        raise _fail(file, "markets", "missing or not a mapping")
    result: dict[str, tuple[TariffEntry, ...]] = {}
    for market, entries_raw in markets.items():
        if market not in MARKETS:
            raise _fail(file, f"markets.{market}", f"unknown market; expected one of {', '.join(MARKETS)}")
        if not isinstance(entries_raw, list):
            raise _fail(file, f"markets.{market}", "expected a list of entries")
        entries: list[TariffEntry] = []
        starts: set[tuple[str, date]] = set()
        for i, raw in enumerate(entries_raw):
            key = f"markets.{market}[{i}]"
            if not isinstance(raw, dict):
                raise _fail(file, key, "expected a mapping")
            _check_keys(file, key, raw, _META_KEYS | {"hs", "category", "name", *TARIFF_FIELDS})
            if ("hs" in raw) == ("category" in raw):
                raise _fail(file, key, "give exactly one of hs or category")
            hs: str | None = None
            category: str | None = None
            if "hs" in raw:
                hs = _hs_prefix(file, f"{key}.hs", raw["hs"], (4, 6, 8, 10))
                where = f"HS {hs}"
            else:
                category = raw["category"]
                if category != "*" and category not in TAX_CATEGORIES:
                    raise _fail(file, f"{key}.category",
                                f"unknown category {category!r}; use * or one of {', '.join(TAX_CATEGORIES)}")
                where = "all categories" if category == "*" else f"category {category}"
            label = _text(file, f"{key}.name", raw.get("name"))
            key = f"markets.{market}[{i}] ({where})"
            base = _meta(file, key, raw, rule_id="", name="", value=None)
            fields: dict[str, tuple[Any, Rule]] = {}
            for name in TARIFF_FIELDS:
                if name not in raw:
                    continue
                fraw = raw[name]
                fkey = f"{key}.{name}"
                override: Mapping[str, Any] = {}
                if isinstance(fraw, dict) and "value" in fraw:
                    _check_keys(file, fkey, fraw, frozenset({"value", "source", "unconfirmed", "note"}))
                    override, fraw = fraw, fraw["value"]
                value, machine, human = _tariff_value(file, f"{fkey}.value" if override else fkey, name, fraw)
                title = _VAT_TITLES.get(market, "VAT") if name == "vat" else _FIELD_TITLES[name]
                rule_key = hs or f"category.{'all' if category == '*' else category}"
                rule = _meta(
                    file, fkey, override, base=base,
                    rule_id=f"{market}.tariff.{rule_key}.{name}",
                    name=f"{market} {title} {human} — {where}: {label}", value=machine,
                )
                fields[name] = (value, rule)
            if not fields:
                raise _fail(file, key, f"no rate given; expected some of {', '.join(TARIFF_FIELDS)}")
            entry_key = hs or f"category:{category}"
            assert base.effective_from is not None
            if (entry_key, base.effective_from) in starts:
                raise _fail(file, key, f"another entry for {where} starts on the same date")
            starts.add((entry_key, base.effective_from))
            entries.append(TariffEntry(market, hs, category, base.effective_from, base.effective_to, fields))
        if market in ("CN", "JP", "KR"):
            if not any(e.category == "*" and "vat" in e.fields for e in entries):
                raise _fail(file, f"markets.{market}", "needs a category \"*\" entry with a vat rate")
        result[market] = tuple(entries)
    for market in ("CN", "JP", "KR"):
        if market not in result:
            raise _fail(file, f"markets.{market}", "missing market")
    return result


def _load_additional(directory: Path) -> dict[tuple[str, str], tuple[Version, ...]]:
    file = "additional_duties.yaml"
    data = _read_yaml(directory, file)
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list):
        raise _fail(file, "entries", "missing or not a list")
    found: dict[tuple[str, str], list[Version]] = {}
    for i, raw in enumerate(raw_entries):
        key = f"entries[{i}]"
        if not isinstance(raw, dict):
            raise _fail(file, key, "expected a mapping")
        allowed = _META_KEYS | {"market", "origin", "name", "rate", "applies_within_cbec_limits",
                                "applies_above_cbec_limits", "applies_general"}
        _check_keys(file, key, raw, frozenset(allowed))
        market = raw.get("market")
        if market not in MARKETS:
            raise _fail(file, f"{key}.market", f"unknown market {market!r}")
        origin = raw.get("origin")
        if not (isinstance(origin, str) and len(origin) == 2 and origin.isalpha() and origin.isupper()):
            raise _fail(file, f"{key}.origin", "expected an ISO alpha-2 country code like US")
        rate = _rate(file, f"{key}.rate", raw.get("rate"))
        flags = {name: _bool(file, f"{key}.{name}", raw.get(name, False))
                 for name in ("applies_within_cbec_limits", "applies_above_cbec_limits", "applies_general")}
        name = _text(file, f"{key}.name", raw.get("name"))
        rule = _meta(file, key, raw, rule_id=f"{market}.additional.{origin}", name=f"{name} ({_percent(rate)})",
                     value=f"{rate:f}")
        duty = AdditionalDuty(market, origin, rate, flags["applies_within_cbec_limits"],
                              flags["applies_above_cbec_limits"], flags["applies_general"], rule)
        found.setdefault((market, origin), []).append(Version(duty, rule))
    for (market, origin), versions in found.items():
        _check_distinct_starts(file, f"entries for {market}/{origin}", versions)
    return {k: tuple(v) for k, v in found.items()}


def _load_us_export(directory: Path) -> tuple[dict[str, tuple[Version, ...]], dict[str, tuple[Version, ...]]]:
    file = "us_export.yaml"
    data = _read_yaml(directory, file)
    params = _params(file, data, "US")
    embargoed: dict[str, list[Version]] = {}
    raw_list = data.get("embargoed")
    if not isinstance(raw_list, list):
        raise _fail(file, "embargoed", "missing or not a list")
    for i, raw in enumerate(raw_list):
        key = f"embargoed[{i}]"
        if not isinstance(raw, dict):
            raise _fail(file, key, "expected a mapping")
        _check_keys(file, key, raw, _META_KEYS | {"country", "name"})
        country = raw.get("country")
        if not (isinstance(country, str) and len(country) == 2 and country.isalpha() and country.isupper()):
            raise _fail(file, f"{key}.country", "expected an ISO alpha-2 country code")
        name = _text(file, f"{key}.name", raw.get("name"))
        rule = _meta(file, key, raw, rule_id=f"US.embargo.{country}", name=f"US embargo: {name}", value=country)
        embargoed.setdefault(country, []).append(Version(name, rule))
    return params, {k: tuple(v) for k, v in embargoed.items()}


def _load_shipping(directory: Path) -> ShippingTable:
    file = "shipping.yaml"
    data = _read_yaml(directory, file)
    currency = _text(file, "currency", data.get("currency"))
    source = _text(file, "source", data.get("source"))
    effective_from = _date(file, "effective_from", data.get("effective_from"))
    band_g = _amount(file, "band_g", data.get("band_g"))
    divisor = _amount(file, "volumetric_divisor", data.get("volumetric_divisor"))
    if band_g <= 0 or divisor <= 0:
        raise _fail(file, "band_g" if band_g <= 0 else "volumetric_divisor", "must be positive")
    volumetric_rule = Rule(
        id="shipping.volumetric",
        name=f"Chargeable weight = max(actual, L×W×H cm / {divisor:f} kg), {band_g:f} g bands",
        source=_text(file, "volumetric_source", data.get("volumetric_source")), effective_from=effective_from,
        value=f"{divisor:f}",
    )
    markets = data.get("markets")
    if not isinstance(markets, dict) or not markets:
        raise _fail(file, "markets", "missing or empty")
    rates: dict[str, dict[str, ShippingRate]] = {}
    for market, levels in markets.items():
        if market not in MARKETS:
            raise _fail(file, f"markets.{market}", "unknown market")
        if not isinstance(levels, dict) or not levels:
            raise _fail(file, f"markets.{market}", "expected service levels")
        rates[market] = {}
        for level, raw in levels.items():
            key = f"markets.{market}.{level}"
            if not isinstance(raw, dict):
                raise _fail(file, key, "expected a mapping")
            _check_keys(file, key, raw, frozenset({"first", "additional", "days", "max_weight_g"}))
            first = _amount(file, f"{key}.first", raw.get("first"))
            additional = _amount(file, f"{key}.additional", raw.get("additional"))
            days = raw.get("days")
            whole_days = isinstance(days, list) and all(isinstance(d, int) and not isinstance(d, bool) for d in days)
            if not (whole_days and len(days) == 2 and 0 < days[0] <= days[1]):
                raise _fail(file, f"{key}.days", "expected [min, max] whole days, 0 < min ≤ max")
            max_weight = _amount(file, f"{key}.max_weight_g", raw.get("max_weight_g"))
            rule = Rule(
                id=f"shipping.{market}.{level}",
                name=(f"Heartland {level} to {market}: {currency} {first:f} first {band_g:f} g"
                      f" + {additional:f} each further {band_g:f} g"),
                source=source, effective_from=effective_from, value=f"{first:f}+{additional:f}",
            )
            rates[market][level] = ShippingRate(market, level, first, additional, days[0], days[1], max_weight, rule)
    return ShippingTable(currency, band_g, divisor, rates, volumetric_rule)


def _positive_list_rule(plist: PositiveList) -> Rule:
    return Rule(
        id="CN.positive_list",
        name=f"CBEC positive list: {plist.edition}",
        source=plist.meta.get("source", f"operator file {plist.source_name}"),
        effective_from=plist.effective_from,
        unconfirmed=plist.unconfirmed,
        value=f"{len(plist)} lines",
        note=plist.meta.get("note"),
    )


def _load(data_dir: Path, positive_list: Path | None) -> RuleSet:
    markets = {market: _load_market(data_dir, market) for market in MARKET_FILES}
    tariff = _load_tariff(data_dir)
    additional = _load_additional(data_dir)
    us_params, embargoed = _load_us_export(data_dir)
    shipping = _load_shipping(data_dir)
    plist_path = positive_list if positive_list is not None else data_dir / POSITIVE_LIST_FILE
    try:
        plist = load_positive_list(plist_path)
    except FileNotFoundError:
        raise RuleDataError(plist_path.name, "", f"positive list not found at {plist_path}") from None
    return RuleSet(
        data_dir=data_dir, markets=markets, tariff_entries=tariff, additional=additional, us_params=us_params,
        embargoed=embargoed, shipping=shipping, positive_list=plist, positive_list_rule=_positive_list_rule(plist),
    )


_CACHE: dict[tuple[Path, Path | None], RuleSet] = {}
_CACHE_LOCK = threading.Lock()
_DEFAULT: RuleSet | None = None


def load_rules(data_dir: str | Path | None = None, *, positive_list: str | Path | None = None) -> RuleSet:
    """Load (once per process, then from cache) the rules in ``data_dir`` (default: the shipped
    data) with the positive list at ``positive_list`` (default: ``data_dir/positive_list_cn.csv``).
    Raises RuleDataError / PositiveListError on bad data."""
    directory = Path(data_dir).resolve() if data_dir is not None else DATA_DIR
    plist = Path(positive_list).resolve() if positive_list is not None else None
    key = (directory, plist)
    found = _CACHE.get(key)
    if found is not None:
        return found
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is None:
            found = _load(directory, plist)
            _CACHE[key] = found
    return found


def default_rules() -> RuleSet:
    """The shipped rules, loaded on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_rules()
    return _DEFAULT


def clear_rules_cache() -> None:
    """Forget every loaded rule set (the next call reloads the files)."""
    global _DEFAULT
    with _CACHE_LOCK:
        _CACHE.clear()
        _DEFAULT = None


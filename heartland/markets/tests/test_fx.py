import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from heartland.markets.fx import FxFileRefused, import_fx_csv, rate_in_force
from heartland.markets.models import FxRate, Market

pytestmark = pytest.mark.django_db

GOOD = ("base,quote,rate,valid_from,source\n"
        "USD,CNY,7.1032,2026-11-26T00:00:00Z,PBOC central parity\n"
        "USD,JPY,151.20,2026-11-26,MUFG TTM\n")


def test_markets_are_seeded_with_their_currencies():
    assert dict(Market.objects.values_list("code", "currency")) == {
        "CN": "CNY", "HK": "HKD", "JP": "JPY", "KR": "KRW", "SG": "SGD"}


def test_import_fx_csv_keeps_good_rows_reports_bad_and_never_overwrites():
    data = GOOD + ("USD,XYZ,1,2026-11-26,x\n"
                   "USD,KRW,1.4e3,2026-11-26,x\n"
                   "USD,HKD,7.8,2026-11-26T08:00:00,x\n"
                   "USD,SGD,-1,2026-11-26,x\n"
                   "USD,SGD,1.35,2026-11-26,\n"
                   "USD,USD,1,2026-11-26,x\n")
    result = import_fx_csv(io.BytesIO(data.encode()))
    assert result.created == 2
    reasons = {e.row_number: e.reason for e in result.errors}
    assert set(reasons) == {4, 5, 6, 7, 8, 9}
    assert "unknown currency" in reasons[4] and reasons[5].startswith("rate:")
    assert "time zone" in reasons[6] and "greater than 0" in reasons[7] and "source" in reasons[8]
    again = import_fx_csv(io.BytesIO(GOOD.encode()))
    assert (again.created, again.unchanged, again.errors) == (0, 2, [])
    changed = import_fx_csv(io.BytesIO(GOOD.replace("7.1032", "7.2000").encode()))
    assert changed.created == 0 and "already exists" in changed.errors[0].reason
    assert FxRate.objects.get(quote="CNY").rate == Decimal("7.1032")


@pytest.mark.parametrize("data, message", [
    (b"base,quote,rate\nUSD,CNY,7\n", "missing: valid_from, source"),
    ("base,quote,rate,valid_from,source\nUSD,CNY,7,2026-01-01,caf\u00e9\n".encode("latin-1"), "not UTF-8"),
    (b"\x89PNG\r\n\x00\x00", "UTF-8|binary"),
])
def test_unreadable_fx_files_are_refused(data, message):
    with pytest.raises(FxFileRefused, match=message):
        import_fx_csv(io.BytesIO(data))
    assert not FxRate.objects.exists()


def test_rate_in_force_is_the_newest_with_margin_and_staleness():
    cn = Market.objects.get(code="CN")
    now = timezone.now()
    FxRate.objects.create(base="USD", quote="CNY", rate=Decimal("7.0000"), valid_from=now - timedelta(days=5), source="old")
    FxRate.objects.create(base="USD", quote="CNY", rate=Decimal("7.1000"), valid_from=now - timedelta(hours=1), source="new")
    FxRate.objects.create(base="USD", quote="CNY", rate=Decimal("9.9"), valid_from=now + timedelta(days=1), source="future")
    r = rate_in_force(base="USD", quote="CNY", market=cn)
    assert (r.raw, r.source, r.stale) == (Decimal("7.1000"), "new", False)
    assert r.effective == Decimal("7.24200000")  # 2% margin
    later = rate_in_force(base="USD", quote="CNY", market=cn, at=now + timedelta(hours=60))
    assert (later.source, later.stale) == ("future", False)
    stale = rate_in_force(base="USD", quote="CNY", market=cn, at=now + timedelta(hours=23))
    assert stale.stale is False
    cn.fx_max_age_hours = 1
    assert rate_in_force(base="USD", quote="CNY", market=cn, at=now + timedelta(hours=3)).stale is True


def test_no_rate_at_all_is_none_and_inverse_rates_are_used():
    assert rate_in_force(base="USD", quote="KRW") is None
    FxRate.objects.create(base="KRW", quote="USD", rate=Decimal("0.00071"), valid_from=timezone.now(), source="bank")
    r = rate_in_force(base="USD", quote="KRW", margin_percent=Decimal(0))
    assert r.inverted and r.raw == (Decimal(1) / Decimal("0.00071")).quantize(Decimal("0.00000001"))


def test_import_fx_rates_command(tmp_path):
    path = tmp_path / "fx.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("import_fx_rates", str(path), stdout=out)
    assert "Rates added: 2" in out.getvalue()
    with pytest.raises(CommandError, match="Cannot open"):
        call_command("import_fx_rates", str(tmp_path / "missing.csv"))


def test_market_edits_are_validated():
    from django.core.exceptions import ValidationError

    cn = Market.objects.get(code="CN")
    cn.currency, cn.service_levels = "RMB", ["standard", "teleport"]
    with pytest.raises(ValidationError) as exc:
        cn.full_clean()
    assert "currency" in exc.value.message_dict and "teleport" in str(exc.value.message_dict["service_levels"])


def test_the_rate_in_force_is_cached_and_a_new_rate_is_used_at_once(django_assert_num_queries):
    FxRate.objects.create(base="USD", quote="CNY", rate=Decimal("7.10"), valid_from=timezone.now() - timedelta(hours=1),
                          source="t")
    assert rate_in_force(base="USD", quote="CNY").raw == Decimal("7.10")
    with django_assert_num_queries(0):  # every later page in the same minute: no query
        assert rate_in_force(base="USD", quote="CNY").raw == Decimal("7.10")
    FxRate.objects.create(base="USD", quote="CNY", rate=Decimal("7.20"), valid_from=timezone.now() - timedelta(minutes=1),
                          source="t")
    assert rate_in_force(base="USD", quote="CNY").raw == Decimal("7.20")
    FxRate.objects.create(base="CNY", quote="USD", rate=Decimal("0.125"), valid_from=timezone.now(), source="t")
    assert rate_in_force(base="USD", quote="CNY").raw == Decimal("8.00000000")  # the newer inverse, too


def test_a_rate_stored_ahead_of_time_takes_effect_at_its_moment(monkeypatch):
    now = timezone.now()
    FxRate.objects.create(base="USD", quote="JPY", rate=Decimal("150"), valid_from=now - timedelta(hours=1), source="t")
    FxRate.objects.create(base="USD", quote="JPY", rate=Decimal("155"), valid_from=now + timedelta(seconds=30),
                          source="t")
    assert rate_in_force(base="USD", quote="JPY").raw == Decimal("150")  # cached, with its expiry moment
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=31))
    assert rate_in_force(base="USD", quote="JPY").raw == Decimal("155")
    assert rate_in_force(base="USD", quote="JPY", at=now).raw == Decimal("150")  # history is never cached

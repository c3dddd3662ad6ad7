"""price_for, the operator's rate and rule pages, and the landed-cost commands."""
from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from heartland.catalog.services import VariantInput, save_variant
from heartland.catalog.tests.factories import make_merchant, make_product, make_user
from heartland.markets.models import FxRate, Market, PositiveListEdition
from heartland.markets.pricing import price_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates():
    now = timezone.now()
    for quote, rate in (("CNY", "7.1000"), ("HKD", "7.8000"), ("JPY", "150.00"), ("KRW", "1400.00"), ("SGD", "1.3500")):
        FxRate.objects.create(base="USD", quote=quote, rate=Decimal(rate), valid_from=now - timedelta(hours=2),
                              source="test fixing")


def _product(hs="04090000", tax="agricultural", price="10.00", grams="500", **variant):
    merchant = make_merchant()
    product = make_product(merchant=merchant, title_en="Raw Honey")
    v = product.variants.get()
    v.delete()
    save_variant(product=product, data=VariantInput(price_usd=Decimal(price), grams=Decimal(grams), hs_code=hs,
                                                    tax_category=tax, option1="1 lb", **variant))
    return product


def test_cn_price_is_converted_rounded_shipped_and_taxed(rates):
    q = price_for(_product(), "CN")
    # $10 × 7.1 × 1.02 margin = ¥72.42, shown to 0.1 → ¥72.40; standard shipping $22 → ¥159.32;
    # agricultural VAT 9% × 70% on goods + freight = 6.3% of ¥231.72 = ¥14.60.
    assert (q.goods, q.freight, q.duty, q.vat, q.consumption_tax, q.total) == (
        Decimal("72.40"), Decimal("159.32"), Decimal("0.00"), Decimal("14.60"), Decimal("0.00"), Decimal("246.32"))
    assert q.allowed and q.can_checkout and q.fx.source == "test fixing" and q.fx.effective == Decimal("7.24200000")
    assert q.shown["total"] == "¥246.32"
    assert q.shipping.service_level == "standard" and q.service_level == "standard"


def test_no_rate_means_no_price_and_a_reason_not_a_crash():
    q = price_for(_product(), "KR")
    assert not q.available and q.unavailable.code == "no_fx_rate" and q.total is None
    assert "no exchange rate" in q.unavailable.message_en and "汇率" in q.unavailable.message_zh


def test_stale_rate_marks_prices_indicative_and_blocks_checkout(rates):
    cn = Market.objects.get(code="CN")
    cn.fx_max_age_hours = 1
    cn.save()
    q = price_for(_product(), cn)
    assert q.available and q.total is not None and q.indicative and not q.can_checkout


def test_closed_market_shows_no_price(rates):
    Market.objects.filter(code="SG").update(is_open=False)
    q = price_for(_product(), "SG")
    assert q.unavailable.code == "market_closed"


def test_ginseng_is_refused_in_china_with_the_reason_but_sold_in_hong_kong(rates):
    product = _product(hs="12112011")
    cn, hk = price_for(product, "CN"), price_for(product, "HK")
    assert not cn.allowed and cn.reasons[0].code == "prohibited" and "CITES" in cn.reasons[0].message_en
    assert hk.allowed and hk.total_tax == Decimal("0.00")


def test_yen_and_won_have_no_minor_unit(rates):
    product = _product(price="19.99")
    jp, kr = price_for(product, "JP"), price_for(product, "KR")
    assert jp.goods == jp.goods.to_integral_value() and jp.goods.as_tuple().exponent >= 0
    assert kr.total.as_tuple().exponent >= 0
    assert kr.shown["total"].startswith("₩") and "." not in kr.shown["total"]


def test_display_rounding_applies_to_the_price_never_the_tax(rates):
    Market.objects.filter(code="CN").update(display_rounding="charm_9")
    q = price_for(_product(price="10.00"), "CN")
    assert q.goods == Decimal("72.90")  # ¥72.42 → charm ending
    assert q.vat == Decimal("14.63")    # 6.3% of (72.90 + 159.32) = 14.6299 → 14.63, not charm-rounded


def test_a_product_without_hs_code_says_so(rates):
    q = price_for(_product(hs=""), "CN")
    assert q.unavailable.code == "no_hs_code"


def test_positive_list_replacement_changes_what_can_be_sold(rates, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    jerky = _product(hs="16025000", tax="food")
    assert price_for(jerky, "CN").reasons[0].code == "not_on_positive_list"
    path = tmp_path / "list.csv"
    path.write_text("# edition: test edition 2026\nhs_code,description,remark\n16025000,Jerky,\n04090000,Honey,\n")
    out = io.StringIO()
    call_command("import_positive_list", str(path), stdout=out)
    assert "test edition 2026" in out.getvalue() and "(2 lines)" in out.getvalue()
    assert price_for(jerky, "CN").allowed
    bad = tmp_path / "bad.csv"
    bad.write_text("hs_code,description,remark\n1602,Jerky,\n16025000,Jerky,cap_per_person_year=lots\n")
    with pytest.raises(CommandError) as exc:
        call_command("import_positive_list", str(bad))
    assert "bad.csv:2" in str(exc.value) and "bad.csv:3" in str(exc.value) and "Nothing changed" in str(exc.value)
    assert PositiveListEdition.objects.filter(is_active=True).count() == 1
    assert price_for(jerky, "CN").allowed


CASES = [
    {"market": "CN", "currency": "CNY", "freight": "0", "insurance": "0", "annual_used": "0", "mode": "9610",
     "lines": [{"hs_code": "33049900", "tax_category": "cosmetics", "unit_price": "425", "quantity": 1,
                "unit_weight_g": 50, "unit_content": "20", "unit_content_uom": "g"}]},
    {"market": "CN", "currency": "CNY", "lines": [{"hs_code": "33049900", "tax_category": "cosmetics",
                                                  "unit_price": "abc", "quantity": 1}]},
    {"market": "CN", "currency": "USD", "lines": [{"hs_code": "04090000", "tax_category": "agricultural",
                                                  "unit_price": "10", "quantity": 2}]},
]


def test_landed_cost_command_worked_example_errors_in_place_and_stored_rates(tmp_path, rates):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(CASES))
    out = io.StringIO()
    call_command("landed_cost", str(path), stdout=out)
    results = json.loads(out.getvalue())
    assert len(results) == 3
    first = results[0]
    assert (first["allowed"], first["vat"], first["consumption_tax"], first["total_tax"], first["total"]) == (
        True, "45.50", "52.50", "98.00", "523.00")
    assert "unit_price" in results[1]["error"]
    assert results[2]["currency"] == "CNY" and results[2]["customs_value"] == "144.84"  # 20 USD × 7.242


def test_landed_cost_command_reads_stdin_and_refuses_non_arrays(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(CASES[:1])))
    out = io.StringIO()
    call_command("landed_cost", "-", stdout=out)
    assert json.loads(out.getvalue())[0]["total"] == "523.00"
    monkeypatch.setattr("sys.stdin", io.StringIO('{"market": "CN"}'))
    with pytest.raises(CommandError, match="JSON array"):
        call_command("landed_cost", "-")
    monkeypatch.setattr("sys.stdin", io.StringIO("[{"))
    with pytest.raises(CommandError, match="not JSON"):
        call_command("landed_cost", "-")


def test_operator_rules_page_shows_rates_rules_and_replaces_the_list(client, rates):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("admin:markets_rules")
    page = client.get(url).content.decode()
    assert "USD/CNY" in page and "cn_cbec.yaml" in page and "CBEC positive list" in page and "33049900" in page
    r = client.post(url, {"action": "plist", "plist-file": SimpleUploadedFile("l.csv", b"hs_code,description,remark\n1,x,\n")},
                    follow=True)
    assert "nothing changed" in r.content.decode()
    r = client.post(url, {"action": "fx", "fx-file": SimpleUploadedFile(
        "fx.csv", b"base,quote,rate,valid_from,source\nUSD,CNY,7.2,2026-11-27,bank\nUSD,CNY,x,2026-01-01,bank\n")},
        follow=True)
    body = r.content.decode()
    assert "Rates added: 1" in body and "Row 3" in body


def test_rules_page_is_for_operators_only(client):
    client.force_login(make_user())
    assert client.get(reverse("admin:markets_rules")).status_code == 302


def test_merchant_sees_what_buyers_pay_with_refusals_explained(client, rates):
    owner = make_user()
    merchant = make_merchant(owner=owner)
    product = make_product(merchant=merchant, title_en="Ginseng")
    variant = product.variants.get()
    variant.hs_code, variant.tax_category, variant.grams = "12112011", "agricultural", Decimal("100")
    variant.save()
    client.force_login(owner)
    page = client.get(reverse("portal:product_edit", args=[merchant.slug, product.pk])).content.decode()
    assert "What buyers pay" in page and "CITES" in page and "HK$" in page and "Mainland China" in page

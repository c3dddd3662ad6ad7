"""A new merchant joins, is approved by an operator, imports a Shopify CSV, fixes a
rejected row in the portal and sees the products — in real Chromium."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from heartland.accounts.models import User
from heartland.catalog.models import Product, Variant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = """\ufeffHandle,Title,Body (HTML),Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Title (zh-Hans),HS Code,Origin State,Tax Category
ginseng-slices,Wisconsin Ginseng Slices,<p>Hand-dug <b>four-year</b> roots.</p><script>alert(1)</script>,Size,2 oz,GS-2,56.7,20,39.00,威斯康星花旗参切片,12112011,WI,agricultural
ginseng-slices,,,,4 oz,GS-4,113.4,12,seventy,,12112011,,
ginseng-tea,Ginseng Tea Bags,<p>20 bags</p>,Title,Default Title,GT-20,60,30,14.50,花旗参茶包,21069090,WI,general
"""
PASSWORD = "roots-and-rain-2026"


def test_sign_up_apply_approve_import_fix_and_list(browser, live_server, shots, tmp_path):
    User.objects.create_superuser(email="operator@heartland.localhost", password=PASSWORD)
    csv_path = tmp_path / "products_export.csv"
    csv_path.write_text(CSV, encoding="utf-8")

    merchant_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = merchant_ctx.new_page()
    # 1. Sign up.
    page.goto(f"{live_server.url}/en/accounts/signup/?next=/portal/")
    page.fill("input[name=email]", "ann@marathon-ginseng.example")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    shots(page, "signup")
    page.click("form button[type=submit]")
    expect(page.get_by_text("Apply to sell on Heartland")).to_be_visible()
    # 2. Apply as a merchant.
    page.click("text=Apply to sell on Heartland")
    for name, value in {"legal_name": "Marathon Ginseng Farms LLC", "trading_name": "Marathon Ginseng",
                        "ein": "39-1234567", "address_line1": "N1234 County Rd K", "city": "Wausau",
                        "zip_code": "54401", "contact_name": "Ann Lee", "contact_email": "ann@marathon-ginseng.example",
                        "contact_phone": "(715) 842-5555", "story": "Four generations growing ginseng in Marathon County."}.items():
        page.fill(f"[name={name}]", value)
    page.select_option("[name=state]", "WI")
    page.select_option("[name=kind]", "farm")
    shots(page, "application")
    page.click("text=Save application")
    page.click("#submit-application")
    expect(page.locator("h1 .badge")).to_have_text("Submitted")
    shots(page, "submitted")

    # 3. An operator approves in the admin.
    op_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    op = op_ctx.new_page()
    op.goto(f"{live_server.url}/admin/")
    op.fill("[name=username]", "operator@heartland.localhost")
    op.fill("[name=password]", PASSWORD)
    op.click("[type=submit]")
    op.goto(f"{live_server.url}/admin/merchants/merchant/?status__exact=submitted")
    op.click("text=Marathon Ginseng")
    shots(op, "admin-merchant")
    op.click("#approve-merchant")
    expect(op.locator(".messagelist")).to_contain_text("approved")
    shots(op, "admin-approved")
    op_ctx.close()

    # 4. The merchant imports a CSV with one bad row.
    page.goto(f"{live_server.url}/portal/")
    expect(page.locator("nav .badge")).to_have_text("Approved")
    page.click("text=Import CSV")
    page.set_input_files("input[type=file]", str(csv_path))
    page.click("#start-import")
    expect(page.locator("#import-status")).to_have_text("Done", timeout=15000)
    expect(page.locator("#row-errors")).to_contain_text("seventy")
    shots(page, "import-report")

    # 5. Fix the rejected row in the UI.
    page.click("text=Fix this row")
    page.fill("[name=price]", "seventy dollars")
    page.click("#import-fixed-row")
    expect(page.locator(".errorlist")).to_contain_text("not a price")
    page.fill("[name=price]", "70.00")
    shots(page, "fix-row")
    page.click("#import-fixed-row")
    expect(page.locator(".messages")).to_contain_text("Row 3 is imported")
    expect(page.locator("#row-errors")).to_contain_text("Fixed")

    # 6. The products are listed.
    page.click("text=See your products")
    expect(page.locator("#product-rows")).to_contain_text("Wisconsin Ginseng Slices")
    expect(page.locator("#product-rows")).to_contain_text("威斯康星花旗参切片")
    expect(page.locator("#product-rows")).to_contain_text("Ginseng Tea Bags")
    shots(page, "products")
    page.fill("#q", "花旗参茶")
    expect(page.locator("#product-rows")).not_to_contain_text("Wisconsin Ginseng Slices")
    expect(page.locator("#product-rows")).to_contain_text("Ginseng Tea Bags")
    assert re.search(r"q=", page.url)
    merchant_ctx.close()

    slices = Product.objects.get(handle="ginseng-slices")
    assert "<script>" not in slices.description_en
    assert sorted(Variant.objects.filter(product=slices).values_list("sku", "price_usd")) == [
        ("GS-2", __import__("decimal").Decimal("39.00")), ("GS-4", __import__("decimal").Decimal("70.00"))]

"""manage.py shipment_documents writes an order's PDFs; each says what it must."""
from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from django.core.management import CommandError, call_command

from heartland.fulfillment import documents, services

from .factories import accepted_part

pytestmark = pytest.mark.django_db


def text_of(path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_the_command_writes_each_document_of_the_order(tmp_path):
    mo = accepted_part(market="KR", lines=[("Raw Wildflower Honey", "生蜂蜜", "04090000", 150, "18.00")])
    shipment = services.book_shipment(merchant_order=mo, by=None, service_level="express", aes_itn="X20260115123456",
                                      packages=[services.PackageInput(Decimal("6.5")),
                                                services.PackageInput(Decimal("6.4"))])
    out = io.StringIO()
    call_command("shipment_documents", mo.order.number, "--out", str(tmp_path / "docs"), stdout=out)
    names = sorted(p.name for p in (tmp_path / "docs").iterdir())
    assert names == [f"{mo.number}-{k}.pdf" for k in sorted(("cn23", "commercial-invoice", "label", "packing-slip"))]
    slip = text_of(tmp_path / "docs" / f"{mo.number}-packing-slip.pdf")
    assert "装箱单" in slip and "김민준" in slip and "150" in slip
    invoice = text_of(tmp_path / "docs" / f"{mo.number}-commercial-invoice.pdf")
    assert "AES ITN X20260115123456" in invoice and "2,700.00" in invoice and "DDP" in invoice
    label = text_of(tmp_path / "docs" / f"{mo.number}-label.pdf")
    assert label.count("Package") == 2 and "Package 2 of 2" in label and documents.spaced(
        shipment.tracking_number) in label
    cn23 = text_of(tmp_path / "docs" / f"{mo.number}-cn23.pdf")
    assert "CUSTOMS DECLARATION" in cn23 and "12.900" in cn23
    with pytest.raises(CommandError, match="No shipped part"):
        call_command("shipment_documents", "HLNOPE", "--out", str(tmp_path))


def test_the_label_carries_the_waybill_as_a_code_128_barcode():
    from reportlab.graphics.barcode.code128 import Code128

    mo = accepted_part(market="SG")
    shipment = services.book_shipment(merchant_order=mo, by=None, service_level="standard",
                                      packages=[services.PackageInput(Decimal("1"))])
    barcode = Code128(shipment.tracking_number)
    barcode.validate()
    pdf = documents.render(documents.LABEL, shipment)
    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    assert pdf.startswith(b"%PDF") and barcode.valid
    assert content.count(" re") >= 30  # the bars: one filled rectangle each


def test_traditional_chinese_is_set_with_its_own_character_map():
    """A Hong Kong consignee's 中國香港 is set in MSung-Light, whose character collection (CNS1) has
    its own Unicode CMap; with the Simplified one (reportlab's default) viewers drop the text."""
    mo = accepted_part(market="HK", lines=[("Raw Wildflower Honey", "生蜂蜜", "04090000", 1, "18.00")])
    shipment = services.book_shipment(merchant_order=mo, by=None, service_level="standard",
                                      packages=[services.PackageInput(Decimal("0.8"))])
    pdf = documents.render("label", shipment)
    fonts = [f.get_object() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
             for f in (page["/Resources"].get("/Font") or {}).values()]
    encodings = {str(f["/BaseFont"]).lstrip("/"): str(f.get("/Encoding")) for f in fonts}
    assert encodings.get("MSung-Light") == "/UniCNS-UCS2-H", encodings

"""Shipping documents as PDF (reportlab): the bilingual packing slip, the commercial invoice, the
CN23 customs declaration (postal parcels to HK, JP, KR, SG) and the 4×6 in shipping label with
the waybill number as a Code 128 barcode.

Chinese, Japanese and Korean text is set in reportlab's built-in CID fonts (``STSong-Light``,
``MSung-Light``, ``HeiseiMin-W3``, ``HYSMyeongJo-Medium``): the PDF viewer supplies the glyphs, so no
font file is needed on the server. Latin text is Helvetica.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, inch
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase._cidfontdata import defaultUnicodeEncodings
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import Shipment

PACKING_SLIP, INVOICE, CN23, LABEL = "packing-slip", "commercial-invoice", "cn23", "label"
KINDS = {PACKING_SLIP: "Packing slip (English / 中文)", INVOICE: "Commercial invoice",
         CN23: "CN23 customs declaration", LABEL: "Shipping label"}
CN23_MARKETS = frozenset({"HK", "JP", "KR", "SG"})
TERMS = "DDP — duties and taxes collected from the buyer at checkout by Heartland"

_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_KANA = re.compile("[\u3040-\u30ff]")
_WIDE = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_CID = {"zh": "STSong-Light", "zh_hant": "MSung-Light", "ja": "HeiseiMin-W3", "ko": "HYSMyeongJo-Medium"}


# The Unicode CMap of each font's character collection. reportlab's default for MSung-Light is
# the GB (Simplified) one, which does not belong to its CNS1 (Traditional) collection: viewers then
# drop the Traditional text (poppler: "Unknown CMap 'UniGB-UCS2-H' for … 'Adobe-CNS1'").
_CMAP = {"MSung-Light": "UniCNS-UCS2-H"}


def _register() -> None:
    for face, cmap in _CMAP.items():  # reportlab's table, corrected before the font is made
        language, _default = defaultUnicodeEncodings[face]
        defaultUnicodeEncodings[face] = (language, cmap)
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name in _CID.values():
        if name not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont(name))


def font_for(text: str, country: str = "", bold: bool = False) -> str:
    """Helvetica for Latin text; otherwise the CID font of the script (the country breaks the tie
    between Chinese characters read in Hong Kong, Japan or the mainland)."""
    if not _WIDE.search(text or "") and not _KANA.search(text or ""):
        return "Helvetica-Bold" if bold else "Helvetica"
    if _HANGUL.search(text):
        return _CID["ko"]
    if _KANA.search(text) or country == "JP":
        return _CID["ja"]
    if country in ("HK", "TW"):
        return _CID["zh_hant"]
    return _CID["zh"]


def para(text: str, size: float = 9, *, country: str = "", bold: bool = False, leading: float | None = None,
         align: int = 0) -> Paragraph:
    """A paragraph whose runs of Latin and CJK text each get their font."""
    parts = []
    for run in re.split(f"({_WIDE.pattern}+|{_KANA.pattern}+)", text or ""):
        if not run:
            continue
        font = font_for(run, country, bold)
        body = escape(run).replace("\n", "<br/>")
        parts.append(f'<font name="{font}">{body}</font>')
    style = ParagraphStyle("p", fontName="Helvetica-Bold" if bold else "Helvetica", fontSize=size,
                           leading=leading or size * 1.3, wordWrap="CJK", alignment=align)
    return Paragraph("".join(parts) or "&nbsp;", style)


# --- what the documents say --------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    title_en: str
    title_zh: str
    sku: str
    hs_code: str
    quantity: int
    unit_usd: Decimal
    total_usd: Decimal
    net_kg: Decimal | None
    origin: str


def _items(shipment: Shipment) -> list[Item]:
    items = []
    for line in shipment.merchant_order.lines.select_related("variant").order_by("id"):
        grams = line.variant.grams if line.variant and line.variant.grams else None
        items.append(Item(line.title_en + (f" — {line.options}" if line.options else ""), line.title_zh, line.sku,
                          line.hs_code, line.quantity, line.unit_price_usd, line.unit_price_usd * line.quantity,
                          (grams * line.quantity / 1000).quantize(Decimal("0.001")) if grams else None,
                          (line.variant.country_of_origin if line.variant else "") or "US"))
    return items


def _shipper_lines(shipment: Shipment) -> list[str]:
    m = shipment.merchant_order.merchant
    city = ", ".join(x for x in (m.city, f"{m.state} {m.zip_code}".strip()) if x)
    return [x for x in (m.legal_name, m.contact_name, m.address_line1, m.address_line2, city, "United States",
                        m.contact_phone) if x]


def _consignee_lines(shipment: Shipment) -> list[str]:
    o = shipment.merchant_order.order
    return [o.consignee_name, o.consignee_one_line, _COUNTRY.get(o.consignee_country, o.consignee_country),
            o.consignee_phone]


_COUNTRY = {"CN": "China 中国", "HK": "Hong Kong, China 中國香港", "JP": "Japan 日本", "KR": "Korea 대한민국",
            "SG": "Singapore"}


def _filing(shipment: Shipment) -> str:
    return f"AES ITN {shipment.aes_itn}" if shipment.aes_itn else (shipment.eei_exemption or "NOEEI §30.37(a)")


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):,}"


def _grid(extra: list | None = None) -> TableStyle:
    return TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")), *(extra or [])])


def _doc(buffer: io.BytesIO, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                             bottomMargin=15 * mm, title=title, author="Heartland")


def packing_slip(shipment: Shipment) -> bytes:
    _register()
    mo, order = shipment.merchant_order, shipment.merchant_order.order
    country = order.consignee_country
    buffer = io.BytesIO()
    story = [para("Packing slip 装箱单", 18, bold=True), Spacer(1, 4 * mm)]
    head = [[para("Order 订单号", bold=True), para(mo.number)],
            [para("From 发货方", bold=True), para(mo.merchant.trading_name)],
            [para("Ship to 收件人", bold=True), para("\n".join(_consignee_lines(shipment)), country=country)],
            [para("Waybill 运单号", bold=True), para(f"{shipment.tracking_number} ({shipment.service_level})")]]
    story += [Table(head, colWidths=[40 * mm, 140 * mm], style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])),
              Spacer(1, 6 * mm)]
    rows = [[para("Item 商品", bold=True), para("SKU", bold=True), para("Qty 数量", bold=True),
             para("Packed 已装箱", bold=True)]]
    rows += [[para(f"{i.title_en}\n{i.title_zh}" if i.title_zh else i.title_en), para(i.sku or "—"),
              para(str(i.quantity)), ""] for i in _items(shipment)]
    story.append(Table(rows, colWidths=[100 * mm, 35 * mm, 18 * mm, 27 * mm], style=_grid(), repeatRows=1))
    story += [Spacer(1, 8 * mm),
              para(f"Thank you for buying from {mo.merchant.trading_name}. "
                   f"感谢您选购 {mo.merchant.trading_name} 的商品。", 10),
              Spacer(1, 2 * mm),
              para("Questions about this parcel? Write to Heartland from your order page. "
                   "如对包裹有疑问，请在订单页面联系 Heartland。", 9)]
    _doc(buffer, f"Packing slip {mo.number}").build(story)
    return buffer.getvalue()


def commercial_invoice(shipment: Shipment) -> bytes:
    _register()
    mo, order = shipment.merchant_order, shipment.merchant_order.order
    merchant, country = mo.merchant, order.consignee_country
    buffer = io.BytesIO()
    items = _items(shipment)
    story = [para("COMMERCIAL INVOICE", 18, bold=True), Spacer(1, 4 * mm)]
    exporter = "\n".join(_shipper_lines(shipment) + ([f"EIN {merchant.ein}"] if merchant.ein else []))
    parties = [[para("Exporter / shipper", bold=True), para("Consignee (ultimate)", bold=True)],
               [para(exporter), para("\n".join(_consignee_lines(shipment)), country=country)]]
    story += [Table(parties, colWidths=[90 * mm, 90 * mm], style=_grid()), Spacer(1, 4 * mm)]
    facts = [[para("Invoice no.", bold=True), para(mo.number), para("Date", bold=True),
              para(timezone.localtime(shipment.booked_at).strftime("%Y-%m-%d"))],
             [para("Waybill", bold=True), para(shipment.tracking_number), para("Carrier / service", bold=True),
              para(f"{shipment.carrier} / {shipment.service_level}")],
             [para("Country of export", bold=True), para("United States"), para("Destination", bold=True),
              para(_COUNTRY.get(country, country), country=country)],
             [para("Terms of sale", bold=True), para(TERMS), para("Currency", bold=True), para("USD")],
             [para("Export filing", bold=True), para(_filing(shipment)), para("Packages / gross weight", bold=True),
              para(f"{shipment.packages.count()} / {shipment.weight_kg} kg")]]
    story += [Table(facts, colWidths=[32 * mm, 58 * mm, 35 * mm, 55 * mm],
                    style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)])), Spacer(1, 4 * mm)]
    rows = [[para(h, bold=True) for h in ("Description", "HS code", "Origin", "Qty", "Unit USD", "Total USD")]]
    rows += [[para(i.title_en), para(i.hs_code), para(i.origin), para(str(i.quantity)), para(_money(i.unit_usd)),
              para(_money(i.total_usd))] for i in items]
    total = sum((i.total_usd for i in items), Decimal(0))
    rows.append([para("Total value", bold=True), "", "", "", "", para(_money(total), bold=True)])
    story += [Table(rows, colWidths=[72 * mm, 24 * mm, 14 * mm, 14 * mm, 26 * mm, 30 * mm], repeatRows=1,
                    style=_grid([("SPAN", (0, -1), (4, -1))])), Spacer(1, 6 * mm),
              para("I declare that all the information contained in this invoice is true and correct, and that the "
                   "goods are of the origin stated.", 9), Spacer(1, 10 * mm),
              para(f"Signature: ____________________   {merchant.contact_name or merchant.legal_name}", 9)]
    _doc(buffer, f"Commercial invoice {mo.number}").build(story)
    return buffer.getvalue()


def cn23(shipment: Shipment) -> bytes:
    _register()
    mo, order = shipment.merchant_order, shipment.merchant_order.order
    country = order.consignee_country
    items = _items(shipment)
    buffer = io.BytesIO()
    story = [Table([[para("CUSTOMS DECLARATION", 16, bold=True), para("CN 23", 16, bold=True, align=2)]],
                   colWidths=[130 * mm, 50 * mm]),
             para(f"Designated operator: {shipment.carrier} · Item no. {shipment.tracking_number} · "
                  "May be opened officially", 8), Spacer(1, 3 * mm)]
    parties = [[para("From (sender)", bold=True), para("To (addressee)", bold=True)],
               [para("\n".join(_shipper_lines(shipment))), para("\n".join(_consignee_lines(shipment)),
                                                                 country=country)]]
    story += [Table(parties, colWidths=[90 * mm, 90 * mm], style=_grid()), Spacer(1, 3 * mm)]
    rows = [[para(h, bold=True) for h in ("Detailed description of contents", "Quantity", "Net weight (kg)",
                                          "Value (USD)", "HS tariff number", "Country of origin")]]
    rows += [[para(i.title_en), para(str(i.quantity)), para(str(i.net_kg) if i.net_kg is not None else "—"),
              para(_money(i.total_usd)), para(i.hs_code), para(i.origin)] for i in items]
    total = sum((i.total_usd for i in items), Decimal(0))
    rows.append([para(f"Total gross weight: {shipment.weight_kg} kg", bold=True), "", "",
                 para(_money(total), bold=True), para("Total value (USD)", bold=True), ""])
    story += [Table(rows, colWidths=[62 * mm, 18 * mm, 24 * mm, 24 * mm, 28 * mm, 24 * mm], repeatRows=1,
                    style=_grid([("SPAN", (0, -1), (2, -1)), ("SPAN", (4, -1), (5, -1))])), Spacer(1, 3 * mm)]
    freight = f"{_money(mo.freight)} {order.currency}" if mo.freight else "included"
    details = [[para("Category of item", bold=True), para("[X] Sale of goods   [ ] Gift   [ ] Commercial sample   "
                                                          "[ ] Documents   [ ] Returned goods   [ ] Other")],
               [para("Postal charges / fees", bold=True), para(freight)],
               [para("Invoice", bold=True), para(f"Commercial invoice {mo.number} attached")],
               [para("Export filing", bold=True), para(_filing(shipment))],
               [para("Licence / certificate", bold=True), para("None")],
               [para("Importer's reference", bold=True),
                para("Sent to the carrier electronically by Heartland (tax and customs codes)")]]
    story += [Table(details, colWidths=[45 * mm, 135 * mm], style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5,
                                                                               colors.grey)])),
              Spacer(1, 4 * mm),
              para("I certify that the particulars given in this customs declaration are correct and that this item "
                   "does not contain any dangerous article or articles prohibited by legislation or by postal or "
                   "customs regulations.", 8), Spacer(1, 8 * mm),
              para(f"Date and sender's signature: {timezone.localtime(shipment.booked_at):%Y-%m-%d}   "
                   f"____________________   {mo.merchant.contact_name or mo.merchant.legal_name}", 9)]
    _doc(buffer, f"CN23 {mo.number}").build(story)
    return buffer.getvalue()


def spaced(tracking_number: str) -> str:
    """An S10 waybill as printed: LH 1234 5678 9 US."""
    t = tracking_number
    if re.fullmatch(r"[A-Z]{2}\d{9}[A-Z]{2}", t):
        return f"{t[:2]} {t[2:6]} {t[6:10]} {t[10]} {t[11:]}"
    return t


def label(shipment: Shipment) -> bytes:
    """One 4×6 in page per package, each with the waybill as a Code 128 barcode."""
    _register()
    mo, order = shipment.merchant_order, shipment.merchant_order.order
    country = order.consignee_country
    width, height = 4 * inch, 6 * inch
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setTitle(f"Label {shipment.tracking_number}")
    packages = list(shipment.packages.all()) or [None]
    margin = 0.15 * inch
    inner = width - 2 * margin
    for n, package in enumerate(packages, start=1):
        canvas.setLineWidth(1.2)
        canvas.rect(margin, margin, inner, height - 2 * margin)
        y = height - margin - 0.3 * inch
        canvas.setFont("Helvetica-Bold", 13)
        canvas.drawString(margin + 6, y, (shipment.label.get("carrier_name") or shipment.carrier).upper())
        canvas.setFont("Helvetica-Bold", 26)
        canvas.drawRightString(width - margin - 6, y - 6, country)
        canvas.setFont("Helvetica", 9)
        canvas.drawString(margin + 6, y - 14, f"{shipment.service_level.upper()} · "
                                             f"{shipment.label.get('routing', '')} · sort {shipment.label.get('sort_code', '')}")
        y -= 26
        canvas.line(margin, y, width - margin, y)
        frame_y = y
        from_para = para("FROM\n" + "\n".join(_shipper_lines(shipment)[:6]), 7)
        _, h = from_para.wrap(inner - 12, 200)
        from_para.drawOn(canvas, margin + 6, frame_y - h - 4)
        y = frame_y - h - 10
        canvas.line(margin, y, width - margin, y)
        to_para = para("TO\n" + "\n".join(_consignee_lines(shipment)), 11, country=country, leading=14)
        _, h = to_para.wrap(inner - 12, 220)
        to_para.drawOn(canvas, margin + 6, y - h - 6)
        y = y - h - 14
        canvas.line(margin, y, width - margin, y)
        barcode = Code128(shipment.tracking_number, barHeight=0.8 * inch, barWidth=1.25, humanReadable=False)
        bar_x = (width - barcode.width) / 2
        barcode.drawOn(canvas, bar_x, y - 0.95 * inch)
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawCentredString(width / 2, y - 1.2 * inch, spaced(shipment.tracking_number))
        y -= 1.35 * inch
        canvas.line(margin, y, width - margin, y)
        weight = package.weight_kg if package else shipment.weight_kg
        canvas.setFont("Helvetica", 9)
        canvas.drawString(margin + 6, y - 14, f"Ref {mo.number}   Package {n} of {len(packages)}   {weight} kg")
        canvas.drawString(margin + 6, y - 28, f"Export: {_filing(shipment)}   Terms: DDP")
        canvas.drawString(margin + 6, y - 42, "CN23 attached" if country in CN23_MARKETS else
                          f"CBEC {order.mode}: declared to customs by Heartland")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


RENDERERS = {PACKING_SLIP: packing_slip, INVOICE: commercial_invoice, CN23: cn23, LABEL: label}


def kinds_for(shipment: Shipment) -> list[str]:
    """The documents this shipment has (CN23 only for postal parcels to HK, JP, KR, SG)."""
    return [k for k in RENDERERS if k != CN23 or shipment.destination in CN23_MARKETS]


def render(kind: str, shipment: Shipment) -> bytes:
    if kind not in kinds_for(shipment):
        raise KeyError(kind)
    return RENDERERS[kind](shipment)


def filename(kind: str, shipment: Shipment) -> str:
    return f"{shipment.merchant_order.number}-{kind}.pdf"

"""The farm's monthly statement as CSV and PDF (reportlab): opening balance, every entry on its
accounts in the month (orders accepted, delivered, refunds, payouts), closing balance, in USD."""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TextIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import usd_text
from .selectors import Statement

KINDS = {"accepted": "Order accepted", "delivered": "Delivered", "refund_owed": "Refund", "payout": "Payout",
         "reversal": "Correction"}


def _dollars(minor: int) -> str:
    return f"{Decimal(int(minor)).scaleb(-2):.2f}"


def write_csv(st: Statement, out: TextIO) -> None:
    w = csv.writer(out)
    w.writerow(["date", "type", "reference", "description", "amount_usd", "balance_usd"])
    w.writerow([f"{st.period}-01", "opening balance", "", "", "", _dollars(st.opening_minor)])
    for line in st.lines:
        w.writerow([line.occurred_at.date().isoformat(), KINDS.get(line.kind, line.kind), line.reference,
                    _safe(line.description), _dollars(line.amount_minor), _dollars(line.balance_minor)])
    w.writerow(["", "closing balance", "", "", "", _dollars(st.closing_minor)])


def _safe(text: str) -> str:
    """No spreadsheet formulas from a cell (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_pdf(st: Statement) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=letter, title=f"Heartland statement {st.period}",
                            leftMargin=0.6 * inch, rightMargin=0.6 * inch, topMargin=0.6 * inch, bottomMargin=0.6 * inch)
    styles = getSampleStyleSheet()
    m = st.merchant
    story = [Paragraph("Heartland — monthly statement", styles["Title"]),
             Paragraph(f"{m.legal_name or m.trading_name} · {st.period}", styles["Heading2"]),
             Paragraph("Amounts in US dollars; + owed to you, − paid out or given back.", styles["Normal"]),
             Spacer(1, 12)]
    rows = [["Date", "Type", "Reference", "Amount", "Balance"],
            [f"{st.period}-01", "Opening balance", "", "", usd_text(st.opening_minor)]]
    for line in st.lines:
        rows.append([line.occurred_at.date().isoformat(), KINDS.get(line.kind, line.kind), line.reference[:28],
                     usd_text(line.amount_minor), usd_text(line.balance_minor)])
    rows.append(["", "Closing balance", "", "", usd_text(st.closing_minor)])
    table = Table(rows, colWidths=[0.9 * inch, 1.3 * inch, 2.6 * inch, 1.2 * inch, 1.2 * inch], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black), ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
    ]))
    story.append(table)
    story.append(Spacer(1, 12))
    totals = [(label, st.total(kind)) for kind, label in KINDS.items() if st.total(kind)]
    for label, amount in totals:
        story.append(Paragraph(f"{label}: {usd_text(amount)}", styles["Normal"]))
    doc.build(story)
    return buf.getvalue()

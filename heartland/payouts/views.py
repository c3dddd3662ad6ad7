"""The farm's money pages (English, inside the portal's layout): balance, orders' gross →
commission → net, payouts, bank details and monthly statements. Every page finds its merchant
through ``access_merchant`` (404 to non-members); only the owner changes bank details."""
from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from heartland.core.errors import DomainError
from heartland.merchants.models import MemberRole
from heartland.merchants.selectors import access_merchant

from . import selectors, services, statements
from .forms import BankAccountForm
from .models import usd_text


def _months(count: int = 12) -> list[tuple[int, int]]:
    today = timezone.localdate()
    y, m = today.year, today.month
    out = []
    for _ in range(count):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out


@login_required
def overview(request, slug):
    merchant, membership = access_merchant(user=request.user, slug=slug)
    settings = selectors.payout_settings()
    balance = selectors.farm_balance(merchant)
    return render(request, "payouts/overview.html", {
        "merchant": merchant, "balance": balance, "settings": settings,
        "minimum": usd_text(settings.minimum_payout_minor),
        "figures": {k: usd_text(v) for k, v in {"pending": balance.pending, "delivered": balance.delivered,
                                                 "held": balance.held, "payable": balance.payable,
                                                 "total": balance.total}.items()},
        "parts": [(p, usd_text(p.gross_minor), usd_text(p.commission_minor), usd_text(p.net_minor),
                   usd_text(p.owed_minor)) for p in selectors.part_breakdowns(merchant)],
        "payouts": [(p, usd_text(p.amount_minor)) for p in selectors.payouts_for(merchant)[:50]],
        "bank": selectors.bank_account_for(merchant), "months": [f"{y:04d}-{m:02d}" for y, m in _months()],
        "is_owner": membership.role == MemberRole.OWNER,
    })


@login_required
def bank_details(request, slug):
    merchant, membership = access_merchant(user=request.user, slug=slug, owner_only=request.method == "POST")
    is_owner = membership.role == MemberRole.OWNER
    bank = selectors.bank_account_for(merchant)
    form = BankAccountForm(request.POST or None) if is_owner else None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_bank_account(merchant=merchant, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Bank details saved. Payouts go to the new account from the next run.")
            return redirect("payouts:bank", slug=slug)
    return render(request, "payouts/bank.html", {"merchant": merchant, "bank": bank, "form": form,
                                                 "is_owner": is_owner}, status=400 if form and form.errors else 200)


def _statement(request, slug, period):
    merchant, _ = access_merchant(user=request.user, slug=slug)
    try:
        year, month = (int(x) for x in period.split("-"))
        return selectors.statement(merchant, year=year, month=month)
    except ValueError:
        raise Http404("no such month") from None


@login_required
def statement_csv(request, slug, period):
    st = _statement(request, slug, period)
    out = io.StringIO()
    statements.write_csv(st, out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statement-{st.merchant.slug}-{st.period}.csv"'
    return response


@login_required
def statement_pdf(request, slug, period):
    st = _statement(request, slug, period)
    response = HttpResponse(statements.render_pdf(st), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="statement-{st.merchant.slug}-{st.period}.pdf"'
    return response


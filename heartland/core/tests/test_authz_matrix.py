"""Who may do what, for every URL the project routes.

`MATRIX` has one entry per routed pattern (its URL name, or its route when it has no name),
built from `get_resolver()`: a new URL without an entry fails `test_every_routed_url_has_an_entry`
with the pattern's name. Each entry says, for each of the seven roles, what a GET (and, for pages
that write, a POST) answers when the URL is filled with A's objects:

    "orders:cancel": Entry(kwargs=lambda w: {"number": w.order_a.number},
                           get=roles(NOT_ALLOWED, anonymous=LOGIN),
                           post=roles(NOT_FOUND, anonymous=LOGIN, shopper_a=redirect("/orders/")),
                           data=lambda w: {}, watch=lambda w: order_status(w), changes=("shopper_a",)),

`roles(default, **overrides)` fills every role. An answer is a status (`OK`, `NOT_FOUND`,
`FORBIDDEN`, `NOT_ALLOWED`, `BAD_REQUEST`) or a redirect (`LOGIN`: the sign-in page, `ADMIN_LOGIN`,
`redirect("/cart/")`: a 302 whose Location contains that text).

`watch(world)` reads what the POST would change; it must stay the same for every role not in
`changes`, and change for each role in `changes` (so the POST is known to be a real write). Each
role's request runs in a savepoint that is rolled back, so every role meets the same data.

On every response, for every role, no text of A's that the role is not entitled to
(`ENTITLED`) may appear in the body: shopper A's consignee, street, order number and masked ID,
merchant A's draft product, import and rejected rows. `shows(world)` lists text the page must show
the roles in `shown_to` (and nobody else), proving the page really shows A's data to A.

Signed endpoints (payment notices, the sandbox gateway) are authenticated by signature, not by
session: their entries record what they answer to an unsigned request. The cashier and the
payment-return page are reached by unguessable capability links (a cashier token, a payment
reference): their entries record that whoever holds the link is answered, whatever the session.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from heartland.catalog.models import ImportRowError, Product, ProductImage, Variant
from heartland.checkout.models import Address, BuyerIdentity, CartLine
from heartland.markets.models import Market
from heartland.merchants.models import Merchant
from heartland.orders.models import MerchantOrder, Order
from heartland.payments.models import Payment, PaymentNotice
from heartland.payments.tests.conftest import payments_settings  # noqa: F401  (autouse: sandbox on, keys)
from heartland.sandbox_payments.models import SandboxTrade

from .world import (  # noqa: F401  (the fixtures `world` and `w`)
    CONSIGNEE_A,
    DRAFT_TITLE_A,
    IMPORT_NAME_A,
    ROLES,
    ROW_ERROR_A,
    STREET_A,
    World,
    w_fixture,
    world_fixture,
)

pytestmark = pytest.mark.django_db


# --- answers --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    status: int
    to: str | Callable[[World], str] = ""  # for a redirect: text its Location contains

    def problem(self, response, world: World) -> str | None:
        if response.status_code != self.status:
            where = f" → {response.get('Location')}" if response.status_code in (301, 302) else ""
            return f"expected {self}, got {response.status_code}{where}"
        if self.status in (301, 302):
            to = self.to(world) if callable(self.to) else self.to
            if to not in response["Location"]:
                return f"expected a redirect to …{to}…, got {response['Location']}"
        return None

    def __str__(self) -> str:
        return f"{self.status} to …{self.to if isinstance(self.to, str) else '(computed)'}…" if self.to else str(
            self.status)


OK = Answer(200)
NO_CONTENT = Answer(204)
BAD_REQUEST = Answer(400)
FORBIDDEN = Answer(403)
NOT_FOUND = Answer(404)
NOT_ALLOWED = Answer(405)
LOGIN = Answer(302, "/accounts/login/")
ADMIN_LOGIN = Answer(302, "/admin/login/")


def redirect(to: str | Callable[[World], str]) -> Answer:
    return Answer(302, to)


def roles(default: Answer, **overrides: Answer) -> dict[str, Answer]:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


A_PEOPLE = ("owner_a", "staff_a")   # the members of merchant A


def members(answer: Answer, otherwise: Answer = NOT_FOUND, anonymous: Answer = LOGIN) -> dict[str, Answer]:
    """A portal page of merchant A: its members get `answer`, anyone else signed in 404."""
    return roles(otherwise, anonymous=anonymous, **{r: answer for r in A_PEOPLE})


# --- entries --------------------------------------------------------------------------------
@dataclass
class Entry:
    get: dict[str, Answer]
    post: dict[str, Answer] | None = None      # None: the page does not write
    kwargs: Callable[[World], dict] = lambda w: {}
    path: Callable[[World], str] | None = None  # for an unnamed pattern
    query: Callable[[World], dict] = lambda w: {}
    data: Callable[[World], dict] = lambda w: {}
    watch: Callable[[World], object] | None = None
    changes: tuple[str, ...] = ()
    shows: Callable[[World], list[str]] | None = None
    shown_to: tuple[str, ...] = ()
    may_show: dict[str, Callable[[World], list[str]]] = field(default_factory=dict)  # capability links
    note: str = ""


def _orders(w):
    return list(Order.objects.order_by("pk").values_list("pk", "status", "consignee_name"))


def _order_a(w):
    return Order.objects.filter(pk=w.order_a.pk).values_list("status", "consignee_name", "user_id").first()


def _cart_a(w):
    return list(CartLine.objects.filter(cart__user=w.users["shopper_a"]).values_list("variant_id", "quantity"))


def _product_a(w):
    return (Product.objects.filter(pk=w.product_a.pk).values_list("title_en", "status", "handle").first(),
            list(Variant.objects.filter(product=w.product_a).values_list("pk", "price_usd", "sku")),
            list(ProductImage.objects.filter(product=w.product_a).values_list("pk", "alt_text")))


def _merchant_a(w):
    return Merchant.objects.filter(pk=w.merchant_a.pk).values_list("legal_name", "status", "story").first()


def _mo_a(w):
    return MerchantOrder.objects.filter(pk=w.merchant_order_a.pk).values_list("status", "reason").first()


def _catalogue(w):
    return (Product.objects.count(), Variant.objects.count(), ImportRowError.objects.filter(fixed_at__isnull=False).count(),
            w.job_a.__class__.objects.count())


def _payment_a(w):
    return (Payment.objects.filter(pk=w.payment_a.pk).values_list("status").first(), PaymentNotice.objects.count(),
            SandboxTrade.objects.filter(pk=w.trade_a.pk).values_list("status").first())


def _people(w):
    return (list(Address.objects.order_by("pk").values_list("user_id", "name", "street")),
            list(BuyerIdentity.objects.order_by("pk").values_list("user_id", "real_name")))


def _product_form(w, **extra):
    return {"title_en": "Hacked title", "handle": w.product_a.handle, "status": "active", "kind": "physical", "tags": "",
            **extra}


def _variant_form(w):
    wh = w.warehouse_a.pk
    return {"price_usd": "0.01", "grams": "500", "weight_unit": "g", "country_of_origin": "US", "option1": "Hacked",
            "tax_category": "agricultural", "hs_code": "04090000", "sku": "HACKED", f"wh_{wh}": "5"}


def _png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(buf, "PNG")
    return SimpleUploadedFile("x.png", buf.getvalue(), content_type="image/png")


def _csv():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("hack.csv", b"Handle,Title,Variant Price\nhacked-item,Hacked,1.00\n", content_type="text/csv")


PUBLIC = roles(OK)
SIGNED_IN = roles(OK, anonymous=LOGIN)
SLUG_A = {"slug": "a-farm"}
PRODUCT_A = lambda w: {"slug": "a-farm", "pk": w.product_a.pk}  # noqa: E731
ORDER_A = lambda w: {"number": w.order_a.number}  # noqa: E731
A_SHOPPER_TEXT = lambda w: [CONSIGNEE_A, w.order_a.number]  # noqa: E731

MATRIX: dict[str, Entry] = {
    # --- plumbing and public pages -------------------------------------------------------------
    "healthz": Entry(get=PUBLIC),
    "set_language": Entry(get=roles(redirect("/")), post=roles(redirect("/")), data=lambda w: {"language": "en"},
                          note="switches the visitor's own language only"),
    "sell": Entry(get=PUBLIC),
    "storefront:home": Entry(get=PUBLIC),
    "storefront:search": Entry(get=PUBLIC, query=lambda w: {"q": "secret draft smoked trout"},
                               note="a draft is never found, not even by its own merchant"),
    "storefront:suggest": Entry(get=PUBLIC, query=lambda w: {"q": "Secret"}),
    "storefront:category": Entry(get=PUBLIC, kwargs=lambda w: {"slug": "honey"}),
    "storefront:product": Entry(get=PUBLIC, kwargs=lambda w: {"merchant": "a-farm", "handle": w.product_a.handle}),
    "storefront:merchant": Entry(get=PUBLIC, kwargs=lambda w: SLUG_A),
    "storefront:set_market": Entry(get=roles(NOT_ALLOWED), post=roles(redirect("/")), data=lambda w: {"market": "HK"},
                                   note="sets the visitor's own market cookie"),
    "storefront:risk_notice": Entry(get=PUBLIC),
    "storefront:csrf": Entry(get=roles(NO_CONTENT)),

    # --- cart and checkout: each shopper has their own ----------------------------------------------
    "checkout:cart": Entry(get=PUBLIC, shows=lambda w: ["蜂蜜甲"], shown_to=("shopper_a",)),
    "checkout:add": Entry(get=roles(NOT_ALLOWED), post=roles(redirect("/cart/")),
                          data=lambda w: {"variant": w.variant_a.pk, "quantity": 1},
                          watch=_cart_a, changes=("shopper_a",), note="adds to the visitor's own cart"),
    "checkout:update_line": Entry(kwargs=lambda w: {"line_id": w.cart_line_a.pk}, get=roles(NOT_ALLOWED),
                                  post=roles(redirect("/cart/")), data=lambda w: {"quantity": 7},
                                  watch=_cart_a, changes=("shopper_a",)),
    "checkout:checkout": Entry(
        get=roles(redirect("/cart/"), anonymous=LOGIN, shopper_a=OK, shopper_b=OK),
        post=roles(redirect("/cart/"), anonymous=LOGIN, shopper_a=redirect("/pay/sandbox/"), shopper_b=OK),
        # A's own idempotency key: B cannot reach A's order with it
        data=lambda w: {"key": "authz-order-a", "name": "王五", "phone": "13700000000", "region": "四川省",
                        "city": "成都市", "district": "武侯区", "street": "另一条路1号", "postcode": "610041",
                        "real_name": "王五", "id_number": "11010519491231002X", "service_level": "standard",
                        "agree": "on"},
        watch=lambda w: (_orders(w), _people(w)), shows=lambda w: [STREET_A], shown_to=("shopper_a",)),

    # --- orders: only the shopper who placed it -----------------------------------------------------
    "orders:list": Entry(get=SIGNED_IN, shows=lambda w: [w.order_a.number],
                         shown_to=("shopper_a",)),
    "orders:detail": Entry(kwargs=ORDER_A, get=roles(NOT_FOUND, anonymous=LOGIN, shopper_a=OK),
                           shows=A_SHOPPER_TEXT, shown_to=("shopper_a",)),
    "orders:cancel": Entry(kwargs=ORDER_A, get=roles(NOT_ALLOWED, anonymous=LOGIN),
                           post=roles(NOT_FOUND, anonymous=LOGIN, shopper_a=redirect(lambda w: w.order_a.number)),
                           watch=_order_a, changes=("shopper_a",)),
    "orders:pay": Entry(kwargs=ORDER_A, get=roles(NOT_ALLOWED, anonymous=LOGIN),
                        post=roles(NOT_FOUND, anonymous=LOGIN, shopper_a=redirect("/pay/sandbox/")),
                        watch=lambda w: (_order_a(w), _payment_a(w)),
                        note="shopper A gets a fresh link to the same payment: nothing changes"),

    # --- payments: signed notices, capability links ----------------------------------------------
    "payments:notify": Entry(
        kwargs=lambda w: {"provider": "sandbox"}, get=roles(NOT_ALLOWED), post=roles(BAD_REQUEST),
        data=lambda w: {"out_trade_no": w.payment_a.reference, "trade_status": "TRADE_SUCCESS",
                        "total_amount": str(w.payment_a.amount), "notify_id": "forged"},
        watch=lambda w: _payment_a(w)[::2],
        note="unsigned notice: 400, recorded (as every notice is) but the payment and the trade do not move"),
    "payments:return": Entry(
        kwargs=lambda w: {"reference": w.payment_a.reference}, get=PUBLIC,
        query=lambda w: {"out_trade_no": w.payment_a.reference, "sign": "forged", "trade_status": "TRADE_SUCCESS"},
        may_show={r: (lambda w: [w.order_a.number]) for r in ROLES},
        note="capability link: the unguessable payment reference; shows the order number and amount, "
             "never the consignee or the ID; a forged signature changes nothing"),
    "sandbox_payments:gateway": Entry(
        get=roles(BAD_REQUEST), post=roles(OK), data=lambda w: {"method": "alipay.trade.close",
                                                                 "biz_content": "{}", "sign": "forged"},
        watch=_payment_a, note="unsigned: GET shows the gateway's error page (400); POST answers a JSON error"),
    "sandbox_payments:cashier": Entry(
        kwargs=lambda w: {"token": w.trade_a.cashier_token}, get=PUBLIC, post=roles(BAD_REQUEST),
        data=lambda w: {"action": "pay", "payer_name": "", "payer_id_number": ""}, watch=_payment_a,
        may_show={r: (lambda w: [CONSIGNEE_A, w.identity_a.masked, w.order_a.number]) for r in ROLES},
        note="capability link: the cashier token (the payment provider's page); whoever holds it may pay; "
             "an invalid payer form changes nothing"),

    # --- shipping: the carriers' signed webhook and the sandbox carrier's signed API --------------
    "fulfillment:tracking": Entry(
        kwargs=lambda w: {"carrier": "sandbox"}, get=roles(NOT_ALLOWED), post=roles(FORBIDDEN),
        data=lambda w: {"waybill": "X1", "status": "delivered", "sign": "forged"}, watch=_order_a,
        note="unsigned tracking event: 403, nothing recorded"),
    "sandbox_carrier:api": Entry(
        get=roles(NOT_ALLOWED), post=roles(FORBIDDEN), data=lambda w: {"method": "book", "sign": "forged"},
        watch=_order_a, note="unsigned call: refused"),

    # --- the merchant portal: members of the merchant only --------------------------------------
    "portal:index": Entry(get=roles(OK, anonymous=LOGIN, owner_a=redirect("/portal/m/a-farm/"),
                                    staff_a=redirect("/portal/m/a-farm/"), owner_b=redirect("/portal/m/b-farm/"))),
    "portal:apply": Entry(get=SIGNED_IN, post=roles(OK, anonymous=LOGIN), data=lambda w: {"legal_name": ""},
                          watch=lambda w: Merchant.objects.count(), note="an invalid application writes nothing"),
    "portal:dashboard": Entry(kwargs=lambda w: SLUG_A, get=members(OK)),
    "portal:application": Entry(kwargs=lambda w: SLUG_A, get=members(OK),
                                post=members(redirect("/portal/m/a-farm/application/")),
                                data=lambda w: {"legal_name": "A Farm LLC", "trading_name": "A Farm", "state": "WI",
                                                "kind": "farm", "city": "Wausau", "story": "Hacked story"},
                                watch=_merchant_a, changes=A_PEOPLE),
    "portal:product_list": Entry(kwargs=lambda w: SLUG_A, get=members(OK), shows=lambda w: [DRAFT_TITLE_A],
                                 shown_to=A_PEOPLE),
    "portal:product_new": Entry(kwargs=lambda w: SLUG_A, get=members(OK), post=members(redirect("/portal/m/a-farm/")),
                                data=lambda w: _product_form(w, handle="brand-new"), watch=_catalogue,
                                changes=A_PEOPLE),
    "portal:product_edit": Entry(kwargs=PRODUCT_A, get=members(OK),
                                 post=members(redirect(lambda w: f"/products/{w.product_a.pk}/")),
                                 data=_product_form, watch=_product_a, changes=A_PEOPLE),
    "portal:variant_new": Entry(kwargs=PRODUCT_A, get=members(OK),
                                post=members(redirect(lambda w: f"/products/{w.product_a.pk}/")),
                                data=_variant_form, watch=_product_a, changes=A_PEOPLE),
    "portal:variant_edit": Entry(kwargs=lambda w: {**PRODUCT_A(w), "variant_pk": w.variant_a.pk}, get=members(OK),
                                 post=members(redirect(lambda w: f"/products/{w.product_a.pk}/")),
                                 data=_variant_form, watch=_product_a, changes=A_PEOPLE),
    "portal:variant_delete": Entry(
        kwargs=lambda w: {"slug": "a-farm", "pk": w.draft_a.pk, "variant_pk": w.draft_a.variants.get(sku="A-DRAFT-2").pk},
        get=roles(NOT_ALLOWED, anonymous=LOGIN), post=members(redirect(lambda w: f"/products/{w.draft_a.pk}/")),
        watch=lambda w: list(Variant.objects.filter(product=w.draft_a).values_list("pk")), changes=A_PEOPLE),
    "portal:image_upload": Entry(kwargs=PRODUCT_A, get=roles(NOT_ALLOWED, anonymous=LOGIN),
                                 post=members(redirect(lambda w: f"/products/{w.product_a.pk}/")),
                                 data=lambda w: {"image": _png(), "alt_text": "hacked"}, watch=_product_a,
                                 changes=A_PEOPLE),
    "portal:image_delete": Entry(kwargs=lambda w: {**PRODUCT_A(w), "image_pk": w.image_a.pk},
                                 get=roles(NOT_ALLOWED, anonymous=LOGIN),
                                 post=members(redirect(lambda w: f"/products/{w.product_a.pk}/")),
                                 watch=_product_a, changes=A_PEOPLE),
    "portal:imports": Entry(kwargs=lambda w: SLUG_A, get=members(OK), post=members(redirect("/imports/")),
                            data=lambda w: {"file": _csv()}, watch=_catalogue, changes=A_PEOPLE,
                            shows=lambda w: [IMPORT_NAME_A], shown_to=A_PEOPLE),
    "portal:import_detail": Entry(kwargs=lambda w: {"slug": "a-farm", "pk": w.job_a.pk}, get=members(OK),
                                  shows=lambda w: [ROW_ERROR_A], shown_to=A_PEOPLE),
    "portal:import_fix_row": Entry(
        kwargs=lambda w: {"slug": "a-farm", "pk": w.job_a.pk, "error_pk": w.row_error_a.pk}, get=members(OK),
        post=members(redirect(lambda w: f"/imports/{w.job_a.pk}/")),
        data=lambda w: {"handle": "fixed-by-form", "title": "Fixed", "price": "3.00"}, watch=_catalogue, changes=A_PEOPLE),
    "portal:export_csv": Entry(kwargs=lambda w: SLUG_A, get=members(OK), shows=lambda w: [DRAFT_TITLE_A],
                               shown_to=A_PEOPLE),
    "portal:orders": Entry(kwargs=lambda w: SLUG_A, get=members(OK), shows=lambda w: [w.merchant_order_a.number],
                           shown_to=A_PEOPLE),
    "portal:order_detail": Entry(
        kwargs=lambda w: {"slug": "a-farm", "number": w.merchant_order_a.number}, get=members(OK),
        post=members(redirect(lambda w: w.merchant_order_a.number)), data=lambda w: {"action": "cancel",
                                                                                     "reason": "hacked"},
        watch=_mo_a, note="the order is unpaid, so even A's members cannot cancel it: nothing changes"),
}


# --- fulfillment ------------------------------------------------------------------------------------
def _shipping_rows(w):
    from heartland.fulfillment.models import Shipment, TrackingEvent
    from heartland.sandbox_carrier.models import SandboxParcel

    return (list(Shipment.objects.values_list("pk", "tracking_number", "status")),
            TrackingEvent.objects.count(), SandboxParcel.objects.count())


PART_A = lambda w: {"slug": "a-farm", "number": w.merchant_order_a.number}  # noqa: E731
MATRIX.update({
    "fulfillment:tracking": Entry(
        kwargs=lambda w: {"carrier": "sandbox"}, get=roles(NOT_ALLOWED), post=roles(FORBIDDEN),
        data=lambda w: {"payload": '{"events": []}', "signature": "forged"}, watch=_shipping_rows,
        note="a carrier's webhook, authenticated by its HMAC signature: a forged POST is 403 and records nothing"),
    "sandbox_carrier:api": Entry(
        get=roles(NOT_ALLOWED), post=roles(FORBIDDEN),
        data=lambda w: {"method": "book", "payload": "{}", "signature": "forged"}, watch=_shipping_rows,
        note="the sandbox carrier's API, authenticated by its HMAC signature: a forged request books nothing"),
    "portal:order_ship": Entry(
        kwargs=PART_A, get=members(redirect(lambda w: w.merchant_order_a.number)),
        post=members(redirect(lambda w: w.merchant_order_a.number)),
        data=lambda w: {"service_level": "standard", "pkg-TOTAL_FORMS": "1", "pkg-INITIAL_FORMS": "0",
                        "pkg-0-weight_kg": "1.000"},
        watch=lambda w: (_mo_a(w), _shipping_rows(w)),
        note="A's part is unpaid, so even A's members are sent back to the order and nothing is booked; booking an "
             "accepted part, and B never shipping A's, are in portal/tests/test_shipping.py"),
    "portal:shipment_document": Entry(
        kwargs=lambda w: {**PART_A(w), "kind": "label"}, get=members(NOT_FOUND),
        note="A's part has no shipment yet: no document for anyone; A's members download a shipped part's PDFs "
             "and B gets 404 in portal/tests/test_shipping.py"),
})


# --- allauth (the shopper's and the merchant's sign-in) ---------------------------------------------
SIGNED_IN_AWAY = redirect("/portal/")
MATRIX.update({
    "account_login": Entry(get=roles(SIGNED_IN_AWAY, anonymous=OK)),
    "account_logout": Entry(get=roles(OK, anonymous=redirect("/"))),
    "account_inactive": Entry(get=PUBLIC),
    "account_signup": Entry(get=roles(SIGNED_IN_AWAY, anonymous=OK)),
    "account_reauthenticate": Entry(get=SIGNED_IN),
    # a code is offered only to a user with a verified e-mail address (shopper A has one)
    "account_request_reauthentication_code": Entry(get=roles(redirect("/accounts/reauthenticate/"), anonymous=LOGIN,
                                                             shopper_a=OK)),
    "account_confirm_reauthentication_code": Entry(get=roles(redirect("/accounts/reauthenticate/code/"),
                                                             anonymous=LOGIN)),
    "account_email": Entry(get=SIGNED_IN),
    "account_email_verification_sent": Entry(get=PUBLIC),
    "account_change_password": Entry(get=SIGNED_IN),
    "account_set_password": Entry(get=roles(redirect("/password/change/"), anonymous=LOGIN)),
    "account_reset_password": Entry(get=PUBLIC),
    "account_confirm_login_code": Entry(get=roles(redirect("/"), anonymous=redirect("/accounts/login/"))),
    "account_confirm_email": Entry(get=PUBLIC, kwargs=lambda w: {"key": "not-a-key"}),
    "account_reset_password_from_key_done": Entry(get=PUBLIC),
    "account_reset_password_from_key": Entry(get=PUBLIC, kwargs=lambda w: {"uidb36": "1", "key": "not-a-key"}),
    "account_reset_password_done": Entry(get=PUBLIC),
})


# --- the operators' admin ---------------------------------------------------------------------------
OPERATOR_ONLY = roles(ADMIN_LOGIN, operator=OK)


def admin_model(app: str, model: str, obj: Callable[[World], object] | None, *, add: bool = True,
                delete: bool = True) -> dict[str, Entry]:
    """The five pages Django's admin gives a registered model (and the bare object URL), for one
    object of A's (`obj` gives its pk); `obj=None`: the world has none, the operator is sent back
    to the admin index ("doesn't exist")."""
    pk = (lambda w: str(obj(w))) if obj else (lambda w: "0")  # noqa: E731
    seen = OPERATOR_ONLY if obj else roles(ADMIN_LOGIN, operator=redirect("/admin/"))
    base = f"admin:{app}_{model}"
    return {
        f"{base}_changelist": Entry(get=OPERATOR_ONLY),
        f"{base}_add": Entry(get=OPERATOR_ONLY if add else roles(ADMIN_LOGIN, operator=FORBIDDEN)),
        f"{base}_history": Entry(get=seen, kwargs=lambda w: {"object_id": pk(w)}),
        f"{base}_delete": Entry(get=seen if delete else roles(ADMIN_LOGIN, operator=FORBIDDEN),
                                kwargs=lambda w: {"object_id": pk(w)}),
        f"{base}_change": Entry(get=seen, kwargs=lambda w: {"object_id": pk(w)}),
        f"admin/{app}/{model}/<path:object_id>/": Entry(
            path=lambda w: f"/admin/{app}/{model}/{pk(w)}/",
            get=roles(ADMIN_LOGIN, operator=redirect(lambda w: f"/admin/{app}/{model}/{pk(w)}/change/")),
            note="the bare object URL redirects to its change page"),
    }


MATRIX.update({
    "admin:index": Entry(get=OPERATOR_ONLY),
    "admin:login": Entry(get=roles(OK, operator=redirect("/admin/"))),
    "admin:logout": Entry(get=roles(redirect("/admin/"), operator=NOT_ALLOWED),
                          post=roles(redirect("/admin/"), operator=OK), watch=lambda w: None,
                          note="signs the operator out; anyone else is sent to the admin index (then its login)"),
    "admin:password_change": Entry(get=OPERATOR_ONLY),
    "admin:password_change_done": Entry(get=OPERATOR_ONLY),
    "admin:autocomplete": Entry(get=roles(ADMIN_LOGIN, operator=FORBIDDEN)),
    "admin:jsi18n": Entry(get=OPERATOR_ONLY),
    "admin:view_on_site": Entry(get=roles(ADMIN_LOGIN, operator=NOT_FOUND), kwargs=lambda w: {"content_type_id": "0", "object_id": "0"}),
    "admin:app_list": Entry(get=OPERATOR_ONLY, kwargs=lambda w: {"app_label": "catalog"}),
    "admin/(?P<url>.*)$": Entry(get=roles(ADMIN_LOGIN, operator=NOT_FOUND), path=lambda w: "/admin/nowhere/"),
    "admin:auth_user_password_change": Entry(get=OPERATOR_ONLY, kwargs=lambda w: {"id": w.users["shopper_a"].pk}),
    "admin:merchants_merchant_approve": Entry(
        kwargs=lambda w: {"pk": w.merchant_a.pk}, get=roles(ADMIN_LOGIN, operator=redirect("/change/")),
        post=roles(ADMIN_LOGIN, operator=redirect("/change/")), watch=_merchant_a,
        note="A is approved already: the operator's approve changes nothing"),
    "admin:merchants_merchant_reject": Entry(
        kwargs=lambda w: {"pk": w.merchant_a.pk}, get=OPERATOR_ONLY,
        post=roles(ADMIN_LOGIN, operator=OK), data=lambda w: {"reason": ""}, watch=_merchant_a,
        note="an empty reason is refused: nothing changes"),
    "admin:markets_rules": Entry(get=OPERATOR_ONLY),
    **admin_model("auth", "group", lambda w: w.group.pk),
    **admin_model("account", "emailaddress", lambda w: w.email_a.pk),
    **admin_model("accounts", "user", lambda w: w.users["shopper_a"].pk),
    **admin_model("merchants", "merchant", lambda w: w.merchant_a.pk),
    **admin_model("merchants", "merchantstatuschange", lambda w: w.status_change_a.pk, add=False, delete=False),
    **admin_model("catalog", "category", lambda w: 1),
    **admin_model("catalog", "product", lambda w: w.draft_a.pk),
    **admin_model("catalog", "importjob", lambda w: w.job_a.pk),
    **admin_model("inventory", "warehouse", lambda w: w.warehouse_a.pk),
    **admin_model("inventory", "stocklevel", lambda w: w.stock_a.pk),
    **admin_model("markets", "market", lambda w: Market.objects.get(code="CN").pk),
    **admin_model("markets", "fxrate", lambda w: w.fx_rate.pk, delete=False),
    **admin_model("markets", "positivelistedition", None, add=False),
    **admin_model("payments", "payment", lambda w: w.payment_a.pk, add=False, delete=False),
    **admin_model("payments", "paymentnotice", None, add=False, delete=False),
    **admin_model("payments", "refund", None, add=False, delete=False),
    **admin_model("sandbox_payments", "sandboxtrade", lambda w: w.trade_a.pk, add=False, delete=False),
    **admin_model("orders", "order", lambda w: w.order_a.pk, add=False, delete=False),
    **admin_model("orders", "orderrefund", None, add=False, delete=False),
    **admin_model("search", "zeroresultquery", None, add=False, delete=False),
    # Routed only with DEBUG on (make demo): merchants' uploaded images, public by nature.
    "^media/(?P<path>.*)$": Entry(get=roles(NOT_FOUND), path=lambda w: "/media/no-such-image.webp"),
})
MATRIX["admin:catalog_product_delete"].post = roles(ADMIN_LOGIN, operator=redirect("/admin/catalog/product/"))
MATRIX["admin:catalog_product_delete"].data = lambda w: {"post": "yes"}
MATRIX["admin:catalog_product_delete"].watch = lambda w: Product.objects.filter(pk=w.draft_a.pk).exists()
MATRIX["admin:catalog_product_delete"].changes = ("operator",)

# --- sandbox customs --------------------------------------------------------------------------------
def _sandbox_customs_rows(w):
    from heartland.sandbox_customs.models import SandboxDocument, SandboxMessage, SandboxReceipt

    return SandboxMessage.objects.count(), SandboxDocument.objects.count(), SandboxReceipt.objects.count()


MATRIX.update({
    "sandbox_customs:dxp": Entry(
        get=roles(NOT_ALLOWED), post=roles(Answer(415)), data=lambda w: {"xml": "<forged/>"},
        watch=_sandbox_customs_rows,
        note="the sandbox customs' DXP endpoint, authenticated by the message's XML signature (the platform's "
             "certificate), not by a session: a form is 415; an XML message not signed by the platform is 403 with "
             "a CEB900 and nothing is stored (sandbox_customs/tests/test_service.py)"),
    **admin_model("sandbox_customs", "sandboxmessage", None, add=False, delete=False),
    **admin_model("sandbox_customs", "sandboxdocument", None, add=False, delete=False),
    **admin_model("sandbox_customs", "sandboxreceipt", None, add=False, delete=False),
})

# --- customs ---------------------------------------------------------------------------------------
MATRIX.update({
    "customs:receipts": Entry(
        get=roles(NOT_ALLOWED), post=roles(FORBIDDEN),
        data=lambda w: {"xml": "<CEB312Message xmlns='http://www.chinaport.gov.cn/ceb'/>"}, watch=_order_a,
        note="customs' receipts: only a receipt signed with customs' certificate is read; unsigned: 403, "
             "nothing stored"),
    **admin_model("customs", "customsmessage", None, add=False, delete=False),
    **admin_model("customs", "customsreceipt", None, add=False, delete=False),
    **admin_model("customs", "rejectedpart", None, add=False, delete=False),
})


# --- ledger ----------------------------------------------------------------------------------------
MATRIX.update({
    "admin:ledger_trial_balance": Entry(get=OPERATOR_ONLY),
    **admin_model("ledger", "account", None, add=False, delete=False),
    **admin_model("ledger", "journalentry", None, add=False, delete=False),
    **admin_model("ledger", "pendingevent", None, add=False, delete=False),
    **admin_model("ledger", "commissionrate", lambda w: _commission_rate(w)),
})


def _commission_rate(w):
    from heartland.ledger.models import CommissionRate

    return CommissionRate.objects.order_by("pk").first().pk


# --- payouts ---------------------------------------------------------------------------------------
def _bank_a(w):
    from heartland.payouts.models import BankAccount

    return list(BankAccount.objects.filter(merchant=w.merchant_a).values_list(
        "holder_name", "account_type", "routing_number_encrypted", "account_number_encrypted"))


MONTH_A = lambda w: {"slug": "a-farm", "period": "2025-01"}  # noqa: E731
MATRIX.update({
    "payouts:overview": Entry(kwargs=lambda w: SLUG_A, get=members(OK),
                              note="A's balance, orders' gross → commission → net and payouts: A's members only"),
    "payouts:bank": Entry(
        kwargs=lambda w: SLUG_A, get=members(OK),
        post=roles(NOT_FOUND, anonymous=LOGIN, owner_a=redirect("/money/a-farm/bank/")),
        data=lambda w: {"holder_name": "Intruder LLC", "account_type": "checking", "routing_number": "011000015",
                        "account_number": "99990000"},
        watch=_bank_a, changes=("owner_a",),
        note="bank details: A's members see them masked; only A's owner changes them (staff and B: 404)"),
    "payouts:statement_csv": Entry(kwargs=MONTH_A, get=members(OK), note="A's monthly statement: A's members only"),
    "payouts:statement_pdf": Entry(kwargs=MONTH_A, get=members(OK), note="A's monthly statement: A's members only"),
    "admin:payouts_settlementimport_upload": Entry(get=OPERATOR_ONLY,
                                                   note="the operator uploads the provider's settlement file"),
    "admin:payouts_payoutrun_file": Entry(kwargs=lambda w: {"pk": 0}, get=roles(ADMIN_LOGIN, operator=NOT_FOUND),
                                          note="a run's NACHA file, for operators; no such run here"),
    **admin_model("payouts", "payoutsettings", None, delete=False),
    **admin_model("payouts", "bankaccount", None, add=False, delete=False),
    **admin_model("payouts", "settlementimport", None, add=False, delete=False),
    **admin_model("payouts", "settlementdifference", None, add=False, delete=False),
    **admin_model("payouts", "payoutrun", None, add=False, delete=False),
    **admin_model("payouts", "payout", None, add=False, delete=False),
})


# --- returns ---------------------------------------------------------------------------------------
RETURN_REASON_A = "Authz return reason: the jar leaked"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Return photos of this module's tests land in the test's own private folder."""
    settings.HEARTLAND_PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _return_a(w):
    """Shopper A's return of a delivered part of merchant A (made once per test, on first use)."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from heartland.fulfillment import returns as return_services
    from heartland.fulfillment.models import Return
    from heartland.orders.models import OrderEvent, OrderLine

    found = Return.objects.filter(merchant_order__merchant=w.merchant_a).first()
    if found is not None:
        return found
    shopper = w.users["shopper_a"]
    order = Order.objects.create(
        number="HLRETURNA001", user=shopper, idempotency_key="authz-return-a", market="HK", currency="HKD",
        status="paid", buyer_name=CONSIGNEE_A, consignee_name=CONSIGNEE_A, consignee_phone="+85291234567",
        consignee_country="HK", consignee_address=STREET_A, goods=Decimal("280.00"), total=Decimal("310.00"),
        freight=Decimal("30.00"))
    mo = MerchantOrder.objects.create(order=order, merchant=w.merchant_a, number="HLRETURNA001-1", status="delivered",
                                      goods=Decimal("280.00"), freight=Decimal("30.00"), total=Decimal("310.00"))
    OrderLine.objects.create(merchant_order=mo, variant=w.variant_a, product_handle="a-honey", title_en="A honey",
                             tax_category="agricultural", quantity=2, unit_price=Decimal("140.00"),
                             unit_price_usd=Decimal("18.00"), goods=Decimal("280.00"))
    event = OrderEvent.objects.create(order=order, merchant_order=mo, from_status="shipped", to_status="delivered",
                                      event="carrier")
    OrderEvent.objects.filter(pk=event.pk).update(at=timezone.now() - timedelta(days=1))
    return return_services.request_return(merchant_order=mo, user=shopper, quantities={mo.lines.get().pk: 1},
                                          reason=RETURN_REASON_A, unused=True, photos=[_png()])


def _returns_of_a(w):
    from heartland.fulfillment.models import Return

    return list(Return.objects.filter(merchant_order__merchant=w.merchant_a).order_by("pk")
                .values_list("pk", "status", "refusal_reason"))


RETURN_A = lambda w: {"pk": _return_a(w).pk}  # noqa: E731
PORTAL_RETURN_A = lambda w: {"slug": "a-farm", "pk": _return_a(w).pk}  # noqa: E731
SHOPPER_A_ONLY = roles(NOT_FOUND, anonymous=LOGIN, shopper_a=OK)
MATRIX.update({
    "returns:new": Entry(
        kwargs=lambda w: {"part": _return_a(w).merchant_order.number}, get=SHOPPER_A_ONLY,
        post=roles(NOT_FOUND, anonymous=LOGIN, shopper_a=redirect("/returns/")),
        data=lambda w: {f"qty_{_return_a(w).merchant_order.lines.get().pk}": "1", "reason": "again", "unused": "1"},
        watch=_returns_of_a, changes=("shopper_a",),
        shows=lambda w: [_return_a(w).merchant_order.number], shown_to=("shopper_a",),
        note="only the order's shopper may ask for a return of its part; anyone else: 404, nothing written"),
    "returns:detail": Entry(kwargs=RETURN_A, get=SHOPPER_A_ONLY, shows=lambda w: [RETURN_REASON_A],
                            shown_to=("shopper_a",)),
    "returns:photo": Entry(kwargs=lambda w: {**RETURN_A(w), "photo_pk": _return_a(w).photos.get().pk},
                           get=SHOPPER_A_ONLY, note="private: the shopper and the farm only, never a public URL"),
    "portal:returns": Entry(kwargs=lambda w: (_return_a(w), SLUG_A)[1], get=members(OK),
                            shows=lambda w: [_return_a(w).merchant_order.number], shown_to=A_PEOPLE),
    "portal:return_detail": Entry(
        kwargs=PORTAL_RETURN_A, get=members(OK),
        post=members(redirect(lambda w: f"/returns/{_return_a(w).pk}/")),
        data=lambda w: {"action": "refuse", "reason": "hacked"}, watch=_returns_of_a, changes=A_PEOPLE,
        shows=lambda w: [RETURN_REASON_A, CONSIGNEE_A], shown_to=A_PEOPLE),
    "portal:return_photo": Entry(kwargs=lambda w: {**PORTAL_RETURN_A(w), "photo_pk": _return_a(w).photos.get().pk},
                                 get=members(OK)),
    **admin_model("fulfillment", "return", lambda w: _return_a(w).pk, add=False, delete=False),
})


# --- who is entitled to which of A's text -------------------------------------------------------------
def entitled(world: World) -> dict[str, set[str]]:
    shopper = {CONSIGNEE_A, STREET_A, world.order_a.number, world.merchant_order_a.number, world.identity_a.masked}
    merchant = {DRAFT_TITLE_A, IMPORT_NAME_A, ROW_ERROR_A, world.merchant_order_a.number, world.order_a.number,
                CONSIGNEE_A, STREET_A}
    everything = set(world.secrets)
    return {"anonymous": set(), "shopper_a": shopper, "shopper_b": set(), "owner_a": merchant, "owner_b": set(),
            "staff_a": merchant, "operator": everything}


# --- running it ---------------------------------------------------------------------------------------
def _walk(patterns, ns: str = "", prefix: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield (f"{ns}{p.name}" if p.name else prefix + str(p.pattern)), prefix + str(p.pattern)


def routed() -> dict[str, str]:
    return dict(_walk(get_resolver().url_patterns))


def test_every_routed_url_has_an_entry():
    urls = routed()
    missing = [f"{key}  ({route})" for key, route in urls.items() if key not in MATRIX]
    assert not missing, "URL patterns without an entry in the authorization matrix:\n  " + "\n  ".join(missing)
    # routed or not depending on whether heartland.urls was first imported before the tests switched DEBUG off
    debug_only = {"^media/(?P<path>.*)$"}
    stale = sorted(set(MATRIX) - set(urls) - debug_only)
    assert not stale, f"matrix entries for patterns no longer routed: {stale}"


def test_every_entry_names_every_role_and_a_post_that_writes_is_watched():
    for key, entry in MATRIX.items():
        for method, answers in (("GET", entry.get), ("POST", entry.post)):
            if answers is not None:
                assert set(answers) == set(ROLES), f"{key} {method}: roles {set(ROLES) ^ set(answers)}"
        if entry.post is not None:
            assert entry.watch is not None or entry.note, f"{key}: a POST entry says what it watches or why not"
        assert set(entry.changes) <= set(ROLES) and set(entry.shown_to) <= set(ROLES), key


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _request(w: World, role: str, method: str, url: str, entry: Entry):
    client = Client()
    if role != "anonymous":
        client.force_login(w.users[role])
    if method == "GET":
        return client.get(url, entry.query(w))
    return client.post(url, entry.data(w))


def _url(key: str, entry: Entry, w: World) -> str:
    return entry.path(w) if entry.path else reverse(key, kwargs=entry.kwargs(w))


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_matrix(key, w):
    entry = MATRIX[key]
    url = _url(key, entry, w)
    allowed = entitled(w)
    problems = []
    for method, answers in (("GET", entry.get), ("POST", entry.post)):
        if answers is None:
            continue
        for role in ROLES:
            sid = transaction.savepoint()
            try:
                before = entry.watch(w) if method == "POST" and entry.watch else None
                response = _request(w, role, method, url, entry)
                where = f"{method} {url} as {role}"
                problem = answers[role].problem(response, w)
                if problem:
                    problems.append(f"{where}: {problem}")
                body = _body(response)
                ok_texts = allowed[role] | set(entry.may_show.get(role, lambda w: [])(w))
                leaked = [t for t in w.secrets if t not in ok_texts and t in body]
                if leaked:
                    problems.append(f"{where}: shows A's {leaked}")
                if method == "GET" and entry.shows:
                    for text in entry.shows(w):
                        if (text in body) != (role in entry.shown_to):
                            problems.append(f"{where}: {text!r} {'missing' if role in entry.shown_to else 'shown'}")
                if method == "POST" and entry.watch:
                    after = entry.watch(w)
                    if role in entry.changes and after == before:
                        problems.append(f"{where}: the POST changed nothing (is the test's data right?)")
                    if role not in entry.changes and after != before:
                        problems.append(f"{where}: CHANGED {before!r} → {after!r}")
            finally:
                transaction.savepoint_rollback(sid)
    assert not problems, f"{key}:\n  " + "\n  ".join(problems)


def test_capability_links_answer_404_to_a_wrong_token_or_reference(w):
    """The cashier and the payment-return page answer only to the exact link."""
    client = Client()
    client.force_login(w.users["shopper_b"])
    def another(link: str) -> str:  # the same link with its last character changed
        return link[:-1] + ("x" if link[-1] != "x" else "y")

    for url in (reverse("sandbox_payments:cashier", kwargs={"token": another(w.trade_a.cashier_token)}),
                reverse("payments:return", kwargs={"reference": another(w.payment_a.reference)})):
        response = client.get(url)
        assert response.status_code == 404, url
        assert CONSIGNEE_A not in _body(response) and w.order_a.number not in _body(response)

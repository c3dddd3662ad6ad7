from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation

STAFF_PREFIXES = ("/portal/", "/admin/")


class EnglishForStaffPagesMiddleware:
    """Merchants and operators work in English whatever the browser says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(STAFF_PREFIXES):
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return self.get_response(request)


class RefuseNulMiddleware:
    """A NUL character in the path, the query string, a form field or a cookie is never part of a
    real request, and PostgreSQL refuses it in any text it is asked to compare or store: the view
    would answer a server error. Such a request is answered 400 before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return HttpResponseBadRequest("Bad request: NUL character.", content_type="text/plain")
        return self.get_response(request)


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or "\x00" in str(request.GET):
        return True
    if any("\x00" in k or "\x00" in v for k, v in request.COOKIES.items()):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method != "POST":
        return False
    if content_type.startswith("application/x-www-form-urlencoded"):
        # The raw body (Django keeps it, so the view may still read request.body or request.POST).
        body = request.body
        return b"\x00" in body or b"%00" in body
    if content_type.startswith("multipart/form-data"):  # the fields, not the files
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        if length > (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0):
            return False  # a large upload is streamed to its view untouched
        request.body  # kept, so the view may read request.body as well as request.POST  # noqa: B018
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.POST.lists())
    return False

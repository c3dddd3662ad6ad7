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

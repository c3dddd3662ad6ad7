"""Serving a private file (a return photo) to someone a view has already found entitled to it:
never cached by a shared cache, never sniffed into another type."""
from __future__ import annotations

from django.http import FileResponse, Http404

from .models import ReturnPhoto


def photo_response(photo: ReturnPhoto) -> FileResponse:
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("no such photo") from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="return-{photo.return_request_id}-{photo.pk}.' \
                                      f'{"png" if photo.content_type == "image/png" else "jpg"}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def sell(request):
    """For US businesses: what Heartland does for them, and how to join."""
    return render(request, "core/sell.html")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})

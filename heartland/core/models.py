"""Shapes shared by every app's models (abstract: no table of their own)."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class StateChange(models.Model):
    """One audit row per state change that matters to money, customs or trust: what moved
    (the subclass's foreign key), from, to, the event that caused it, who, when and why.
    Written by the owning app's services in the same transaction as the change; never edited."""

    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    event = models.CharField(max_length=120, help_text="What caused it: a person's role, a notice, a task.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status} ({self.event})"

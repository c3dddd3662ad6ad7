from django.db import models


class PageGeneration(models.Model):
    """One row: bumped (on commit) whenever something an anonymous shopper's page shows changes.

    Every cached page is keyed by the value read before it was rendered, so a bump makes every
    process render afresh; see `heartland.storefront.pagecache`.
    """

    value = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"page generation {self.value}"

"""Index updates in the background (Huey). Both tasks are safe to run twice, or concurrently:
they read the catalog as it is now and upsert/delete documents by product id."""
from huey.contrib.djhuey import db_task

from .indexing import index_products, rebuild


@db_task(retries=3, retry_delay=10)
def reindex_products(product_ids: list[int]) -> int:
    """Re-index these products (create, update or delete their documents)."""
    return index_products(product_ids)


@db_task(retries=1, retry_delay=60)
def reindex_all() -> int:
    """Re-index the whole catalog (a market opened or closed, the positive list changed)."""
    return rebuild().listed

"""The caches' work on the task queue: purges at the edge (portal.cache.edge)."""

from celery import shared_task

from . import edge


@shared_task(autoretry_for=(OSError,), retry_backoff=2, retry_backoff_max=300, max_retries=50)
def purge_edge(keys):
    """Purge `keys` at every edge address; retried while an edge cannot be reached."""
    edge.send_purge(keys)
    return len(keys)

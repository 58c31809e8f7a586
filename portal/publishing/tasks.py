"""The publishing lifecycle's work on the task queue (portal/celery.py)."""

from smtplib import SMTPException

from celery import shared_task

from .review import review_requested


@shared_task(
    autoretry_for=(SMTPException, OSError), retry_backoff=60, retry_backoff_max=3600,
    max_retries=6,
)  # fmt: skip
def email_review_request(ids, model="articles.article"):
    """Tell the Editors that items of `model` wait for review; retried while the mail
    server fails."""
    return review_requested(model, ids)

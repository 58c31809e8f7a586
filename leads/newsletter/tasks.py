"""The newsletter's work on the task queue."""

from smtplib import SMTPException

from celery import shared_task

from .services import confirmation_send


@shared_task(
    autoretry_for=(SMTPException, OSError), retry_backoff=60, retry_backoff_max=3600,
    max_retries=6,
)  # fmt: skip
def send_confirmation(email, token):
    """Send a double opt-in confirmation e-mail."""
    confirmation_send(email=email, token=token)
    return "sent"

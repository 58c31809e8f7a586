"""The task queue (Celery, with Redis as the broker): one app for the whole portal.

Tasks live in each app's `tasks.py` (and `portal/publishing/tasks.py`); the periodic
ones are scheduled in settings (CELERY_BEAT_SCHEDULE) and fired by `make scheduler`,
never by cron. Without a broker (CELERY_BROKER_URL unset, as in development and most
tests) every task runs in the process that enqueued it, once its transaction has
committed.
"""

import os

from celery import Celery, states
from celery.signals import after_task_publish

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["portal.publishing"])  # the lifecycle's review e-mail
app.autodiscover_tasks(["leads.events"])  # reminders, announcements, waiting lists
app.autodiscover_tasks(["portal.cache"])  # purges at the edge


@after_task_publish.connect
def record_pending(sender=None, headers=None, **kwargs):
    """Show a task as pending in the admin's task results from the moment it is queued
    (django-celery-results stores a task only once a worker has taken it)."""
    # Not at the top: this module is imported (portal/__init__.py) before Django is set up.
    from django_celery_results.models import TaskResult

    TaskResult.objects.get_or_create(
        task_id=headers["id"],
        defaults={"status": states.PENDING, "task_name": sender,
                  "task_args": headers.get("argsrepr", "")[:1000]},
    )  # fmt: skip

"""The task queue (Celery, with Redis as the broker): one app for the whole portal.

Tasks live in each app's `tasks.py`; the periodic ones are scheduled in settings
(CELERY_BEAT_SCHEDULE) and fired by `make scheduler`, never by cron. Without a broker
(CELERY_BROKER_URL unset, as in development and most tests) every task runs in the
process that enqueued it, once its transaction has committed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

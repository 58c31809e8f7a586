import pytest
from django.utils import timezone

from leads.newsletter.models import Subscriber


@pytest.fixture
def make_subscriber(db):
    """Return a function making a confirmed subscriber (as if from the e-mail's link)."""

    def make(email, daily=True, weekly=False):
        subscriber = Subscriber.objects.create(email=email, daily=daily, weekly=weekly)
        subscriber.confirm(source="/newsletter/")
        subscriber.created_at = timezone.now()
        return subscriber

    return make

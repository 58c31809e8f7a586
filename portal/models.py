from django.core.files.storage import storages
from django.db import models


class TimeStampedModel(models.Model):
    """Abstract model with creation and last-update times kept by the database layer."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def private_storage():
    """Storage of files readers fetch only through the portal (settings.STORAGES): the
    reports' PDFs and the sales desk's exports."""
    return storages["private"]

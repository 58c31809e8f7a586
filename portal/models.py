from django.db import models


class TimeStampedModel(models.Model):
    """Abstract model with creation and last-update times kept by the database layer."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

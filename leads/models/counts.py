"""The attribution report's roll-ups: leads counted per day and dimension."""

from django.db import models


class LeadDay(models.Model):
    """A day of leads, for the attribution report's roll-ups: 'clean' when its counts in
    LeadDailyCount are current, 'dirty' when a lead of that day changed since."""

    day = models.DateField(primary_key=True)
    clean = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.day} ({'clean' if self.clean else 'dirty'})"

    @classmethod
    def mark_dirty(cls, days):
        """Mark `days` (dates) as changed: their counts are read from the leads again."""
        cls.objects.bulk_create(
            [cls(day=day, clean=False) for day in set(days)],
            update_conflicts=True, unique_fields=["day"], update_fields=["clean"],
        )  # fmt: skip


class LeadDailyCount(models.Model):
    """The leads received on one day for one value of one attribution dimension, with
    how many are now qualified (or won) and won: what a long period's report adds up."""

    day = models.DateField()
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=200, blank=True)
    leads = models.PositiveIntegerField()
    qualified = models.PositiveIntegerField()
    won = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "day", "value"], name="lead_daily_count_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["dimension", "day"],
                include=["value", "leads", "qualified", "won"],
                name="lead_daily_count_idx",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.dimension}={self.value}: {self.leads}"

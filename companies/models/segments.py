"""The one vocabulary of value-chain segments companies and deals share."""

from django.db import models

# The one segment vocabulary of companies and deals, along the value chain: (slug, name).
# Seeded by migrations; editors may add more in the admin.
SEGMENTS = [
    ("mining", "Mining"), ("refining", "Refining"), ("precursor", "Precursor"),
    ("cathode", "Cathode"), ("anode", "Anode"), ("electrolyte", "Electrolyte"),
    ("separator", "Separator"), ("cells", "Cells"), ("packs", "Packs"), ("evs", "EVs"),
    ("recycling", "Recycling"), ("energy-storage", "Energy storage"), ("solar", "Solar"),
]  # fmt: skip


class SegmentQuerySet(models.QuerySet):
    def ensure_vocabulary(self):
        """Create the vocabulary's segments that are missing (fixtures, emptied test databases)."""
        for position, (slug, name) in enumerate(SEGMENTS):
            self.get_or_create(slug=slug, defaults={"name": name, "position": position})
        return self


class Segment(models.Model):
    """A part of the battery value chain (anode, cathode, ...): one list for companies and deals."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = SegmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

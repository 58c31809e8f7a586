"""A short summary of one version of an article in its history: what changed."""

from django.utils.text import capfirst

from portal.times import newsroom_time

WORDY_FIELDS = {"body", "dek"}


def change_summary(record, previous):
    """'Created', or the fields that changed since `previous` (the version before),
    briefly: 'Status: Draft → Published; Body: +42 words'."""
    if previous is None:
        return "Created"
    delta = record.diff_against(previous)
    parts = []
    for change in delta.changes:
        field = record.instance_type._meta.get_field(change.field)
        label = capfirst(field.verbose_name)
        parts.append(f"{label}: {_describe(record, field, change.old, change.new)}")
    return "; ".join(parts) or "No change to the fields kept in the history"


def _describe(record, field, old, new):
    if field.many_to_many:
        return f"{len(new or [])} now (were {len(old or [])})"
    if field.name in WORDY_FIELDS:
        added = len((new or "").split()) - len((old or "").split())
        return f"{added:+d} words" if added else "reworded"
    if field.choices:
        labels = dict(field.choices)
        return f"{labels.get(old, old)} → {labels.get(new, new)}"
    if field.get_internal_type() == "DateTimeField":
        return f"{newsroom_time(old) or 'none'} → {newsroom_time(new) or 'none'}"
    if field.get_internal_type() in ("CharField", "SlugField") and len(str(new or "")) <= 80:
        return f"“{old or ''}” → “{new or ''}”"
    return "changed"

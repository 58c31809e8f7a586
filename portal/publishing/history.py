"""What changed: a short summary of one version in its history, and a word-by-word
diff of two texts (a source since its translation)."""

import difflib

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
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


def diff_html(old, new, context=8):
    """What changed between two texts, word by word: deletions in <del>, insertions in
    <ins>, with `context` words around each change and the rest left out (…)."""
    before, after = (old or "").split(), (new or "").split()
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        chunk = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                chunk.append(escape(" ".join(before[i1:i2])))
                continue
            if i2 > i1:
                chunk.append(format_html("<del>{}</del>", " ".join(before[i1:i2])))
            if j2 > j1:
                chunk.append(format_html("<ins>{}</ins>", " ".join(after[j1:j2])))
        parts.append(" ".join(chunk))
    return mark_safe(" <span class='diff-gap'>…</span> ".join(parts))  # noqa: S308 - escaped above

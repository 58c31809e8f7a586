"""Invalidate cached content when company or deal records change (all are public)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.cache import invalidate_content

from .models import (
    Company,
    CompanyFact,
    Deal,
    DealParty,
    DealPhase,
    DealSource,
    DealStatusChange,
    Segment,
)


def _invalidate(action="post_save", **kwargs):
    if action.startswith("post_"):  # m2m_changed also sends pre_add, pre_remove, ...
        invalidate_content()


MODELS = (Company, CompanyFact, Deal, DealParty, DealPhase, DealSource, DealStatusChange, Segment)
for model in MODELS:
    post_save.connect(_invalidate, sender=model, dispatch_uid=f"invalidate-save-{model}")
    post_delete.connect(_invalidate, sender=model, dispatch_uid=f"invalidate-del-{model}")
for relation in (Company.segments.through, Deal.related_deals.through):
    m2m_changed.connect(_invalidate, sender=relation, dispatch_uid=f"invalidate-{relation}")

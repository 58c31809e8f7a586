"""Invalidate cached pages when company or deal records change."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.cache import bump_content_generation

from .models import (
    Company,
    CompanyFact,
    Deal,
    DealParty,
    DealPhase,
    DealSource,
    DealStatusChange,
)

for model in (Company, CompanyFact, Deal, DealParty, DealPhase, DealSource, DealStatusChange):
    post_save.connect(bump_content_generation, sender=model, dispatch_uid=f"bump-save-{model}")
    post_delete.connect(bump_content_generation, sender=model, dispatch_uid=f"bump-del-{model}")
for relation in (Company.segments.through, Deal.related_deals.through):
    m2m_changed.connect(bump_content_generation, sender=relation, dispatch_uid=f"bump-{relation}")

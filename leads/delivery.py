"""Report download links: signed for one lead and its report, valid REPORT_LINK_DAYS.

A link is `/reports/<slug>/download/<token>/`, the token signed with Django's signing
(the secret key and a salt of its own) over the lead's and the report's ids and the time
it was made. Nothing is stored per link: checking it needs no lookup of the token.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Lead

SALT = "leads.report-download"


class LinkProblem(Exception):
    """Why a link gives no file: 'forged', 'expired', 'other report' or 'shared'.
    For an expired or shared link, `lead` is the lead it was made for."""

    def __init__(self, reason, lead=None):
        super().__init__(reason)
        self.reason, self.lead = reason, lead


def download_url(lead):
    """The download link of the report `lead` asked for."""
    token = signing.dumps({"l": lead.pk, "r": lead.report_id}, salt=SALT)
    return reverse("leads:download", args=[lead.report.slug, token])


def lead_for_link(token, report, *, max_age=None):
    """Return the lead a link `token` was made for, if it holds for `report` now; else
    raise LinkProblem. An expired link of a real lead names its lead (for a fresh one)."""
    days = settings.REPORT_LINK_DAYS if max_age is None else max_age
    try:
        data = signing.loads(token, salt=SALT, max_age=days * 24 * 60 * 60)
        expired = False
    except signing.SignatureExpired:
        data, expired = signing.loads(token, salt=SALT), True
    except signing.BadSignature:
        raise LinkProblem("forged") from None
    lead = Lead.objects.filter(pk=data.get("l"), report_id=data.get("r")).first()
    if lead is None or data.get("r") != report.pk:
        raise LinkProblem("other report" if lead is not None else "forged")
    if expired:
        raise LinkProblem("expired", lead)
    return lead

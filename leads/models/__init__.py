"""The sales desk's models, one module per concern; import them from `leads.models`.

- `lead`: the lead, its QuerySet (queues, attribution), status changes and notes
- `records`: consents, report downloads, the leads' e-mails, sales digests, exports
- `counts`: the attribution report's daily roll-ups
- `events`: registrations for events, the uses of their personal links, sponsor exports
"""

from portal.models import private_storage  # noqa: F401 (named by migrations)

from .counts import LeadDailyCount, LeadDay
from .events import LinkUse, Registration, SponsorExport, SponsorShare
from .lead import ATTRIBUTION, MAX_MESSAGE_LENGTH, ROLLED_UP, Lead, LeadNote, LeadStatusChange
from .records import Consent, LeadEmail, LeadExport, ReportDownload, SalesDigest

__all__ = [
    "ATTRIBUTION", "MAX_MESSAGE_LENGTH", "ROLLED_UP", "Consent", "Lead", "LeadDailyCount",
    "LeadDay", "LeadEmail", "LeadExport", "LeadNote", "LeadStatusChange", "ReportDownload",
    "SalesDigest", "LinkUse", "Registration", "SponsorExport", "SponsorShare",
]  # fmt: skip

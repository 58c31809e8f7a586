"""Companies and the deals tracker, one module per concern; import from `companies.models`.

- `segments`: the value-chain vocabulary companies and deals share
- `company`: company profiles and their dated, sourced facts
- `deal`: deals, their parties, phases, status changes and sources
"""

from .company import ANCESTOR_DEPTH, LOGO_MIN_WIDTH, Company, CompanyFact, validate_source_url
from .deal import (
    CURRENCIES,
    Deal,
    DealParty,
    DealPhase,
    DealSource,
    DealStatusChange,
    usd_split,
)
from .segments import SEGMENTS, Segment

__all__ = [
    "ANCESTOR_DEPTH", "CURRENCIES", "LOGO_MIN_WIDTH", "SEGMENTS", "Company", "CompanyFact",
    "Deal", "DealParty", "DealPhase", "DealSource", "DealStatusChange", "Segment", "usd_split",
    "validate_source_url",
]  # fmt: skip

"""The consent text readers agree to, and its version (stored with every lead).

Change the version whenever the wording changes, so each lead records what it agreed to.
"""

CONSENT_VERSION = "2026-11-25"
CONSENT_TEXT = (
    "I agree that the publisher may store the details in this form and contact me "
    "about my request, including the report I asked for. I can ask for my data to be "
    "exported or erased at any time."
)

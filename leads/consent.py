"""What readers agree to on the forms: one unticked choice per purpose, each with its
own versioned text. Every agreement is kept as a `leads.Consent` row (purpose, version,
time, form), and the privacy page shows every version ever used.

To change a wording, add a new version at the top of its purpose's list: the forms show
the first one, and the old ones stay, so each stored row still points at its text.
"""

from dataclasses import dataclass

CONTACT = "contact"
NEWSLETTER = "newsletter"


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: str
    text: str


TEXTS = {
    CONTACT: [
        ConsentText(
            CONTACT,
            "2026-12-02",
            "I agree that the publisher may store the details in this form to send me what "
            "I asked for and to contact me about this request. I can ask for my data to be "
            "exported or erased at any time.",
        ),
        ConsentText(
            CONTACT,
            "2026-11-25",
            "I agree that the publisher may store the details in this form and contact me "
            "about my request, including the report I asked for. I can ask for my data to "
            "be exported or erased at any time.",
        ),
    ],
    NEWSLETTER: [
        ConsentText(
            NEWSLETTER,
            "2026-12-02",
            "Send me the newsletter and the alerts I choose. I confirm by e-mail first, and "
            "can unsubscribe with one click in any of them.",
        ),
    ],
}
PURPOSE_NAMES = {CONTACT: "Contact about the request", NEWSLETTER: "Newsletter"}
# Said next to every form and on the privacy page; it is a promise, not a choice.
NO_THIRD_PARTIES = (
    "We never sell or share your details with third parties. They are read only by our "
    "editorial and sales team."
)


def current(purpose):
    """The text readers are shown now for `purpose`."""
    return TEXTS[purpose][0]


def text_of(purpose, version):
    """The text of `purpose` at `version` ('' if unknown)."""
    return next((t.text for t in TEXTS.get(purpose, []) if t.version == version), "")

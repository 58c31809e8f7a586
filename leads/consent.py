"""What readers agree to on the forms: one unticked choice per purpose, each with its
own versioned text. Every agreement is kept as a `leads.Consent` row (purpose, version,
time, form), and the privacy page shows every version ever used.

To change a wording, add a new version at the top of its purpose's list: the forms show
the first one in the edition's language, and the old ones stay, so each stored row (which
keeps the version and the language it was given in) still points at its text.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CONTACT = "contact"
NEWSLETTER = "newsletter"
REGISTRATION = "registration"
SPONSOR = "sponsor"


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: str
    text: str
    language: str = settings.LANGUAGE_CODE  # each edition's readers agree to their own

    @property
    def shown(self):
        """The text as the privacy page lists it: a party the form names, described."""
        return self.text.replace("{parties}", str(_("(the sponsors named on the form)")))


TEXTS = {
    CONTACT: [
        ConsentText(
            CONTACT,
            "2026-12-04",
            "我同意出版方保存本表单中的信息，用于向我发送我所索取的内容，并就本次请求与我联系。"
            "我可以随时要求导出或删除我的数据。",
            "zh-hans",
        ),
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
            "2026-12-04",
            "向我发送新闻简报和我选择的提醒。我会先通过电子邮件确认，并可在任何一封邮件中一键退订。",
            "zh-hans",
        ),
        ConsentText(
            NEWSLETTER,
            "2026-12-02",
            "Send me the newsletter and the alerts I choose. I confirm by e-mail first, and "
            "can unsubscribe with one click in any of them.",
        ),
    ],
    REGISTRATION: [
        ConsentText(
            REGISTRATION,
            "2026-12-04",
            "我同意出版方保存本表单中的信息，用于为我办理本次活动的报名，向我发送参会信息、提醒和回放，"
            "并就本次活动与我联系。我可以随时要求导出或删除我的数据。",
            "zh-hans",
        ),
        ConsentText(
            REGISTRATION,
            "2026-12-04",
            "I agree that the publisher may store the details in this form to register me "
            "for this event, send me its joining details, reminders and recording, and "
            "contact me about it. I can ask for my data to be exported or erased at any time.",
        ),
    ],
    # Named in the text: the sponsors of the event (a ConsentText's {parties}).
    SPONSOR: [
        ConsentText(
            SPONSOR,
            "2026-12-04",
            "我同意出版方将我的姓名、公司、职务和电子邮件提供给本次活动的赞助方 {parties}，"
            "以便其就其产品和服务与我联系。",
            "zh-hans",
        ),
        ConsentText(
            SPONSOR,
            "2026-12-04",
            "Pass my name, company, job title and e-mail to this event's sponsor, "
            "{parties}, so that they may contact me about their products and services.",
        ),
    ],
}
PURPOSE_NAMES = {
    CONTACT: _("Contact about the request"), NEWSLETTER: _("Newsletter"),
    REGISTRATION: _("Registration for an event"), SPONSOR: _("Contact by an event's sponsor"),
}  # fmt: skip
# Said next to every form and on the privacy page; it is a promise, not a choice.
NO_THIRD_PARTIES = _(
    "We never sell or share your details with third parties. They are read only by our "
    "editorial and sales team."
)


def current(purpose, language=None):
    """The text readers of the edition in `language` (the current one) are shown now
    for `purpose`."""
    language = language or get_language()
    texts = TEXTS[purpose]
    return next((t for t in texts if t.language == language), None) or next(
        t for t in texts if t.language == settings.LANGUAGE_CODE
    )


def text_of(purpose, version, language=settings.LANGUAGE_CODE, parties=""):
    """The text of `purpose` at `version` in `language` ('' if unknown), naming
    `parties` where it names someone."""
    text = next(
        (t.text for t in TEXTS.get(purpose, []) if (t.version, t.language) == (version, language)),
        "",
    )
    return text.replace("{parties}", parties) if parties else text

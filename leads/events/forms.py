"""The registration form: the lead form's fields and defences, with the event's consents."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..consent import NEWSLETTER, REGISTRATION, SPONSOR, current
from ..forms import UTM_FIELDS, LeadForm


class RegistrationForm(LeadForm):
    """Register for `event` (or, once it is over, ask for its recording). The sponsors'
    contact is its own optional, unticked purpose, its text naming them."""

    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please tick the box so that we may register you.")},
    )
    sponsor = forms.BooleanField(required=False)

    class Meta(LeadForm.Meta):
        fields = ["name", "email", "company", "job_title", "phone", "country", "page_url",
                  "referrer", *UTM_FIELDS]  # fmt: skip

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["consent"].label = current(REGISTRATION).text
        self.sponsor_names = ", ".join(company.name for company in event.sponsors.all())
        if self.sponsor_names:
            self.fields["sponsor"].label = current(SPONSOR).text.replace(
                "{parties}", self.sponsor_names
            )
        else:
            del self.fields["sponsor"]

    def clean(self):
        cleaned = super().clean()
        cleaned["topic"] = (gettext("Event: %(title)s") % {"title": self.event.title})[:200]
        return cleaned

    def consented_purposes(self):
        ticked = {REGISTRATION: "consent", SPONSOR: "sponsor", NEWSLETTER: "newsletter"}
        return [purpose for purpose, field in ticked.items() if self.cleaned_data.get(field)]

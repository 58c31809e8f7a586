import re
from datetime import timedelta
from urllib.parse import parse_qs

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.cache.pages import campaign_parameters
from portal.inputs import DateField
from portal.urlutils import split_url

from . import spam
from .consent import CONTACT, NEWSLETTER, current
from .models import MAX_MESSAGE_LENGTH, Lead

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UTM_FIELDS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"]


def _single_line(value):
    """Return `value` with line breaks and control characters made into spaces."""
    return re.sub(r"\s+", " ", CONTROL_CHARACTERS.sub(" ", value)).strip()


class LeadForm(spam.GuardFields, forms.ModelForm):
    """The report request / enquiry form (its spam defence: `spam.FormGuard`)."""

    article_slug = forms.SlugField(widget=forms.HiddenInput, required=False, max_length=200)
    report_slug = forms.SlugField(widget=forms.HiddenInput, required=False, max_length=200)
    # One unticked choice per purpose (leads.consent), each stored as a Consent row.
    # Their labels are the current texts in the edition's language (set in __init__).
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please tick the box so that we may contact you.")},
    )
    newsletter = forms.BooleanField(required=False)

    class Meta:
        model = Lead
        fields = [
            "name", "email", "company", "job_title", "phone", "country", "topic", "message",
            "kind", "page_url", "referrer", *UTM_FIELDS,
        ]  # fmt: skip
        labels = {
            "name": _("Name"), "email": _("Work e-mail"), "company": _("Company"),
            "job_title": _("Job title"), "phone": _("Phone or WhatsApp"),
            "country": _("Country"), "topic": _("Report or topic"), "message": _("Message"),
            "kind": _("Kind"),
        }  # fmt: skip
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": MAX_MESSAGE_LENGTH}),
            "kind": forms.RadioSelect,
            "page_url": forms.HiddenInput,
            "referrer": forms.HiddenInput,
            **dict.fromkeys(UTM_FIELDS, forms.HiddenInput),
        }
        help_texts = {"phone": _("Include the country code, e.g. +212 …")}

    def __init__(self, *args, article=None, report=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # The published article whose report is asked for (found once, by the view).
        self.article = article
        # The published report asked for, if any (its download link is e-mailed).
        self.report = report
        if report is not None:  # the topic is the report, a hidden field on its page
            self.fields["topic"].required = False
        self.fields["country"].choices = [("", gettext("Choose a country")), *countries]
        self.fields["consent"].label = current(CONTACT).text
        self.fields["newsletter"].label = current(NEWSLETTER).text
        if "message" in self.fields:  # a subclass (the event registration) may leave it out
            self.fields["message"].required = False
            self.fields["kind"].choices = [
                choice for choice in Lead.Kind.choices if choice[0] != Lead.Kind.EVENT
            ]
        autocomplete = {
            "name": "name", "email": "email", "company": "organization",
            "job_title": "organization-title", "phone": "tel", "country": "country",
        }  # fmt: skip
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["phone"].widget.input_type = "tel"

    def clean_name(self):
        return _single_line(self.cleaned_data["name"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_company(self):
        return _single_line(self.cleaned_data["company"])

    def clean_job_title(self):
        return _single_line(self.cleaned_data["job_title"])

    def clean_topic(self):
        return _single_line(self.cleaned_data["topic"])

    def clean_phone(self):
        phone = _single_line(self.cleaned_data["phone"])
        if phone and not re.fullmatch(r"\+?[0-9 ()./-]{5,40}", phone):
            raise ValidationError(_("Use digits, spaces and an optional leading +."))
        return phone

    def clean_message(self):
        return CONTROL_CHARACTERS.sub("", self.cleaned_data["message"]).strip()

    def clean_page_url(self):
        return _same_site_path_or_url(self.cleaned_data["page_url"])

    def clean_referrer(self):
        value = self.cleaned_data["referrer"]
        parts = split_url(value)
        return value if parts is not None and parts.scheme in {"http", "https"} else ""

    def clean(self):
        cleaned = super().clean()
        if self.report is not None and not cleaned.get("topic"):
            cleaned["topic"] = report_topic(self.report)
        return cleaned

    def consented_purposes(self):
        """The purposes (leads.consent) the reader ticked."""
        ticked = {CONTACT: "consent", NEWSLETTER: "newsletter"}
        return [purpose for purpose, field in ticked.items() if self.cleaned_data.get(field)]


def lead_form_initial(request, article=None, report=None):
    """What the lead form starts with: the campaign and page it came from (its own query
    or the referring page's), and the story or report it is about."""
    params = request.GET
    campaign = campaign_parameters(request)
    referer = request.META.get("HTTP_REFERER", "")[:500]
    landing = parse_qs(getattr(split_url(referer), "query", ""))
    initial = {name: (campaign.get(name) or (landing.get(name) or [""])[0])[:100]
               for name in UTM_FIELDS}  # fmt: skip
    initial.update(
        kind=Lead.Kind.ENQUIRY, referrer=(params.get("ref") or referer)[:500], page_url=referer
    )
    if article is not None:
        initial.update(
            article_slug=article.slug,
            topic=(gettext("Full report: %(title)s") % {"title": article.title})[:200],
            kind=Lead.Kind.REPORT_REQUEST, page_url=article.get_absolute_url(),
        )  # fmt: skip
    if report is not None:
        initial.update(
            report_slug=report.slug, topic=report_topic(report),
            kind=Lead.Kind.REPORT_REQUEST,
        )  # fmt: skip
    elif params.get("topic"):
        initial["topic"] = params["topic"][:200]
    return initial


def report_topic(report):
    """The topic of a request for `report`, in the reader's edition."""
    return (gettext("Report: %(title)s") % {"title": report.title})[:200]


def _same_site_path_or_url(value):
    parts = split_url(value)
    if parts is None or (parts.scheme and parts.scheme not in {"http", "https"}):
        return ""
    return value


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AttributionPeriodForm(forms.Form):
    """The period of the attribution report: the last 30 days unless chosen; a range
    given backwards is turned round, and an invalid date falls back to the default."""

    since = DateField(label="From", required=False, widget=DATE_INPUT)
    until = DateField(label="To", required=False, widget=DATE_INPUT)
    DEFAULT_DAYS = 30

    def period(self):
        """Return (since, until) as dates."""
        self.is_valid()
        valid = getattr(self, "cleaned_data", {})
        until = valid.get("until") or timezone.localdate()
        since = valid.get("since") or until - timedelta(days=self.DEFAULT_DAYS - 1)
        return (until, since) if since > until else (since, until)

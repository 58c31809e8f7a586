from django import forms
from django.utils.translation import gettext_lazy as _

from leads import spam
from leads.consent import NEWSLETTER, current
from portal import editions

DAILY = _("The daily briefing (weekday mornings)")
WEEKLY = _("The weekly digest (Saturdays)")


class LanguageField(forms.ChoiceField):
    """The language of the e-mails, each named in its own words ("English", "简体中文");
    left out, the edition of the form's page."""

    def __init__(self, **kwargs):
        choices = [(code, edition.name) for code, edition in editions.EDITIONS.items()]
        super().__init__(label=_("Language of the e-mails"), widget=forms.RadioSelect,
                         choices=choices, required=False, **kwargs)  # fmt: skip

    def clean(self, value):
        return super().clean(value) or editions.current().language


class SubscribeForm(spam.GuardFields):
    """The newsletter's sign-up: an address, what to receive and in which language, the
    unticked consent (its text in the edition's language, set in __init__)."""

    email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    daily = forms.BooleanField(label=DAILY, required=False)
    weekly = forms.BooleanField(label=WEEKLY, required=False)
    language = LanguageField()
    consent = forms.BooleanField(
        error_messages={"required": _("Please tick the box to subscribe.")},
    )
    source = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["consent"].label = current(NEWSLETTER).text

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("daily") or cleaned.get("weekly")):
            self.add_error("daily", _("Choose the daily briefing, the weekly digest or both."))
        return cleaned


class FollowForm(spam.GuardFields):
    """Follow a company, deal, section or tag by e-mail (confirmed from the e-mail)."""

    email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    consent = forms.BooleanField(
        error_messages={"required": _("Please tick the box to get these e-mails.")},
    )
    kind = forms.CharField(widget=forms.HiddenInput, max_length=20)
    slug = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["consent"].label = current(NEWSLETTER).text


class PreferencesForm(forms.Form):
    """What one subscriber receives, in which language, and which follows to keep."""

    daily = forms.BooleanField(label=DAILY, required=False)
    weekly = forms.BooleanField(label=WEEKLY, required=False)
    language = LanguageField()
    follows = forms.MultipleChoiceField(
        label=_("Alerts: a new story about"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, subscriber, **kwargs):
        super().__init__(*args, **kwargs)
        self.subscriber = subscriber
        self.fields["follows"].choices = [
            (str(f.pk), str(f.followed)) for f in subscriber.follows.all() if f.followed
        ]

    def save(self):
        data = self.cleaned_data
        subscriber = self.subscriber
        subscriber.daily, subscriber.weekly = data["daily"], data["weekly"]
        subscriber.language = data["language"]
        subscriber.save(update_fields=["daily", "weekly", "language"])
        subscriber.follows.exclude(pk__in=[int(pk) for pk in data["follows"]]).delete()

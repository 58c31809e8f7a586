from django import forms

from leads import spam
from leads.consent import NEWSLETTER, current


class SubscribeForm(spam.GuardFields):
    """The newsletter's sign-up: an address, what to receive, the unticked consent."""

    email = forms.EmailField(label="Your e-mail", max_length=254)
    daily = forms.BooleanField(label="The daily briefing (weekday mornings)", required=False)
    weekly = forms.BooleanField(label="The weekly digest (Saturdays)", required=False)
    consent = forms.BooleanField(
        label=current(NEWSLETTER).text,
        error_messages={"required": "Please tick the box to subscribe."},
    )
    source = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("daily") or cleaned.get("weekly")):
            self.add_error("daily", "Choose the daily briefing, the weekly digest or both.")
        return cleaned


class FollowForm(spam.GuardFields):
    """Follow a company, deal, section or tag by e-mail (confirmed from the e-mail)."""

    email = forms.EmailField(label="Your e-mail", max_length=254)
    consent = forms.BooleanField(
        label=current(NEWSLETTER).text,
        error_messages={"required": "Please tick the box to get these e-mails."},
    )
    kind = forms.CharField(widget=forms.HiddenInput, max_length=20)
    slug = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class PreferencesForm(forms.Form):
    """What one subscriber receives: editions, and which follows to keep."""

    daily = forms.BooleanField(label="The daily briefing (weekday mornings)", required=False)
    weekly = forms.BooleanField(label="The weekly digest (Saturdays)", required=False)
    follows = forms.MultipleChoiceField(
        label="Alerts: a new story about", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, subscriber, **kwargs):
        super().__init__(*args, **kwargs)
        self.subscriber = subscriber
        self.fields["follows"].choices = [
            (str(f.pk), str(f.followed)) for f in subscriber.follows.all() if f.followed
        ]

    def save(self):
        data = self.cleaned_data
        self.subscriber.daily, self.subscriber.weekly = data["daily"], data["weekly"]
        self.subscriber.save(update_fields=["daily", "weekly"])
        self.subscriber.follows.exclude(pk__in=[int(pk) for pk in data["follows"]]).delete()

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.dateformat import format as format_date

from portal.editor import DESCRIPTION_HINT, TITLE_HINT, MarkdownEditor, length_hint
from portal.images import ValidatedImageField
from portal.inputs import DateField
from portal.publishing.admin import PublishingForm

from .context_processors import sections
from .models import Article, Image
from .search import MAX_QUERY_LENGTH, SORTS, Filters, clean_query


class ArticleAdminForm(PublishingForm):
    """The article form of the admin: safe concurrent editing (images: CheckedImageField);
    writers choose only between draft and review (`PublishingForm`).

    `loaded_version` carries the article's update time as it was when the editor opened
    the form. If someone saved the article since, the save is refused (nothing is
    overwritten) and the editor is told who changed it and when.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # A new hero image, added to the library (with its alt text) as it is uploaded.
    hero_upload = ValidatedImageField(
        label="Or upload a new image", required=False,
        help_text="Added to the image library, so it is kept even if another field "
        "needs correcting. JPEG, PNG or WebP, at least 400 px wide, up to 15 MB.",
    )  # fmt: skip
    hero_upload_alt = forms.CharField(
        label="Its alt text", max_length=250, required=False,
        help_text="Describe the image for readers who cannot see it. Required with an upload.",
    )  # fmt: skip
    hero_upload_caption = forms.CharField(label="Its caption", max_length=300, required=False)
    hero_upload_credit = forms.CharField(label="Its credit", max_length=150, required=False)
    UPLOAD_FIELDS = ["hero_upload", "hero_upload_alt", "hero_upload_caption", "hero_upload_credit"]
    uploaded_by = None  # the admin sets the user who uploads

    class Meta:
        model = Article
        fields = [
            "title", "slug", "dek", "body", "hero", "section", "authors", "tags", "is_featured",
            "companies", "deals", "status", "published_at", "meta_description",
        ]  # fmt: skip
        widgets = {
            "title": length_hint(forms.TextInput(), TITLE_HINT),
            "dek": length_hint(forms.Textarea(attrs={"rows": 3}), DESCRIPTION_HINT),
            "meta_description": length_hint(forms.Textarea(attrs={"rows": 2}), DESCRIPTION_HINT),
            "body": MarkdownEditor(
                preview_url=reverse_lazy("admin:articles_article_preview_body"),
                image_search_url=reverse_lazy("admin:articles_image_search"),
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hero_upload") and not cleaned.get("hero_upload_alt", "").strip():
            self.add_error(
                "hero_upload_alt", "Describe the new image for readers who cannot see it."
            )
        if self.instance.pk:
            self._refuse_stale_save(cleaned.get("loaded_version"))
        return cleaned

    def full_clean(self):
        """Put a valid upload in the library at once, and make it the chosen hero: the
        editor never picks the file again because another field needs correcting."""
        super().full_clean()
        if not self.is_bound or not self.cleaned_data.get("hero_upload"):
            return
        if any(name in self.errors for name in self.UPLOAD_FIELDS):
            return
        image = Image.objects.create(
            file=self.cleaned_data["hero_upload"],
            alt_text=self.cleaned_data["hero_upload_alt"].strip(),
            caption=self.cleaned_data["hero_upload_caption"].strip(),
            credit=self.cleaned_data["hero_upload_credit"].strip(),
            uploaded_by=self.uploaded_by,
        )
        self.cleaned_data["hero"] = self.instance.hero = image
        self.cleaned_data["hero_upload"] = None
        self.data = self.data.copy()  # the form shown again has the new image chosen
        self.data[self.add_prefix("hero")] = str(image.pk)
        for name in self.UPLOAD_FIELDS[1:]:
            self.data[self.add_prefix(name)] = ""
        self.files = {}

    def _refuse_stale_save(self, loaded_version):
        # Lock the row for the rest of the admin's transaction, so two saves at the
        # same moment are taken one after the other and the second one sees the first.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if current is None or loaded_version == current.isoformat():
            return
        last = self.instance.history.order_by("-history_date").select_related("history_user")
        last = last.first()
        who = getattr(last.history_user, "username", None) if last else None
        when = format_date(timezone.localtime(current), "j M Y, H:i:s")
        raise forms.ValidationError(
            f"This article was changed by {who or 'someone else'} at {when}, after you opened "
            "it. Your changes were not saved, so nothing was overwritten. Open the article "
            "again (in a new tab, to keep your text), apply your changes there and save.",
            code="stale",
        )


class SearchForm(forms.Form):
    """The search box and its filters. As on the tracker, invalid filter values are
    ignored, not shown as errors; a date range given backwards is turned round."""

    q = forms.CharField(label="Search the site", required=False, strip=True)
    section = forms.ChoiceField(label="Section", required=False)
    since = DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label="Sort", required=False, choices=list(SORTS.items()))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        choices = sections()  # a memo: no query
        self.sections = {s["slug"]: s["pk"] for s in choices}
        self.fields["section"].choices = [("", "All sections")] + [
            (s["slug"], s["name"]) for s in choices
        ]

    @property
    def query(self):
        return clean_query(self.data.get("q", ""))

    @property
    def was_shortened(self):
        return len(self.data.get("q", "").strip()) > MAX_QUERY_LENGTH

    def filters(self):
        """Return the valid filters as `search.Filters`."""
        self.is_valid()
        valid = self.cleaned_data  # the fields that were valid only
        since, until = valid.get("since"), valid.get("until")
        if since and until and since > until:
            since, until = until, since
        return Filters(
            section=self.sections.get(valid.get("section")), since=since, until=until,
            newest=valid.get("sort") == "newest",
        )  # fmt: skip

    @property
    def is_filtered(self):
        return self.filters() != Filters()

"""The newsroom's admin for any `Publishable`: one mixin, one form, one filter."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from portal import editions
from portal.roles import translator_languages
from portal.times import newsroom_time, zone_note

from .history import change_summary
from .models import STATES, Status
from .tasks import email_review_request

# What a writer may choose in the form: keep a draft or ask for review.
WRITER_STATUSES = [Status.DRAFT, Status.REVIEW]


class StateFilter(admin.SimpleListFilter):
    """Draft, in review, scheduled or published (live): status and time together."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(STATES.items())

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.in_state(self.value())


class PublishingForm(forms.ModelForm):
    """The change form of a `Publishable`: the time field names the newsroom's zone, and
    a writer chooses only between draft and review (a forged "published" is refused by
    the choice field itself); a translator changing a published translation sends it
    back to review. The admin sets `can_publish` per user."""

    can_publish = True
    # Shown in the translation panel of a translation whose source changed since.
    in_line_with_source = forms.BooleanField(
        required=False,
        label="This translation now says what the English source says (mark it updated)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "published_at" in self.fields:
            field = self.fields["published_at"]
            field.help_text = f"{field.help_text} {zone_note()}"
        if not self.can_publish and "status" in self.fields:
            allowed = WRITER_STATUSES
            if self.instance.pk and self.instance.status == Status.PUBLISHED:
                allowed = [Status.REVIEW]  # a change to what readers see goes to review
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]
        if "language" in self.fields:  # not sent: the edition it was in (English if new)
            self.fields["language"].required = False
            # Only those who may publish move an existing item to another edition.
            self.fields["language"].disabled = bool(self.instance.pk and not self.can_publish)
            self.fields["language"].help_text = (
                "The edition it appears in. Its version in the other edition is a record of "
                "its own, with its own review and publication time."
            )

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language


class PublishingAdmin(SimpleHistoryAdmin):
    """Two-person review, scheduling, badges, history and preview for a `Publishable`.

    Writers (without the model's `publish_<model>` permission) see and change their own
    drafts only, and submit them for review; editors send back, publish, schedule and
    unpublish. A subclass adds `state_badge` and `publication_time` to `list_display`,
    `StateFilter` to `list_filter`, and `preview_link` to its publishing fieldset.
    """

    form = PublishingForm
    change_form_template = "admin/publishing/change_form.html"
    actions = ["submit_for_review", "send_back", "publish_now", "unpublish", "start_versions"]
    readonly_fields = ["created_at", "updated_at", "preview_link"]
    # Fields only someone who may publish changes (the time is part of publishing).
    publisher_fields = ["published_at"]

    def can_publish(self, user):
        return user.has_perm(self.model.publish_permission())

    def has_publish_permission(self, request):
        return self.can_publish(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        """A writer changes their own drafts only; in review or later they are read-only.
        A translator changes the versions in their languages, draft or published (a
        change to a published one sends it to review), not while in review."""
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or self.can_publish(request.user):
            return allowed
        if obj.language in translator_languages(request.user):
            return obj.status != Status.REVIEW
        return obj.status == Status.DRAFT and obj.is_by(request.user)

    def may_translate(self, user, language):
        """Whether `user` may start or change versions in `language`."""
        return self.can_publish(user) or language in translator_languages(user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = self.can_publish(request.user)
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.can_publish(request.user):
            return fields
        return [*fields, *self.publisher_fields]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if form.cleaned_data.get("in_line_with_source") and obj.source_changed_at:
            obj.mark_in_line_with_source()
            obj._change_reason = "Brought in line with the English source"
        submitted = obj.status == Status.REVIEW and (not change or "status" in form.changed_data)
        super().save_model(request, obj, form, change)
        if submitted:
            self._ask_for_review([obj.pk])
        source = obj.source()
        if source is not None and self.translation_checks is not None:
            for warning in self.translation_checks(source, obj):
                self.message_user(request, warning, messages.WARNING)

    # A function (source, translation) -> [warnings] run when a translation is saved and
    # shown in its form (the subclass's: figures and glossary for stories and reports).
    translation_checks = None
    # A function (source text, translation text) -> [(glossary entry, written as it
    # says, or None)] for the translation panel.
    glossary_rows = None

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("<int:pk>/translate/<str:language>/",
                 self.admin_site.admin_view(require_POST(self.translate_view)),
                 name=f"{name}_translate"),
            path("translations-to-update/", self.admin_site.admin_view(self.to_update_view),
                 name=f"{name}_to_update"),
            *super().get_urls(),
        ]  # fmt: skip

    def _change_url(self, obj):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def translate_view(self, request, pk, language):
        """ "Translate into 中文": open the item's version in `language`, starting it (a
        draft with the words to translate) if there is none yet."""
        source = get_object_or_404(self.get_queryset(request), pk=pk)
        if language not in editions.EDITIONS or language == source.language:
            raise PermissionDenied
        if not self.may_translate(request.user, language):
            raise PermissionDenied
        with transaction.atomic():
            type(source).objects.select_for_update().filter(pk=source.pk).first()
            version = source.translations().filter(language=language).first()
            if version is None:
                version = source.start_version(language, request.user)
        return redirect(self._change_url(version))

    def to_update_view(self, request):
        """Translations to update: those whose source changed since they were last
        brought in line, per language, the longest waiting first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        languages = [code for code in editions.EDITIONS if code != settings.LANGUAGE_CODE]
        shown = 200  # the longest waiting; the heading says how many wait in all
        columns = ["pk", "title", "language", "status", "published_at", "source_changed_at",
                   "source_correction"]  # fmt: skip
        rows = []
        for code in languages:
            waiting = self.get_queryset(request).to_update(code)
            rows.append((editions.EDITIONS[code], waiting.count(),
                         list(waiting.only(*columns)[:shown])))  # fmt: skip
        context = {**self.admin_site.each_context(request), "opts": self.opts,
                   "title": "Translations to update", "rows": rows}  # fmt: skip
        return TemplateResponse(request, "admin/publishing/to_update.html", context)

    def changelist_view(self, request, extra_context=None):
        waiting = self.get_queryset(request).to_update().count()  # a partial index's rows
        return super().changelist_view(
            request, {"translations_to_update": waiting, **(extra_context or {})}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        extra = {"translation": self.translation_panel(request, obj)} if obj else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def translation_panel(self, request, obj):
        """What the change form shows of the item's translations: for a translation, its
        source side by side, what changed since, the glossary and the checks; for a
        source, its versions and a "Translate into" button per other edition."""
        source = obj.source()
        if source is not None:
            text = obj.TRANSLATED_FIELDS
            return {
                "source": source, "fields": [(source._meta.get_field(n), getattr(source, n))
                                             for n in text],
                "changes": obj.source_changes(),
                "warnings": self.translation_checks(source, obj) if self.translation_checks else [],
                "glossary": self._glossary(source, obj),
                "source_url": self._change_url(source),
            }  # fmt: skip
        if obj.language != settings.LANGUAGE_CODE:
            return None
        versions = {v.language: v for v in obj.translations()}
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_translate"
        offers = [
            {"edition": edition, "version": versions.get(code),
             "url": reverse(name, args=[obj.pk, code])}
            for code, edition in editions.EDITIONS.items()
            if code != obj.language and self.may_translate(request.user, code)
        ]  # fmt: skip
        return {"offers": offers} if offers else None

    def _glossary(self, source, obj):
        if self.glossary_rows is None:
            return []
        return self.glossary_rows(source.translated_words(), obj.translated_words())

    def _ask_for_review(self, ids):
        if ids:
            label = self.model._meta.label_lower
            transaction.on_commit(lambda: email_review_request.delay(ids, label), robust=True)

    @admin.display(description="State", ordering="status")
    def state_badge(self, obj):
        return format_html(
            '<span class="state-badge state-badge--{}">{}</span>',
            obj.state,
            obj.get_state_display(),
        )

    @admin.display(description="Goes live / went live", ordering="published_at")
    def publication_time(self, obj):
        return newsroom_time(obj.published_at) or "–"

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return "Save it to get a preview link."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open the staff preview</a>',
            obj.get_preview_url(),
        )

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """The history's "Changes" column: a short summary per version, not every value
        (its status included: no column of raw field values beside it)."""
        records = list(historical_records)  # newest first: each one's previous is next
        for record, previous in zip(records, [*records[1:], None], strict=True):
            record.change_summary = change_summary(record, previous or record.prev_record)

    def _change_status(self, request, queryset, status, message, **fields):
        """Save each item (so the history records who did it), in one transaction."""
        count = 0
        with transaction.atomic():
            # Locked by key: the list's own query may carry annotations (a GROUP BY, which
            # PostgreSQL cannot lock rows of).
            ids = queryset.values("pk")
            for item in self.model.objects.filter(pk__in=ids).select_for_update():
                item.status = status
                for name, value in fields.items():
                    setattr(item, name, value)
                item._change_reason = message
                item.save()
                count += 1
        noun = self.model._meta.verbose_name_plural
        self.message_user(request, f"{message}: {count} {noun}.", messages.SUCCESS)

    @admin.action(description="Submit selected %(verbose_name_plural)s for review",
                  permissions=["change"])  # fmt: skip
    def submit_for_review(self, request, queryset):
        drafts = queryset.drafts()
        if not self.can_publish(request.user):
            mine = [item.pk for item in drafts if self.has_change_permission(request, item)]
            drafts = drafts.filter(pk__in=mine)
        ids = list(drafts.values_list("pk", flat=True))
        self._change_status(request, drafts, Status.REVIEW, "Submitted for review")
        self._ask_for_review(ids)

    @admin.action(description="Send selected %(verbose_name_plural)s back to the writer",
                  permissions=["publish"])  # fmt: skip
    def send_back(self, request, queryset):
        self._change_status(request, queryset.in_review(), Status.DRAFT, "Sent back to the writer")

    @admin.action(description="Publish selected %(verbose_name_plural)s now",
                  permissions=["publish"])  # fmt: skip
    def publish_now(self, request, queryset):
        self._change_status(
            request, queryset.exclude(pk__in=self.model.objects.published().values("pk")),
            Status.PUBLISHED, "Published now", published_at=timezone.now(),
        )  # fmt: skip

    @admin.action(description="Start their version in the other edition (a draft to translate)",
                  permissions=["publish"])  # fmt: skip
    def start_versions(self, request, queryset):
        """A draft per selected item in the other edition, sharing its translation key
        (editors start them; a translators' role is issue 30)."""
        started = []
        with transaction.atomic():
            for item in queryset.select_for_update().order_by("pk"):
                other = next(code for code in editions.EDITIONS if code != item.language)
                version = item.start_version(other, request.user)
                if version is not None:
                    started.append(version)
        if not started:
            self.message_user(request, "Each selected item has its version already.",
                              messages.WARNING)  # fmt: skip
            return None
        if len(started) == 1:
            return redirect(reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[started[0].pk]
            ))  # fmt: skip
        self.message_user(request, f"{len(started)} drafts started, one per selected item.")
        return None

    @admin.action(description="Unpublish selected %(verbose_name_plural)s (back to draft)",
                  permissions=["publish"])  # fmt: skip
    def unpublish(self, request, queryset):
        self._change_status(request, queryset.exclude(status=Status.DRAFT), Status.DRAFT,
                            "Unpublished")  # fmt: skip

    class Media:
        css = {"all": ["css/admin-newsroom.css"]}

"""Events' reader pages: the list, each event's page with its registration form, its
calendar file, the calendar feed, and the pages of the registrants' personal links."""

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from articles.events import calendar
from articles.models import Article, Event
from companies.models import Company
from portal import structured_data
from portal.cache import edge
from portal.seo import PageMeta, home_crumb

from .. import consent, spam
from ..models import Registration
from ..views import LeadCreateView
from . import links, services
from .forms import RegistrationForm

PAST_PER_PAGE = 12


def readers_events():
    """The events readers of the current edition may see."""
    return Event.objects.published().in_edition()


class EventListView(ListView):
    """/events/: the upcoming events (all of them), then the past ones, newest first
    (paginated); by kind (`?kind=`) and by company (`?company=<slug>`)."""

    template_name = "leads/events/list.html"
    context_object_name = "past"
    paginate_by = PAST_PER_PAGE
    page_parameters = ("kind", "company", "page")

    @cached_property
    def filtered(self):
        events = readers_events().select_related("cover").prefetch_related("sponsors")
        if self.request.GET.get("kind") in Event.Kind.values:
            events = events.filter(kind=self.request.GET["kind"])
        if self.company is not None:
            events = events.of_company(self.company)
        return events

    @cached_property
    def company(self):
        slug = self.request.GET.get("company", "")[:200]
        return Company.objects.filter(slug=slug).first() if slug else None

    def get_queryset(self):
        return self.filtered.past()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            upcoming=self.filtered.upcoming(), kinds=Event.Kind.choices, company=self.company,
            kind=self.request.GET.get("kind", ""),
            companies=Company.objects.filter(
                Q(pk__in=readers_events().values("sponsors"))
                | Q(pk__in=readers_events().values("companies"))
            ).order_by("name"),
            page_meta=PageMeta(
                title=gettext("Events and webinars"), path=reverse("leads:events"),
                description=gettext("Webinars, conferences, roundtables and site visits on "
                                    "the battery and EV supply chain: free to attend."),
                breadcrumbs=[home_crumb(), (gettext("Events"), reverse("leads:events"))],
            ),
            **kwargs,
        )  # fmt: skip


class EventDetailView(LeadCreateView):
    """/events/<slug>/: what, when (in the event's zone and the reader's), where, who
    speaks and sponsors, the agenda, and the registration form (after the event: the
    recording's)."""

    template_name = "leads/events/detail.html"
    form_class = RegistrationForm

    @cached_property
    def event(self):
        events = self.events().select_related("cover").prefetch_related(
            "sponsors", "companies", "speakers__company", "speakers__photo", "articles"
        )  # fmt: skip
        return get_object_or_404(events.with_versions(), **self.kwargs)

    def events(self):
        return readers_events()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_initial(self):
        return {**super().get_initial(), "page_url": self.event.get_absolute_url()}

    def form_valid(self, form):
        state = self.event.registration_state()
        if state not in ("open", "over"):
            form.add_error(None, gettext("Registration is not open."))
            return self.form_invalid(form)
        lead = services.register(form=form, request=self.request, event=self.event)
        if getattr(lead, "already_registered", False):
            return redirect("leads:event_already", slug=self.event.slug)
        token = links.token(lead.registration, "cancel")
        return redirect("leads:event_registered", slug=self.event.slug, token=token)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        context.update(event=event, **event_facts(event))
        context["page_meta"] = PageMeta(
            title=event.title, description=event.summary[:300], path=event.get_absolute_url(),
            breadcrumbs=[home_crumb(), (gettext("Events"), reverse("leads:events")),
                         (event.title, event.get_absolute_url())],
            structured_data=[structured_data.event(event)], counterparts=event.edition_paths(),
            image=default_storage.url(event.cover.social["name"]) if event.cover else "",
            image_alt=event.cover.alt_text if event.cover else "",
        )  # fmt: skip
        context["no_third_parties"] = consent.NO_THIRD_PARTIES
        return context


def event_facts(event):
    """What an event's page and its e-mails show beside its words."""
    canonical = event.canonical()
    counts = canonical.registrations.counts()
    places_left = None
    if canonical.capacity is not None:
        places_left = max(canonical.capacity - counts[Registration.State.REGISTERED], 0)
    return {
        "times": calendar.written_times(event), "where": calendar.where(event),
        "registration": event.registration_state(), "places_left": places_left,
        "google_url": calendar.google_url(event), "outlook_url": calendar.outlook_url(event),
        "stories": stories_in_edition(event),
        "edition_zone": timezone.get_current_timezone_name(),
    }  # fmt: skip


def stories_in_edition(event):
    """The event's live stories, each in the event's edition where it has a version."""
    stories = [story for story in event.articles.all() if story.is_live]
    local = Article.objects.published().filter(
        language=event.language, translation_key__in=[s.translation_key for s in stories]
    )
    versions = {story.translation_key: story for story in local}
    shown = [versions.get(story.translation_key, story) for story in stories]
    edge.show(*shown)
    return shown


class EventPreviewView(PermissionRequiredMixin, EventDetailView):
    """Staff preview of an event's page, published or not: its form sends nothing."""

    permission_required = "articles.view_event"
    http_method_names = ["get", "head"]

    def events(self):
        return Event.objects.all().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        context["page_meta"].noindex = True
        return context


def event_calendar(request, slug):
    """/events/<slug>/calendar.ics: the event for any calendar (no personal link)."""
    event = get_object_or_404(readers_events(), slug=slug)
    return _ics(calendar.calendar_file([event]), f"{event.slug}.ics")


def events_calendar(request):
    """/events/calendar.ics: the upcoming events, a feed calendars subscribe to."""
    events = readers_events().upcoming()[:200]
    name = gettext("%(site)s: events") % {"site": settings.SITE_NAME}
    return _ics(calendar.calendar_file(events, name=name), "events.ics")


def _ics(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class PersonalLinkMixin:
    """A page of a registrant's personal link: the event (any edition's version) and
    the registration the token was signed for, or 404."""

    use = ""

    @cached_property
    def event(self):
        return get_object_or_404(readers_events(), slug=self.kwargs["slug"])

    @cached_property
    def registration(self):
        registration = links.registration_for(self.kwargs["token"], self.use, self.event)
        if registration is None:
            raise Http404("No such link")
        return registration

    def link_page(self, template, status=200, **context):
        return TemplateResponse(self.request, f"leads/events/{template}.html", status=status,
                                context={
            "event": self.event, "registration": self.registration,
            "times": calendar.written_times(self.event),
            "page_meta": PageMeta(title=self.event.title, path=self.event.get_absolute_url(),
                                  noindex=True),
            **context,
        },)  # fmt: skip


@method_decorator(never_cache, name="dispatch")
class RegisteredView(PersonalLinkMixin, TemplateView):
    """After the form: registered, on the waiting list, or already registered."""

    use = "cancel"

    def get(self, request, *args, **kwargs):
        return self.link_page("registered", cancel_url=request.path.replace(
            "/registered/", "/cancel/", 1))  # fmt: skip


def already_registered(request, slug):
    """After a form with an address registered before: nothing new, and nothing of the
    registration (its links are its owner's, whoever typed the address)."""
    event = get_object_or_404(readers_events(), slug=slug)
    return TemplateResponse(request, "leads/events/already.html", {
        "event": event, "page_meta": PageMeta(title=event.title, path=event.get_absolute_url(),
                                              noindex=True),
    })  # fmt: skip


@method_decorator(never_cache, name="dispatch")
class CancelView(PersonalLinkMixin, View):
    """From the e-mails: cancel a place (GET asks, POST cancels)."""

    use = "cancel"

    def get(self, request, *args, **kwargs):
        return self.link_page("cancel")

    def post(self, request, *args, **kwargs):
        cancelled = services.cancel(self.registration)
        self.registration.refresh_from_db()
        return self.link_page("cancel", just_cancelled=cancelled)


@method_decorator(never_cache, name="dispatch")
class JoinView(PersonalLinkMixin, View):
    """A registrant's joining link: recorded, then on to the platform (a page saying why
    not for a place cancelled or waiting, or an event cancelled or over)."""

    use = "join"

    def get(self, request, *args, **kwargs):
        registration, event = self.registration, self.registration.event
        if registration.state != Registration.State.REGISTERED or not event.join_url or (
            event.registration_state() in ("off", "over")
        ):  # fmt: skip
            return self.link_page("link", status=403)
        links.record_use(registration, "join", spam.client_hash(request))
        return _no_store(HttpResponseRedirect(event.join_url))


@method_decorator(never_cache, name="dispatch")
class RecordingView(PersonalLinkMixin, View):
    """A registrant's link to the recording: recorded like a report's download."""

    use = "recording"

    def get(self, request, *args, **kwargs):
        event = self.registration.event
        if not event.recording_url or self.registration.state == Registration.State.CANCELLED:
            return self.link_page("link", status=404)
        links.record_use(self.registration, "recording", spam.client_hash(request))
        return _no_store(HttpResponseRedirect(event.recording_url))


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response

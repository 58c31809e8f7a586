"""The newsletter's public pages: sign up, confirm, preferences, unsubscribe.

Article and section pages are cached for every reader, so they carry no form with a
CSRF token: their sign-up box sends the address by GET to /newsletter/, a page never
cached, where the reader chooses and agrees. Every change a stranger could ask for on
someone else's behalf goes through a link e-mailed to the address.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from leads import spam
from portal.cache import edge
from portal.seo import PageMeta

from . import links
from .editions import latest_deals, upcoming_events
from .forms import FollowForm, PreferencesForm, SubscribeForm
from .models import Edition, Follow, Suppression
from .services import confirm, subscribe


def _meta(title, path=None, noindex=True, counterparts=None):
    return PageMeta(
        title=title, path=path or reverse("newsletter:subscribe"), noindex=noindex,
        counterparts=counterparts,
    )  # fmt: skip


@method_decorator(never_cache, name="dispatch")
class SubscribeView(spam.GuardedFormMixin, FormView):
    template_name = "newsletter/subscribe.html"
    form_class = SubscribeForm

    def get_initial(self):
        source = self.request.GET.get("from") or self.request.META.get("HTTP_REFERER", "")
        return {**super().get_initial(), "email": self.request.GET.get("email", "")[:254],
                "daily": True, "source": source[:200],
                "language": self.request.edition.language}  # fmt: skip

    def form_valid(self, form):
        data = form.cleaned_data
        subscribe(email=data["email"], daily=data["daily"], weekly=data["weekly"],
                  language=data["language"],
                  source=data["source"] or reverse("newsletter:subscribe"))  # fmt: skip
        return redirect("newsletter:check_inbox")

    def get_context_data(self, **kwargs):
        page_meta = _meta(_("The newsletter"), noindex=False)
        return super().get_context_data(page_meta=page_meta, **kwargs)


@method_decorator(never_cache, name="dispatch")
class FollowView(spam.GuardedFormMixin, FormView):
    """/newsletter/follow/?kind=company&slug=...: follow what a (cached) page is about;
    confirmed from a link e-mailed to the address, like a subscription."""

    template_name = "newsletter/follow.html"
    form_class = FollowForm

    def dispatch(self, request, *args, **kwargs):
        params = request.POST if request.method == "POST" else request.GET
        self.kind = params.get("kind", "")[:20]
        self.target = Follow.target(self.kind, params.get("slug", "")[:200])
        if self.target is None:
            raise Http404("Nothing to follow here.")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {**super().get_initial(), "kind": self.kind, "slug": self.target.slug}

    def form_valid(self, form):
        subscribe(email=form.cleaned_data["email"], daily=False, weekly=False,
                  source=Follow.url_of(self.target),
                  follow=(self.kind, self.target.pk))  # fmt: skip
        return redirect("newsletter:check_inbox")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target=self.target,
            target_url=Follow.url_of(self.target),
            page_meta=_meta(_("Follow %(name)s") % {"name": self.target}),
            **kwargs,
        )


class EditionView(TemplateView):
    """An edition in the browser (the link at the top of each one)."""

    template_name = "newsletter/edition.html"

    def get(self, request, *args, **kwargs):
        self.edition = get_object_or_404(
            Edition, pk=kwargs["pk"], state__in=[Edition.State.SENDING, Edition.State.SENT]
        )
        if self.edition.language != request.edition.language:  # in its own edition's pages
            return redirect(self.edition, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        edition = self.edition
        stories = edition.stories()
        edge.show(*stories)
        return super().get_context_data(
            edition=edition, stories=stories, deals=latest_deals(edition),
            events=upcoming_events(edition),
            page_meta=_meta(edition.subject, path=edition.get_absolute_url(),
                            counterparts={edition.language: edition.get_absolute_url()}),
            **kwargs,
        )  # fmt: skip


class CheckInboxView(TemplateView):
    template_name = "newsletter/check_inbox.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_meta=_meta(_("Check your inbox")), **kwargs)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """GET shows a button (a link scanner opening the link confirms nothing); POST
    confirms."""

    def get(self, request, token):
        valid = links.read_confirm_token(token) is not None
        return self._page(request, "confirm" if valid else "bad link", status=200 if valid else 404)

    def post(self, request, token):
        subscriber = confirm(token)
        if subscriber is None:
            return self._page(request, "bad link", status=404)
        return self._page(request, "confirmed", subscriber=subscriber)

    def _page(self, request, state, status=200, subscriber=None):
        preferences = links.preferences_url(subscriber) if subscriber else ""
        context = {"state": state, "subscriber": subscriber, "page_meta": _meta(_("Confirm")),
                   "preferences_url": preferences}  # fmt: skip
        return TemplateResponse(request, "newsletter/confirm.html", context, status=status)


@method_decorator(never_cache, name="dispatch")
class PreferencesView(FormView):
    """What one subscriber receives, reached by the signed link in any e-mail."""

    template_name = "newsletter/preferences.html"
    form_class = PreferencesForm

    def dispatch(self, request, *args, **kwargs):
        self.subscriber = links.read_manage_token(kwargs["token"])
        if self.subscriber is None:
            context = {"bad_link": True, "page_meta": _meta(_("Newsletter"))}
            return self.render_to_response(context, status=404)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "subscriber": self.subscriber}

    def get_initial(self):
        subscriber = self.subscriber
        return {"daily": subscriber.daily, "weekly": subscriber.weekly,
                "language": subscriber.language,
                "follows": [f.pk for f in subscriber.follows.all()]}  # fmt: skip

    def form_valid(self, form):
        form.save()
        return self.render_to_response(self.get_context_data(form=form, saved=True))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subscriber=self.subscriber, page_meta=_meta(_("Your newsletter")),
            unsubscribe_url=links.unsubscribe_url(self.subscriber), **kwargs,
        )  # fmt: skip


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class UnsubscribeView(View):
    """One-click unsubscribe (RFC 8058): mail programs POST `List-Unsubscribe=One-Click`
    to the link of the message's List-Unsubscribe header, without cookies, so this POST
    takes no CSRF token; the signed link alone names the subscriber. GET shows a button
    (a link scanner opening it unsubscribes nobody)."""

    def get(self, request, token):
        return self._page(request, token, done=False)

    def post(self, request, token):
        subscriber = links.read_manage_token(token)
        if subscriber is not None:
            subscriber.unsubscribe(reason=Suppression.Reason.UNSUBSCRIBED)
        return self._page(request, token, done=True)

    def _page(self, request, token, done):
        subscriber = links.read_manage_token(token)
        context = {"subscriber": subscriber, "done": done, "token": token,
                   "page_meta": _meta(_("Unsubscribe"))}  # fmt: skip
        return TemplateResponse(
            request, "newsletter/unsubscribe.html", context, status=200 if subscriber else 404
        )

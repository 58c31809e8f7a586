import logging
from urllib.parse import parse_qs

from django.core.validators import slug_re
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from articles.models import Article
from portal.cache.pages import campaign_parameters
from portal.seo import PageMeta
from portal.urlutils import split_url

from . import spam
from .forms import UTM_FIELDS, LeadForm
from .models import Lead
from .services import lead_submit

logger = logging.getLogger(__name__)


@method_decorator(never_cache, name="dispatch")
class LeadCreateView(FormView):
    """The report request / enquiry form at /contact/ (optionally for one article)."""

    template_name = "leads/lead_form.html"
    form_class = LeadForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        kwargs["article"] = self.get_article()
        return kwargs

    def get_initial(self):
        initial = {"form_token": spam.issue_form_token(), "kind": Lead.Kind.ENQUIRY}
        params = self.request.GET
        campaign = campaign_parameters(self.request)
        referer = self.request.META.get("HTTP_REFERER", "")[:500]
        landing = parse_qs(getattr(split_url(referer), "query", ""))
        for name in UTM_FIELDS:
            value = campaign.get(name) or (landing.get(name) or [""])[0]
            initial[name] = value[:100]
        initial["referrer"] = (params.get("ref") or referer)[:500]
        initial["page_url"] = referer
        article = self.get_article()
        if article is not None:
            initial.update(
                article_slug=article.slug,
                topic=f"Full report: {article.title}"[:200],
                kind=Lead.Kind.REPORT_REQUEST,
                page_url=article.get_absolute_url(),
            )
        elif params.get("topic"):
            initial["topic"] = params["topic"][:200]
        return initial

    def get_article(self):
        """The published article the form is about (`?article=` or the posted slug), if any.

        Anything that cannot be a slug (too long, other characters) matches no article
        and is never sent to the database.
        """
        if not hasattr(self, "_article"):
            slug = self.request.GET.get("article") or self.request.POST.get("article_slug") or ""
            self._article = (
                Article.objects.published().filter(slug=slug).only("pk", "slug", "title").first()
                if len(slug) <= 200 and slug_re.match(slug)
                else None
            )
        return self._article

    def form_valid(self, form):
        if not form.accept():
            return self.form_blocked(form)
        lead_submit(form=form, request=self.request)
        return redirect("leads:thanks")

    def form_invalid(self, form):
        if form.is_blocked:
            return self.form_blocked(form)
        return super().form_invalid(form)

    def form_blocked(self, form):
        logger.info("Lead submission blocked: %s", form.block_reason)
        form.renew_token()
        response = self.render_to_response(self.get_context_data(form=form, blocked=True))
        response.status_code = 429 if form.block_reason == "rate limit" else 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.get_article()
        context["article"] = article
        context["page_meta"] = PageMeta(
            title="Get the free full report" if article else "Contact us",
            description="Ask for the free full report behind our stories, or send us an enquiry.",
            path="/contact/",
        )
        return context


class LeadThanksView(TemplateView):
    """Shown after a lead was stored (post/redirect/get)."""

    template_name = "leads/thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_meta"] = PageMeta(title="Thank you", path="/contact/thanks/", noindex=True)
        return context

from urllib.parse import parse_qs, urlencode

from django.conf import settings
from django.core.validators import slug_re
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from articles.models import Article, Report
from portal.cache.pages import campaign_parameters
from portal.seo import PageMeta
from portal.urlutils import split_url

from . import consent, spam
from .forms import UTM_FIELDS, LeadForm
from .models import Lead
from .services import lead_submit


@method_decorator(never_cache, name="dispatch")
class LeadCreateView(spam.GuardedFormMixin, FormView):
    """The report request / enquiry form at /contact/ (optionally for one article)."""

    template_name = "leads/lead_form.html"
    form_class = LeadForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["article"] = self.get_article()
        kwargs["report"] = self.get_report()
        return kwargs

    def get_initial(self):
        initial = {**super().get_initial(), "kind": Lead.Kind.ENQUIRY}
        params = self.request.GET
        campaign = campaign_parameters(self.request)
        referer = self.request.META.get("HTTP_REFERER", "")[:500]
        landing = parse_qs(getattr(split_url(referer), "query", ""))
        for name in UTM_FIELDS:
            value = campaign.get(name) or (landing.get(name) or [""])[0]
            initial[name] = value[:100]
        initial["referrer"] = (params.get("ref") or referer)[:500]
        initial["page_url"] = referer
        article, report = self.get_article(), self.get_report()
        if article is not None:
            initial.update(
                article_slug=article.slug,
                topic=f"Full report: {article.title}"[:200],
                kind=Lead.Kind.REPORT_REQUEST,
                page_url=article.get_absolute_url(),
            )
        if report is not None:
            initial.update(
                report_slug=report.slug, topic=f"Report: {report.title}"[:200],
                kind=Lead.Kind.REPORT_REQUEST,
            )  # fmt: skip
            initial.setdefault("page_url", report.get_absolute_url())
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

    def get_report(self):
        """The published report asked for (`?report=`, the posted slug, or the one the
        story links to), if any."""
        if not hasattr(self, "_report"):
            slug = self.request.GET.get("report") or self.request.POST.get("report_slug") or ""
            article = self.get_article()
            if slug and len(slug) <= 200 and slug_re.match(slug):
                self._report = Report.objects.published().filter(slug=slug).first()
            elif article is not None:
                self._report = Report.objects.published().filter(articles=article).first()
            else:
                self._report = None
        return self._report

    def form_valid(self, form):
        lead = lead_submit(form=form, request=self.request)
        about = {"report": lead.report.slug} if lead.report else {}
        if lead.article:
            about["article"] = lead.article.slug
        return redirect(reverse("leads:thanks") + (f"?{urlencode(about)}" if about else ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.get_article()
        context["article"] = article
        context["report"] = self.get_report()
        context["no_third_parties"] = consent.NO_THIRD_PARTIES
        context["valid_days"] = settings.REPORT_LINK_DAYS
        context["page_meta"] = PageMeta(
            title="Get the free full report" if article else "Contact us",
            description="Ask for the free full report behind our stories, or send us an enquiry.",
            path=reverse("leads:contact"),
        )
        return context


class LeadThanksView(TemplateView):
    """Shown after a lead was stored (post/redirect/get): what comes next, and the way
    back to the story or report it was sent from."""

    template_name = "leads/thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slugs = {name: self.request.GET.get(name, "")[:200] for name in ("report", "article")}
        context["report"] = Report.objects.published().filter(slug=slugs["report"]).first()
        context["article"] = Article.objects.published().filter(slug=slugs["article"]).first()
        context["valid_days"] = settings.REPORT_LINK_DAYS
        context["page_meta"] = PageMeta(
            title="Thank you", path=reverse("leads:thanks"), noindex=True
        )
        return context


class PrivacyView(TemplateView):
    """/privacy/: what is stored and why, and every consent text with its versions."""

    template_name = "leads/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            texts=[(consent.PURPOSE_NAMES[p], versions) for p, versions in consent.TEXTS.items()],
            no_third_parties=consent.NO_THIRD_PARTIES,
            retention_days=settings.LEADS_RETENTION_DAYS,
            link_days=settings.REPORT_LINK_DAYS,
            page_meta=PageMeta(title="Privacy", path=reverse("leads:privacy")),
            **kwargs,
        )  # fmt: skip

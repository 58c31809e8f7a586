from urllib.parse import urlencode

from django.conf import settings
from django.core.validators import slug_re
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from articles.models import Article, Report
from portal.cache import edge
from portal.seo import PageMeta

from . import consent, spam
from .forms import LeadForm, lead_form_initial
from .services import lead_submit


@method_decorator(never_cache, name="dispatch")
class LeadCreateView(spam.GuardedFormMixin, FormView):
    """The report request / enquiry form at /contact/ (optionally for one article)."""

    template_name = "leads/lead_form.html"
    form_class = LeadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "article": self.article, "report": self.report}

    def get_initial(self):
        return {
            **super().get_initial(),
            **lead_form_initial(self.request, self.article, self.report),
        }

    @cached_property
    def article(self):
        """The published article the form is about (`?article=` or the posted slug), if any."""
        slug = self.request.GET.get("article") or self.request.POST.get("article_slug")
        return _published(Article.objects.only("pk", "slug", "title", "language"), slug)

    @cached_property
    def report(self):
        """The published report asked for (`?report=`, the posted slug, or the one the
        story links to), if any."""
        slug = self.request.GET.get("report") or self.request.POST.get("report_slug")
        if slug or self.article is None:
            return _published(Report.objects.all(), slug)
        return Report.objects.published().in_edition().filter(articles=self.article).first()

    def form_valid(self, form):
        lead = lead_submit(form=form, request=self.request)
        about = {"report": lead.report.slug} if lead.report else {}
        if lead.article:
            about["article"] = lead.article.slug
        return redirect(reverse("leads:thanks") + (f"?{urlencode(about)}" if about else ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = context["article"] = self.article
        context["report"] = self.report
        context["no_third_parties"] = consent.NO_THIRD_PARTIES
        context["valid_days"] = settings.REPORT_LINK_DAYS
        context["page_meta"] = PageMeta(
            title=gettext("Get the free full report") if article else gettext("Contact us"),
            description=gettext(
                "Ask for the free full report behind our stories, or send us an enquiry."
            ),
            path=reverse("leads:contact"),
        )
        return context


def _published(queryset, slug):
    """The published item of `queryset` with `slug`, or None. Anything that cannot be a
    slug (too long, other characters) matches nothing and never reaches the database."""
    if not slug or len(slug) > 200 or not slug_re.match(slug):
        return None
    return queryset.published().in_edition().filter(slug=slug).first()


class LeadThanksView(TemplateView):
    """Shown after a lead was stored (post/redirect/get): what comes next, and the way
    back to the story or report it was sent from."""

    template_name = "leads/thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slugs = {name: self.request.GET.get(name, "")[:200] for name in ("report", "article")}
        context["report"] = (
            Report.objects.published().in_edition().filter(slug=slugs["report"]).first()
        )
        context["article"] = (
            Article.objects.published().in_edition().filter(slug=slugs["article"]).first()
        )
        context["valid_days"] = settings.REPORT_LINK_DAYS
        context["page_meta"] = PageMeta(
            title=gettext("Thank you"), path=reverse("leads:thanks"), noindex=True
        )
        edge.show(*(item for item in (context["article"], context["report"]) if item))
        return context


def privacy_texts():
    """[(purpose name, [(text, its language's name, whether current)])], newest first."""
    names = dict(settings.LANGUAGES)
    current = [consent.current(p, code) for p in consent.TEXTS for code in names]
    return [
        (consent.PURPOSE_NAMES[purpose], [(t, names[t.language], t in current) for t in texts])
        for purpose, texts in consent.TEXTS.items()
    ]


class PrivacyView(TemplateView):
    """/privacy/: what is stored and why, and every consent text with its versions."""

    template_name = "leads/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            texts=privacy_texts(),
            no_third_parties=consent.NO_THIRD_PARTIES,
            retention_days=settings.LEADS_RETENTION_DAYS,
            link_days=settings.REPORT_LINK_DAYS,
            page_meta=PageMeta(title=gettext("Privacy"), path=reverse("leads:privacy")),
            **kwargs,
        )  # fmt: skip

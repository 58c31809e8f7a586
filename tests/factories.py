"""Test factories, named for the state they build, with readable deterministic values."""

import io
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from articles.models import Article, Author, Event, Image, Report, Section
from companies.models import Company, Deal, DealParty, Segment
from leads.models import Lead


def jpeg_file(name="hero.jpg", size=(640, 360), colour=(20, 90, 70)):
    """Return an uploaded JPEG of the given size."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    is_staff = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    description = "Stories from this desk."


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    job_title = "Reporter"


class ImageFactory(factory.django.DjangoModelFactory):
    """A library image (a green 640 x 360 JPEG unless `file` says otherwise)."""

    class Meta:
        model = Image

    file = factory.LazyFunction(jpeg_file)
    alt_text = "A cathode plant at dusk"
    caption = "The plant under construction."
    credit = "Photo: Test Agency"


class DraftArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Battery story number {n}")
    slug = factory.Sequence(lambda n: f"battery-story-{n}")
    dek = "A short standfirst about the battery supply chain."
    body = "Cathode plants need **lithium** and nickel.\n\nA second paragraph."
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT
    published_at = None

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        self.authors.set(extracted if extracted is not None else [AuthorFactory()])

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class PublishedArticleFactory(DraftArticleFactory):
    status = Article.Status.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - timedelta(minutes=n + 1))


class ScheduledArticleFactory(DraftArticleFactory):
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Cathode Company {n}")
    slug = factory.Sequence(lambda n: f"cathode-company-{n}")
    kind = Company.Kind.COMPANY
    country = "CN"
    summary = "Makes battery materials."


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal

    title = factory.Sequence(lambda n: f"Cathode plant {n}")
    slug = factory.Sequence(lambda n: f"cathode-plant-{n}")
    kind = Deal.Kind.INVESTMENT_AGREEMENT
    status = Deal.Status.AGREEMENT_SIGNED
    segment = "cathode"
    country = "MA"
    amount = Decimal("100000000")
    currency = "USD"
    amount_usd = Decimal("100000000")
    signed_on = factory.Sequence(lambda n: date(2024, 1, 1) + timedelta(days=n))

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """Take a segment by its slug (the vocabulary's rows are made when missing)."""
        if isinstance(kwargs.get("segment"), str):
            kwargs["segment"] = segment(kwargs["segment"])
        return kwargs


def segment(slug):
    """The vocabulary's segment `slug` (a test database emptied by a browser test has none)."""
    found = Segment.objects.filter(slug=slug).first()
    return found or Segment.objects.ensure_vocabulary().get(slug=slug)


class DealPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DealParty

    deal = factory.SubFactory(DealFactory)
    company = factory.SubFactory(CompanyFactory)
    role = DealParty.Role.INVESTOR


def pdf_file(name="report.pdf", pages=2):
    """An uploaded PDF of `pages` pages (made like the demo report's)."""
    from portal.demo_pdf import text_pdf

    return SimpleUploadedFile(
        name, text_pdf([[(14, f"Page {n}")] for n in range(1, pages + 1)]), "application/pdf"
    )


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    title = factory.Sequence(lambda n: f"Battery materials outlook {n}")
    slug = factory.Sequence(lambda n: f"battery-materials-outlook-{n}")
    summary = "Cathode and anode capacity, plant by plant."
    contents = "Cathode plants\nAnode plants"
    file = factory.LazyFunction(pdf_file)
    page_count = 2
    status = Report.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class EventFactory(factory.django.DjangoModelFactory):
    """A published webinar tomorrow at 10:00 London time, for an hour, on Zoom."""

    class Meta:
        model = Event

    kind = Event.Kind.WEBINAR
    title = factory.Sequence(lambda n: f"Anode materials webinar {n}")
    slug = factory.Sequence(lambda n: f"anode-materials-webinar-{n}")
    summary = "Anode plants outside China, one by one."
    agenda = "10:00 Welcome\n10:10 The plants"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=1))
    time_zone = "Europe/London"
    online = True
    platform = "Zoom"
    join_url = "https://zoom.example.com/j/123"
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    company = "Atlas Components"
    job_title = "Buyer"
    country = "MA"
    topic = "Full report"
    message = "Please send it."


def user_in_group(group_name, username):
    """Return a staff user who belongs to the named role."""
    from django.contrib.auth.models import Group

    user = StaffUserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


# The management forms of the article form's inlines (review comments, corrections), empty:
# what the admin's article form posts besides its fields.
ARTICLE_INLINES_EMPTY = {
    f"{prefix}-{name}": "0"
    for prefix in ("comments", "revisions")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS")
}

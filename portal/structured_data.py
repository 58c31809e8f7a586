"""Structured data (schema.org JSON-LD) of the public pages, in one place."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.templatetags.static import static

from .seo import absolute_url


def publisher():
    """Return the schema.org Organization that publishes the site."""
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static("img/publisher-logo.png")),
            "width": 600,
            "height": 60,
        },
    }


def news_article(article):
    """Return the schema.org NewsArticle of an article (its links prefetched)."""
    hero = article.hero
    renditions = (
        [*hero.social_renditions, *hero.card_renditions[-1:], *hero.renditions[-1:]]
        if (hero)
        else []
    )
    images = [absolute_url(default_storage.url(r["name"])) for r in renditions]
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "inLanguage": article.edition.lang,
        "description": article.description,
        "image": images,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.modified_at.isoformat(),
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in article.authors.all()
        ],
        "publisher": publisher(),
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "wordCount": article.word_count,
    }


def organization(company, ancestors):
    """Return the schema.org Organization of a company profile."""
    kind = "GovernmentOrganization" if company.kind == "government" else "Organization"
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": company.name,
        "url": absolute_url(company.get_absolute_url()),
        "description": company.summary or None,
        "legalName": company.legal_name or None,
        "alternateName": company.other_names or None,
        "sameAs": [company.website] if company.website else None,
        "foundingDate": company.founded_iso or None,
        "logo": absolute_url(company.logo.url) if company.logo else None,
    }
    if company.country or company.city:
        data["address"] = {
            "@type": "PostalAddress",
            "addressCountry": company.country.code or None,
            "addressLocality": company.city or None,
        }
    if ancestors:
        parent = ancestors[0]
        data["parentOrganization"] = {
            "@type": "Organization",
            "name": parent.name,
            "url": absolute_url(parent.get_absolute_url()),
        }
    subsidiaries = [
        {"@type": "Organization", "name": s.name, "url": absolute_url(s.get_absolute_url())}
        for s in company.subsidiaries.all()
    ]
    if subsidiaries:
        data["subOrganization"] = subsidiaries
    return {key: value for key, value in data.items() if value is not None}


def report(item):
    """Return the schema.org Report of a full report's page."""
    cover = item.cover
    images = (
        [absolute_url(default_storage.url(r["name"])) for r in cover.social_renditions]
        if cover
        else []
    )
    return {
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": item.title[:110],
        "inLanguage": item.edition.lang,
        "description": item.summary[:300],
        "image": images,
        "datePublished": item.published_at.isoformat() if item.published_at else None,
        "dateModified": item.updated_at.isoformat(),
        "publisher": publisher(),
        "mainEntityOfPage": absolute_url(item.get_absolute_url()),
        "isAccessibleForFree": True,
        "about": [{"@type": "Organization", "name": c.name} for c in item.companies.all()],
    }


EVENT_STATUSES = {"scheduled": "EventScheduled", "moved_online": "EventMovedOnline",
                  "postponed": "EventPostponed", "cancelled": "EventCancelled"}  # fmt: skip


def event(item):
    """Return the schema.org Event of an event's page (speakers and sponsors prefetched):
    free to attend, online (VirtualLocation) or at its venue (Place)."""
    page = absolute_url(item.get_absolute_url())
    if item.online:
        mode, location = "OnlineEventAttendanceMode", {"@type": "VirtualLocation", "url": page}
    else:
        mode = "OfflineEventAttendanceMode"
        location = {"@type": "Place", "name": item.venue,
                    "address": " ".join(item.address.split()) or item.venue}  # fmt: skip
    cover = item.cover
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": item.title,
        "description": item.summary[:300],
        "inLanguage": item.edition.lang,
        "startDate": item.starts_at.astimezone(item.zone).isoformat(),
        "endDate": item.ends_at.astimezone(item.zone).isoformat(),
        "eventStatus": f"https://schema.org/{EVENT_STATUSES[item.event_status]}",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": location,
        "image": [absolute_url(default_storage.url(r["name"])) for r in cover.social_renditions]
        if cover else [],
        "organizer": publisher(),
        "performer": [{"@type": "Person", "name": s.name, "jobTitle": s.role or None,
                       "worksFor": {"@type": "Organization", "name": s.company.name}
                       if s.company else None} for s in item.speakers.all()],
        "sponsor": [{"@type": "Organization", "name": c.name} for c in item.sponsors.all()],
        "isAccessibleForFree": True,
        "offers": {"@type": "Offer", "price": 0, "priceCurrency": "USD", "url": page,
                   "availability": "https://schema.org/InStock",
                   "validFrom": (item.registration_opens_at or item.published_at).isoformat()},
        "url": page,
    }  # fmt: skip
    for person in data["performer"]:
        for key in [k for k, v in person.items() if v is None]:
            del person[key]
    return data

import time

from leads import spam


def aged_token(seconds=30):
    """Return a fill-time token for a form shown `seconds` ago."""
    return spam.issue_form_token(shown_at=time.time() - seconds)


def lead_post_data(**overrides):
    data = {
        "kind": "report",
        "name": "Amina El Idrissi",
        "email": "Amina@Example.com",
        "company": "Atlas Components",
        "job_title": "Procurement manager",
        "phone": "+212 600 000 000",
        "country": "MA",
        "topic": "Full report: BTR in Tangier",
        "message": "Please send the report.",
        "consent": "on",
        "website": "",
        "form_token": aged_token(),
        "page_url": "/articles/btr/",
        "referrer": "https://www.google.com/",
        "utm_source": "newsletter",
        "utm_medium": "email",
        "utm_campaign": "morocco",
        "utm_term": "",
        "utm_content": "",
    }
    data.update(overrides)
    return data

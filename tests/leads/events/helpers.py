import re

from leads.models import Lead
from tests.leads.helpers import aged_token

LINKS = {use: re.compile(rf"http://\S+/{use}/[^/\s]+/") for use in ("join", "cancel", "recording")}


def registration_data(**overrides):
    data = {
        "name": "Amina El Idrissi", "email": "Amina@Example.com", "company": "Atlas Components",
        "job_title": "Procurement manager", "phone": "", "country": "MA", "consent": "on",
        "website": "", "form_token": aged_token(), "page_url": "", "referrer": "",
        "utm_source": "linkedin", "utm_medium": "social", "utm_campaign": "webinar",
        "utm_term": "", "utm_content": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def register(client, event, capture, **overrides):
    """Send the registration form of `event`; return (lead, response)."""
    with capture(execute=True):
        response = client.post(event.get_absolute_url(), registration_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Lead.objects.latest("pk"), response


def link(message, use):
    return LINKS[use].search(message.body).group(0).removeprefix("http://127.0.0.1:8000")

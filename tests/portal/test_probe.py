"""What an outside probe of the production setup found: each answers 4xx or the designed page."""

import pytest

from leads.models import Lead
from tests.leads.helpers import lead_post_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("referer", ["http://[", "https://[x]/", "http://host:99999/"])
def test_a_referer_that_is_not_a_url_still_shows_the_form(client, referer):
    response = client.get("/contact/", HTTP_REFERER=referer)
    assert response.status_code == 200
    assert response.context["form"].initial["page_url"] == referer


@pytest.mark.parametrize("field", ["page_url", "referrer"])
@pytest.mark.parametrize("value", ["http://[", "https://[x]/", "http://host:99999/"])
def test_a_posted_url_that_is_not_a_url_is_dropped_and_the_lead_kept(client, field, value):
    response = client.post("/contact/", lead_post_data(**{field: value}), HTTP_REFERER=value)
    assert response.status_code == 302
    assert getattr(Lead.objects.get(), field) == ""


@pytest.mark.parametrize("length", [255, 256, 4000])
def test_a_media_file_name_too_long_for_the_disk_is_a_404(client, length):
    assert client.get("/media/" + "a" * length).status_code == 404


def test_media_files_are_still_served(client, settings):
    folder = settings.MEDIA_ROOT / "articles"
    folder.mkdir(parents=True)
    (folder / "note.txt").write_text("hello")
    response = client.get("/media/articles/note.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"

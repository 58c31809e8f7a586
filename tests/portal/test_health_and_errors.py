import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from portal import views


def _explode(request):
    raise RuntimeError("boom")


urlpatterns = [path("explode/", _explode)]
handler500 = "portal.views.server_error"


@pytest.mark.django_db
def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(views.connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_server_error_page_is_in_site_design_without_details(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/explode/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"site-header" in response.content
    assert b"boom" not in response.content
    assert b"Traceback" not in response.content

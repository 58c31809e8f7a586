"""Production hardening: deploy checks, headers, CSP, login throttling, hostile requests."""

import re
import socket

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import PublishedArticleFactory, StaffUserFactory, user_in_group
from tests.servers import Gunicorn, clean_env, http_get, manage


def test_check_deploy_is_clean_with_production_settings():
    result = manage(clean_env(), "check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in result.stdout + result.stderr


def test_production_responses_carry_the_security_headers(production_server):
    status, headers, _ = http_get(production_server + "/")
    assert status == 200
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    csp = headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in csp


def test_production_cookies_are_secure_and_http_only(production_server):
    status, headers, _ = http_get(production_server + "/contact/")
    cookie = headers["Set-Cookie"]
    assert "csrftoken=" in cookie
    assert "Secure" in cookie


def test_unknown_hosts_are_refused_with_400(production_server):
    status, _, _ = http_get(production_server + "/", {"Host": "evil.example"})
    assert status == 400


@pytest.mark.parametrize(
    "path",
    ["/media/../../etc/passwd", "/media/%2e%2e/%2e%2e/etc/passwd", "/media/..%2f..%2fetc/passwd",
     "/static/../manage.py"],
)  # fmt: skip
def test_path_traversal_in_media_urls_finds_nothing(production_server, path):
    status, _, body = http_get(production_server + path)
    assert status in (400, 404)
    assert b"root:" not in body and b"DJANGO_SETTINGS_MODULE" not in body


@pytest.mark.django_db
def test_admin_pages_have_no_inline_scripts_so_they_work_under_the_csp(client):
    editor = StaffUserFactory(is_superuser=True)
    client.force_login(editor)
    article = PublishedArticleFactory()
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_add"),
        reverse("admin:leads_lead_changelist"),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        inline = [
            tag for tag in re.findall(r"<script\b[^>]*>", html)
            if "src=" not in tag and "application/json" not in tag
            and "application/ld+json" not in tag
        ]  # fmt: skip
        assert inline == [], (url, inline)
        assert not re.search(r"\son(click|load|change|submit)=", html), url


@pytest.mark.django_db
def test_public_pages_have_no_inline_scripts(client, demo_content):
    for url in ["/", "/articles/btr-signs-297m-cathode-plant-morocco/", "/deals/", "/contact/"]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "application/ld+json" in tag, (url, tag)


# Admin login throttling (django-axes)


def _login(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


@pytest.mark.django_db
def test_a_client_is_locked_after_repeated_failures_with_a_clear_message(settings):
    settings.AXES_FAILURE_LIMIT = 3
    StaffUserFactory(username="eddie", password="right-password-123")
    client = Client(REMOTE_ADDR="203.0.113.1")
    for _ in range(3):
        _login(client, "eddie", "wrong")
    response = _login(client, "eddie", "right-password-123")
    assert response.status_code == 429
    assert b"Sign-in temporarily locked" in response.content
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME * 3600))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_owner_signs_in_from_elsewhere_while_someone_guesses_their_password(settings):
    settings.AXES_FAILURE_LIMIT = 3
    StaffUserFactory(username="eddie", password="right-password-123")
    attacker = Client(REMOTE_ADDR="203.0.113.1")
    for _ in range(5):
        _login(attacker, "eddie", "wrong")
    owner = Client(REMOTE_ADDR="198.51.100.2")
    assert _login(owner, "eddie", "right-password-123").status_code == 302
    assert "_auth_user_id" in owner.session
    assert _login(attacker, "eddie", "right-password-123").status_code == 429


@pytest.mark.django_db
def test_a_client_is_locked_after_failures_on_several_accounts(settings):
    settings.AXES_FAILURE_LIMIT = 3
    StaffUserFactory(username="olga", password="right-password-123")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for name in ["a", "b", "c"]:
        _login(client, name, "wrong")
    response = _login(client, "olga", "right-password-123")
    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_clients_lockout_does_not_lock_out_another(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    StaffUserFactory(username="olga", password="right-password-123")
    proxy = "10.0.0.5"  # every request reaches the app from the load balancer
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    for name in ["a", "b", "c"]:
        _login(attacker, name, "wrong")
    assert _login(attacker, "olga", "right-password-123").status_code == 429
    editor = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert _login(editor, "olga", "right-password-123").status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_escape_a_lockout(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    StaffUserFactory(username="olga", password="right-password-123")
    for index, name in enumerate(["a", "b", "c", "olga"]):
        # The client writes its own X-Forwarded-For; the proxy appends the real address.
        attacker = Client(
            REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}, 203.0.113.7"
        )
        response = _login(attacker, name, "right-password-123" if name == "olga" else "wrong")
    assert response.status_code == 429


@pytest.mark.django_db
def test_a_successful_login_is_not_locked(settings):
    StaffUserFactory(username="eddie", password="right-password-123")
    client = Client(REMOTE_ADDR="203.0.113.9")
    _login(client, "eddie", "wrong")
    response = _login(client, "eddie", "right-password-123")
    assert response.status_code == 302


def test_the_admin_path_is_configurable():
    result = manage(
        clean_env(DJANGO_ADMIN_URL="newsroom-7f3a"), "shell", "-c",
        "from django.urls import reverse; print(reverse('admin:index'))",
    )  # fmt: skip
    assert result.stdout.strip().endswith("/newsroom-7f3a/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\\\evil.example", "javascript:alert(1)"],
)
def test_login_never_redirects_off_site(next_url):
    get_user_model().objects.create_user("eddie", password="right-password-123", is_staff=True)
    client = Client()
    response = client.post(
        reverse("admin:login") + f"?next={next_url}",
        {"username": "eddie", "password": "right-password-123", "next": next_url},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript:")


# Faults and limits


@pytest.mark.django_db
def test_a_request_body_over_the_limit_gets_a_413_page(client):
    response = client.post("/contact/", {"message": "x" * 3_000_000})
    assert response.status_code == 413
    assert b"too large" in response.content


def test_database_down_gives_a_503_page_in_the_site_design_and_healthz_503(tmp_path):
    env = clean_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:1/portal", DJANGO_SECURE_SSL_REDIRECT=0,
        STATIC_ROOT=tmp_path / "static", PORTAL_VAR_DIR=tmp_path, PAGE_CACHE_SECONDS=0,
    )  # fmt: skip
    manage(env, "collectstatic", "--noinput", "-v0")
    server = Gunicorn(env)
    try:
        for path in ["/", "/news/", "/articles/anything/", "/deals/", "/deals/export.csv",
                     "/deals/export.json"]:  # fmt: skip
            status, headers, body = server.get(path)
            assert status == 503, path
            assert b"We will be back in a moment" in body
            assert b"site-header" in body
            assert b"Traceback" not in body and b"OperationalError" not in body
        status, _, body = server.get("/healthz")
        assert status == 503
        assert b"unreachable" in body
    finally:
        server.stop()


def test_a_slow_client_cannot_hold_a_worker_for_ever(production_server, tmp_path):
    env = clean_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PORTAL_VAR_DIR=tmp_path,
        DJANGO_SECURE_SSL_REDIRECT=0, STATIC_ROOT=tmp_path / "static",
    )  # fmt: skip
    manage(env, "migrate", "-v0")
    server = Gunicorn(env, workers=1, timeout=2)
    try:
        slow = socket.create_connection(("127.0.0.1", server.port))
        slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never finishes
        # The one worker answers only once gunicorn has dropped the slow client (after 2 s);
        # without the timeout this request would wait for ever (and fail at 60 s).
        status, _, _ = http_get(server.base + "/healthz", timeout=60)
        assert status == 200
        slow.close()
    finally:
        server.stop()


@pytest.mark.django_db
def test_sales_and_editor_roles_cannot_reach_user_accounts(client):
    for role in ["Sales", "Editors"]:
        client.force_login(user_in_group(role, f"user-{role}"))
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403

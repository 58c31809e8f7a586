"""Settings come from the environment; production refuses to start half-configured."""

import os
import re
import subprocess
import sys

from tests.servers import (
    PRODUCTION_ENV,
    ROOT,
    free_port,
    http_get,
    service_available,
    stop_process_group,
    wait_for,
)


def _run_python(code, **env):
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update({"DJANGO_DEBUG": "1", **env})  # a value of None leaves it unset
    clean_env = {k: v for k, v in clean_env.items() if v is not None}
    clean_env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_debug_is_off_unless_asked_for():
    env = {**PRODUCTION_ENV, "DJANGO_DEBUG": None}
    result = _run_python("from django.conf import settings; print(settings.DEBUG)", **env)
    assert result.stdout.strip() == "False", result.stderr


def test_without_debug_or_a_secret_key_the_portal_refuses_to_start():
    result = _run_python("import django; django.setup()", DJANGO_DEBUG=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_off_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = _run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_off_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": ""}
    result = _run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_to_turn_the_cache_off():
    env = {**PRODUCTION_ENV, "DJANGO_CACHE_OFF": "1"}
    result = _run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "DJANGO_CACHE_OFF turns off the lead form's rate limit" in result.stderr


def test_database_url_selects_postgresql():
    result = _run_python(
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_default_database_is_sqlite_under_var(tmp_path):
    result = _run_python(
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        DATABASE_URL="",
        PORTAL_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.strip() == str(tmp_path / "db.sqlite3")


def _get(url):
    status, headers, body = http_get(url)
    return status, dict(headers), body


def test_gunicorn_with_production_settings_serves_a_styled_site(production_server):
    status, headers, body = _get(f"{production_server}/")
    assert status == 200
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links a hashed stylesheet"
    status, headers, css = _get(production_server + stylesheet.group(1).decode())
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in headers["Cache-Control"]
    assert b".site-header" in css


def test_gunicorn_with_production_settings_serves_demo_images(production_server):
    status, headers, body = _get(f"{production_server}/")
    image = re.search(rb'src="(/media/library/renditions/[^"]+\.webp)"', body)
    assert image
    status, headers, data = _get(production_server + image.group(1).decode())
    assert status == 200
    assert headers["Content-Type"] == "image/webp"


def test_env_example_lists_every_variable_the_settings_read():
    read = set()
    for module in ("portal/settings.py", "portal/gunicorn.py"):
        source = (ROOT / module).read_text()
        read |= set(re.findall(r'(?:environ\.get|env_bool|env_list|_int)\("([A-Z0-9_]+)"', source))
    listed = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no variables found: the pattern no longer matches the settings"
    assert read - listed == set()


def test_make_run_on_another_port_writes_links_to_that_port(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("SITE_URL", None)
    env.pop("DATABASE_URL", None)
    env["PORTAL_VAR_DIR"] = str(tmp_path)
    # The reloader is not what is tested: without it one process serves, and stops.
    server = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}", "RUNSERVER_ARGS=--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        # A fresh database is migrated and given the demo content first: minutes on a busy
        # machine.
        wait_for(
            lambda: service_available("127.0.0.1", port) or server.poll() is not None,
            600, "make run to serve",
        )  # fmt: skip
        status, _, feed = http_get(f"http://127.0.0.1:{port}/feeds/latest/")
        assert status == 200
        assert f"<link>http://127.0.0.1:{port}/news/</link>".encode() in feed
        assert f"http://127.0.0.1:{port}/articles/".encode() in feed
    finally:
        stop_process_group(server)
    assert not service_available("127.0.0.1", port), "the port is free again"

"""The documented deployment: nginx (portal/nginx.conf) in front of gunicorn's sync workers.

Slow or stalled clients are held by nginx, never by a worker, and oversized uploads are
refused before they are read. Needs nginx: CI installs it; locally the tests skip.
"""

import os
import shutil
import socket

import pytest

from tests.servers import Gunicorn, Nginx, clean_env, manage

pytestmark = pytest.mark.skipif(
    not shutil.which("nginx")
    and not os.path.exists("/usr/sbin/nginx")
    and not os.environ.get("CI"),
    reason="nginx not installed (apt-get install nginx); CI runs these",
)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """One gunicorn sync worker behind nginx; returns (nginx, gunicorn)."""
    folder = tmp_path_factory.mktemp("proxied")
    env = clean_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", PORTAL_VAR_DIR=folder,
        DJANGO_SECURE_SSL_REDIRECT=0, STATIC_ROOT=folder / "static",
        DJANGO_TRUSTED_PROXY_COUNT=1,
    )  # fmt: skip
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    # A worker held by a client is only freed after 600 s: longer than any request waits.
    server = Gunicorn(env, workers=1, timeout=600)
    proxy = Nginx(server.port, folder / "nginx")
    yield proxy, server
    proxy.stop()
    server.stop()


def _stalled_post(port):
    """A client that announces a form body and never sends it all."""
    client = socket.create_connection(("127.0.0.1", port))
    client.sendall(
        b"POST /contact/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nname="
    )
    return client


def test_stalled_clients_do_not_hold_the_only_worker(proxied):
    proxy, _ = proxied
    stalled = [_stalled_post(proxy.port) for _ in range(3)]
    try:
        # Were a stalled body to reach gunicorn, its one worker would wait for it (600 s)
        # and this request would time out (60 s): nginx buffers bodies, so it is answered.
        status, _, body = proxy.get("/healthz")
        assert status == 200, body
    finally:
        for client in stalled:
            client.close()


def test_an_oversized_upload_is_refused_before_it_is_sent(proxied):
    proxy, _ = proxied
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as client:
        client.sendall(
            b"POST /contact/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 41943040\r\n\r\n"
        )
        answer = client.recv(200)
    assert answer.startswith(b"HTTP/1.1 413")


def test_pages_are_served_through_the_proxy(proxied):
    proxy, _ = proxied
    status, headers, _ = proxy.get("/contact/")
    assert status == 200
    assert "csrftoken" in headers.get("Set-Cookie", "")

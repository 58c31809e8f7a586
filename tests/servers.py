"""Helpers for tests that run the portal as real processes (gunicorn, manage.py)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-Zq8v#Lr2@Wm5!Tn9$Kp3^Hx7&Bd4*Fg6(Jc1)Ys0-Ue" + "k" * 20,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_available(host, port):
    """Return whether something accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def clean_env(**overrides):
    """Return the environment without DJANGO_* settings, with production settings added."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(PRODUCTION_ENV)
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True, **kwargs,
    )  # fmt: skip


class _Server:
    """A server process on a free local port: started by a subclass, stopped by a test."""

    def __init__(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def _start(self, command, wait_seconds, **popen):
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **popen
        )
        deadline = time.monotonic() + wait_seconds
        while not service_available("127.0.0.1", self.port):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(self.process.stderr.read().decode())
            time.sleep(0.1)

    def get(self, path, headers=None):
        return http_get(self.base + path, headers)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Gunicorn(_Server):
    """A gunicorn process of the portal on a free port, started and stopped by a test."""

    def __init__(self, env, workers=1, timeout=30):
        super().__init__()
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}",
               "GUNICORN_WORKERS": str(workers), "GUNICORN_TIMEOUT": str(timeout),
               "GUNICORN_ACCESS_LOG": "/dev/null"}  # fmt: skip
        self._start(
            [sys.executable, "-m", "gunicorn", "-c", "python:portal.gunicorn", "portal.wsgi"],
            30, cwd=ROOT, env=env,
        )  # fmt: skip


def http_get(url, headers=None):
    """GET without following redirects; return (status, headers, body) whatever the status."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **(headers or {})})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Nginx(_Server):
    """nginx with the documented configuration (portal/nginx.conf) in front of `upstream`."""

    def __init__(self, upstream_port, folder):
        super().__init__()
        conf = (ROOT / "portal" / "nginx.conf").read_text()
        conf = conf.replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}")
        conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{self.port};")
        if os.geteuid() == 0:
            conf = "user root;\n" + conf  # CI runs as root; its temp folders are root's
        (folder / "tmp").mkdir(parents=True, exist_ok=True)
        (folder / "nginx.conf").write_text(conf)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._start(
            [nginx, "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), "-g", "daemon off;"], 15
        )

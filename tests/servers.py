"""Helpers for tests that run the portal as real processes (gunicorn, manage.py)."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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


def wait_for(condition, seconds, what):
    """Wait until `condition()` holds, checking often; fail after `seconds` (generous
    bounds: a busy machine is slow, never wrong)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.2)


def stop_process_group(process, grace=20):
    """Stop a process started with start_new_session=True and everything it started:
    SIGTERM to the group, then SIGKILL after `grace` seconds; its port is free after."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 30)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Children that outlive their parent (a worker, runserver's reloaded child).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


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
        # A file, not a pipe: a pipe nobody reads fills up with logged errors and then
        # blocks the server in the middle of a request.
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the server)
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=self.errors, start_new_session=True,
            **popen,
        )  # fmt: skip
        deadline = time.monotonic() + wait_seconds
        while not service_available("127.0.0.1", self.port):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(self.error_log())
            time.sleep(0.1)

    def error_log(self):
        """What the server has written to its standard error so far."""
        self.errors.seek(0)
        return self.errors.read().decode(errors="replace")

    def get(self, path, headers=None):
        return http_get(self.base + path, headers)

    def stop(self):
        stop_process_group(self.process)


class Gunicorn(_Server):
    """A gunicorn process of the portal on a free port, started and stopped by a test."""

    def __init__(self, env, workers=1, timeout=30):
        super().__init__()
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}",
               "GUNICORN_WORKERS": str(workers), "GUNICORN_TIMEOUT": str(timeout),
               "GUNICORN_ACCESS_LOG": "/dev/null"}  # fmt: skip
        self._start(
            [sys.executable, "-m", "gunicorn", "-c", "python:portal.gunicorn", "portal.wsgi"],
            120, cwd=ROOT, env=env,
        )  # fmt: skip


def http_get(url, headers=None, timeout=60):
    """GET without following redirects; return (status, headers, body) whatever the status."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **(headers or {})})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def recreate_database(url):
    """Drop (closing its connections) and create the PostgreSQL database at `url`."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        name = sql.Identifier(parts.path.lstrip("/"))
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    connection.close()


def drop_database(url):
    """Drop the PostgreSQL database at `url` (closing its connections)."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        name = sql.Identifier(parts.path.lstrip("/"))
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    connection.close()


class Browser:
    """A cookie-keeping HTTP client that talks to the nodes as if over HTTPS."""

    def __init__(self):
        self.cookies = {}

    def request(self, node, path, data=None, method=None):
        headers = {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{node.port}",
                   "Referer": f"https://127.0.0.1:{node.port}{path}"}  # fmt: skip
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(
            node.base + path, data=body, headers=headers, method=method
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(request, timeout=60)
            status, response_headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, response_headers, content = error.code, error.headers, error.read()
        for cookie in response_headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, response_headers, content.decode()

    def get(self, node, path):
        return self.request(node, path)

    def raw(self, node, path, body, content_type):
        """POST a ready-made body (e.g. multipart) with this browser's cookies."""
        headers = {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{node.port}",
                   "Referer": f"https://127.0.0.1:{node.port}{path}", "Content-Type": content_type,
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}  # fmt: skip
        request = urllib.request.Request(node.base + path, data=body, headers=headers)
        try:
            response = urllib.request.build_opener(_NoRedirect).open(request, timeout=60)
            return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def post(self, node, path, data):
        return self.request(node, path, {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]})

    def login(self, node, username, password):
        self.get(node, "/admin/login/")
        status, headers, _ = self.post(
            node, "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )  # fmt: skip
        assert status == 302, "login failed"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Nginx(_Server):
    """nginx with the documented configuration (portal/nginx.conf) in front of `upstream`
    (and `locations` of its own, for the benchmarks)."""

    def __init__(self, upstream_port, folder, locations=""):
        super().__init__()
        conf = (ROOT / "portal" / "nginx.conf").read_text()
        conf = conf.replace("location / {", locations + "location / {")
        conf = conf.replace("127.0.0.1:6081", f"127.0.0.1:{upstream_port}")
        conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{self.port};")
        if os.geteuid() == 0:
            conf = "user root;\n" + conf  # CI runs as root; its temp folders are root's
        (folder / "tmp").mkdir(parents=True, exist_ok=True)
        (folder / "nginx.conf").write_text(conf)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._start(
            [nginx, "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), "-g", "daemon off;"], 60
        )


class Varnish(_Server):
    """varnishd with the documented configuration (portal/varnish.vcl) in front of
    `backend_port`, in its own working folder."""

    def __init__(self, backend_port, folder):
        super().__init__()
        vcl = (ROOT / "portal" / "varnish.vcl").read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "varnish.vcl").write_text(vcl)
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        self._start(
            [varnishd, "-F", "-n", str(folder / "work"), "-a", f"127.0.0.1:{self.port}",
             "-f", str(folder / "varnish.vcl"), "-s", "malloc,64m",
             "-p", "vcc_allow_inline_c=off", "-j", "none"],
            60,
        )  # fmt: skip


def varnish_available():
    return bool(shutil.which("varnishd") or os.path.exists("/usr/sbin/varnishd"))


class CuttableLink:
    """A TCP relay to a server (PostgreSQL here) that a test cuts like a server stopping.

    `cut_after(n)`: once `n` more bytes have come from the server, every open connection
    is dropped and new ones are refused (accepted and closed at once) until `restore()`.
    `received` counts the bytes that came from the server, so a test can measure how much
    one request reads and then cut it at any point.
    """

    def __init__(self, target_port):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.sockets = set()
        self.budget = None
        self.down = False
        self.received = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after(self, count):
        with self.lock:
            self.budget = count

    def restore(self):
        with self.lock:
            self.budget = None
            self.down = False

    def close(self):
        self.listener.close()
        self._drop()

    def _drop(self):
        with self.lock:
            self.down = True
            sockets, self.sockets = self.sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                self.sockets |= {client, server}
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source, destination, from_server):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                break
            cut = False
            if from_server:
                with self.lock:
                    if self.budget is not None and len(data) >= self.budget:
                        data, cut = data[: self.budget], True
                    elif self.budget is not None:
                        self.budget -= len(data)
                    self.received += len(data)
            try:
                destination.sendall(data)
            except OSError:
                return
            if cut:
                self._drop()
                return
        for sock in (source, destination):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class CeleryProcess:
    """A Celery worker (or the beat scheduler) of the portal, as its own process group,
    so that a test can kill it outright (SIGKILL, as a crash or an OOM kill would)."""

    def __init__(self, env, *args, ready="ready.", wait_seconds=120):
        self.log = tempfile.NamedTemporaryFile(suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", *args, "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + wait_seconds
        while ready not in self.output():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.kill()
                raise RuntimeError(self.output())
            time.sleep(0.2)

    @classmethod
    def worker(cls, env, queue, name, concurrency=2):
        return cls(env, "worker", "-Q", queue, "-n", f"{name}@%h", "-c", str(concurrency),
                   "--without-gossip", "--without-mingle", "--without-heartbeat")  # fmt: skip

    @classmethod
    def beat(cls, env, schedule_file):
        return cls(env, "beat", "-s", str(schedule_file), ready="beat: Starting")

    def output(self):
        return Path(self.log.name).read_text(errors="replace")

    def kill(self):
        """SIGKILL the whole process group (the worker and its pool's children)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        stop_process_group(self.process)

"""gunicorn's configuration (portal/gunicorn.py): workers that restart apart and warm."""

import importlib

from tests.servers import Gunicorn, clean_env, manage, wait_for


def _config(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import portal.gunicorn

    return importlib.reload(portal.gunicorn)


def test_each_worker_draws_its_restart_between_n_and_2n_requests(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS_JITTER", raising=False)
    config = _config(monkeypatch, GUNICORN_MAX_REQUESTS="5000")
    assert (config.max_requests, config.max_requests_jitter) == (5000, 5000)


def test_the_master_loads_urls_and_templates_before_it_forks_a_worker(tmp_path):
    env = clean_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PORTAL_VAR_DIR=tmp_path,
        DJANGO_SECURE_SSL_REDIRECT=0, STATIC_ROOT=tmp_path / "static",
    )  # fmt: skip
    manage(env, "migrate", "-v0")
    server = Gunicorn(env, workers=1)
    try:
        wait_for(lambda: "Booting worker" in server.error_log(), 120, "a worker")
        log = server.error_log()
    finally:
        server.stop()
    assert "Warmed up: URLconf and" in log
    assert log.index("Warmed up") < log.index("Booting worker")

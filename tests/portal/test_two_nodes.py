"""Two gunicorn nodes sharing one PostgreSQL and one Redis stay consistent.

Needs the PostgreSQL and Redis servers that CI runs; fails (never skips) in CI when they
are missing, skips with a reason on a developer machine without them.
"""

import os
import re
import subprocess

import pytest

from tests.servers import Browser, Gunicorn, clean_env, manage, recreate_database, service_available

PG_URL = os.environ.get(
    "TWO_NODE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_two_nodes"
)
REDIS_URL = os.environ.get("TWO_NODE_REDIS_URL", "redis://127.0.0.1:6379/13")
services_missing = not (
    service_available("127.0.0.1", 5432) and service_available("127.0.0.1", 6379)
)
pytestmark = pytest.mark.skipif(
    services_missing and not os.environ.get("CI"),
    reason="needs PostgreSQL on 5432 and Redis on 6379 (CI has both)",
)

SETUP_DATA = """
from django.contrib.auth.models import Group, User
from articles.models import Article, Author, Section
editor = User.objects.create_user("eddie", password="eddie-pass-123", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
sales = User.objects.create_user("sally", password="sally-pass-123", is_staff=True)
sales.groups.add(Group.objects.get(name="Sales"))
section = Section.objects.create(name="Batteries", slug="batteries")
author = Author.objects.create(name="Leila", slug="leila")
article = Article.objects.create(title="Two node story", slug="two-node-story", dek="Dek.",
                                 body="Body.", section=section)
article.authors.add(author)
print("ARTICLE", article.pk)
"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-nodes")
    recreate_database(PG_URL)
    env = clean_env(
        DATABASE_URL=PG_URL, REDIS_URL=REDIS_URL, PAGE_CACHE_SECONDS=60,
        LEADS_MIN_FILL_SECONDS=0, LEADS_RATE_LIMIT_COUNT=3, DJANGO_SECURE_SSL_REDIRECT=0,
        STATIC_ROOT=folder / "static", MEDIA_ROOT=folder / "media", PORTAL_VAR_DIR=folder,
    )  # fmt: skip
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    article_id = re.search(r"ARTICLE (\d+)", manage(env, "shell", "-c", SETUP_DATA).stdout)[1]
    first, second = Gunicorn(env, workers=2), Gunicorn(env, workers=2)
    yield first, second, article_id
    first.stop()
    second.stop()
    subprocess.run(["redis-cli", "-n", "13", "FLUSHDB"], capture_output=True, check=False)


def _lead(browser, node, email):
    _, _, html = browser.get(node, "/contact/")
    token = re.search(r'name="form_token" value="([^"]+)"', html)[1]
    return browser.post(node, "/contact/", {
        "kind": "enquiry", "name": "Amina Two-Node", "email": email, "company": "Atlas",
        "job_title": "Buyer", "country": "MA", "topic": "Report", "message": "",
        "consent": "on", "form_token": token,
    })  # fmt: skip


def test_two_nodes_share_content_cache_sessions_leads_and_rate_limits(nodes):
    first, second, article_id = nodes
    reader = Browser()

    # A reader's cached front page on the second node...
    status, _, html = reader.get(second, "/")
    assert status == 200 and "Two node story" not in html
    assert reader.get(second, "/")[1]["X-Cache"] == "HIT"

    # ...shows the article as soon as an editor publishes it through the first node.
    editor = Browser()
    editor.login(first, "eddie", "eddie-pass-123")
    status, _, _ = editor.post(first, "/admin/articles/article/", {
        "action": "publish_now", "_selected_action": [article_id],
    })  # fmt: skip
    assert status == 302
    assert "Two node story" in reader.get(second, "/")[2]

    # A session made on one node works on the other.
    status, _, html = editor.get(second, "/admin/")
    assert status == 200 and "Articles" in html

    # A lead sent through the first node is in the second node's sales desk.
    assert _lead(reader, first, "amina@example.com")[0] == 302
    sales = Browser()
    sales.login(second, "sally", "sally-pass-123")
    status, _, html = sales.get(second, "/admin/leads/lead/")
    assert status == 200 and "Amina Two-Node" in html

    # The rate limit (3 per client) counts submissions on both nodes together.
    assert _lead(reader, second, "b@example.com")[0] == 302
    assert _lead(reader, first, "c@example.com")[0] == 302
    assert _lead(reader, second, "d@example.com")[0] == 429

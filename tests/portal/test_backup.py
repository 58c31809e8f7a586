"""A pg_dump of the demo data restores into an empty database with the same counts."""

import json
import os
import shutil
import subprocess
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.portal.test_two_nodes import recreate_database
from tests.servers import clean_env, manage, service_available

SOURCE = os.environ.get("BACKUP_SOURCE_URL", "postgres://postgres@127.0.0.1:5432/portal_backup_src")
TARGET = urlunsplit(urlsplit(SOURCE)._replace(path="/portal_backup_restored"))
COUNTS = """
import json
from django.apps import apps
print("COUNTS " + json.dumps({m._meta.label: m.objects.count() for m in apps.get_models()}))
"""
pytestmark = pytest.mark.skipif(
    not (service_available("127.0.0.1", 5432) and shutil.which("pg_dump"))
    and not os.environ.get("CI"),
    reason="needs PostgreSQL and its client tools (CI has both)",
)


def _counts(url, folder):
    output = manage(clean_env(DATABASE_URL=url, PORTAL_VAR_DIR=folder), "shell", "-c", COUNTS)
    return json.loads(output.stdout.split("COUNTS ", 1)[1])


def test_a_dump_of_the_demo_data_restores_with_the_same_counts(tmp_path):
    recreate_database(SOURCE)
    env = clean_env(DATABASE_URL=SOURCE, MEDIA_ROOT=tmp_path / "media", PORTAL_VAR_DIR=tmp_path)
    manage(env, "migrate", "-v0")
    manage(env, "load_demo")
    dump = tmp_path / "portal.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", SOURCE], check=True)
    recreate_database(TARGET)
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={TARGET}", str(dump)], check=True)
    before, after = _counts(SOURCE, tmp_path), _counts(TARGET, tmp_path)
    assert after == before
    assert before["articles.Article"] >= 8 and before["companies.Deal"] >= 2

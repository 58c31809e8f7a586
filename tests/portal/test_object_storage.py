"""Media in S3-compatible object storage: uploaded through one node, read through another.

A local S3 server (moto in server mode) stands in for the object store; the two nodes
share PostgreSQL and the bucket, and no disk.
"""

import io
import os
import re
import uuid

import boto3
import pytest
from PIL import Image

from tests.factories import ARTICLE_INLINES_EMPTY
from tests.portal.test_two_nodes import Browser, recreate_database, services_missing
from tests.servers import Gunicorn, clean_env, drop_database, free_port, http_get, manage

pytestmark = pytest.mark.skipif(
    services_missing and not os.environ.get("CI"),
    reason="needs PostgreSQL on 5432 and Redis on 6379 (CI has both)",
)
# A database of this module's own (modules run in parallel: two_nodes has its own).
PG_URL = f"postgres://postgres@127.0.0.1:5432/portal_object_storage_{os.getpid()}"
BUCKET = "portal-media"
SETUP = """
from django.contrib.auth.models import Group, User
from articles.models import Author, Section
editor = User.objects.create_user("eddie", password="eddie-pass-123", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
print("IDS", Section.objects.create(name="Batteries", slug="batteries").pk,
      Author.objects.create(name="Leila", slug="leila").pk)
"""


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                   f"{value}\r\n".encode())  # fmt: skip
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        body.write(head.encode())
        body.write(content + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def s3_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)  # fmt: skip
    yield endpoint
    server.stop()


def test_an_image_uploaded_through_one_node_is_served_to_the_other(s3_server, tmp_path):
    recreate_database(PG_URL)
    common = {
        "DATABASE_URL": PG_URL, "DJANGO_SECURE_SSL_REDIRECT": 0, "PAGE_CACHE_SECONDS": 0,
        "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_S3_REGION_NAME": "us-east-1", "AWS_DEFAULT_ACL": "public-read",
    }  # fmt: skip
    env_a = clean_env(**common, MEDIA_ROOT=tmp_path / "a", STATIC_ROOT=tmp_path / "static",
                      PORTAL_VAR_DIR=tmp_path / "a")  # fmt: skip
    env_b = clean_env(**common, MEDIA_ROOT=tmp_path / "b", STATIC_ROOT=tmp_path / "static",
                      PORTAL_VAR_DIR=tmp_path / "b")  # fmt: skip
    manage(env_a, "migrate", "-v0")
    manage(env_a, "collectstatic", "--noinput", "-v0")
    section_id, author_id = re.search(
        r"IDS (\d+) (\d+)", manage(env_a, "shell", "-c", SETUP).stdout
    ).groups()
    first, second = Gunicorn(env_a), Gunicorn(env_b)
    try:
        editor = Browser()
        editor.login(first, "eddie", "eddie-pass-123")
        image = io.BytesIO()
        Image.new("RGB", (1000, 560), (20, 90, 70)).save(image, format="JPEG")
        body, content_type = _multipart(
            {"csrfmiddlewaretoken": editor.cookies["csrftoken"], "title": "Stored in S3",
             "slug": "stored-in-s3", "dek": "Standfirst.", "body": "Body.",
             "hero": "", "hero_upload_alt": "A green plate", "hero_upload_caption": "",
             "hero_upload_credit": "",
             "section": section_id, "authors": author_id, "tags": "", "status": "published",
             "published_at_0": "", "published_at_1": "", "meta_description": "",
             "loaded_version": "", "_save": "Save", **ARTICLE_INLINES_EMPTY},
            {"hero_upload": ("plate.jpg", image.getvalue(), "image/jpeg")},
        )  # fmt: skip
        status, _, _ = editor.raw(first, "/admin/articles/article/add/", body, content_type)
        assert status == 302

        status, _, html = http_get(second.base + "/articles/stored-in-s3/")
        assert status == 200
        sources = re.findall(rb'src="([^"]+)"', html)
        image_url = next(s.decode() for s in sources if b"renditions" in s)
        assert image_url.startswith(f"{s3_server}/{BUCKET}/library/renditions/")
        status, headers, data = http_get(image_url)
        assert status == 200 and data[:4] == b"RIFF"
        assert not [path for node in ("a", "b") for path in (tmp_path / node).rglob("*.webp")]
        objects = boto3.client(
            "s3", endpoint_url=s3_server, aws_access_key_id="test",
            aws_secret_access_key="test", region_name="us-east-1",
        ).list_objects_v2(Bucket=BUCKET)["Contents"]  # fmt: skip
        assert any(o["Key"].startswith("library/20") for o in objects)
    finally:
        first.stop()
        second.stop()
        drop_database(PG_URL)

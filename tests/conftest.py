import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Give each test its own media folder and an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_content(db):
    """Load the demo content the way `make run` does."""
    call_command("load_demo", stdout=io.StringIO())

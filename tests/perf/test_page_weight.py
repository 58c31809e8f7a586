"""The front page stays light: HTML, CSS and JS under 100 KB transferred (images apart)."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db
BUDGET_BYTES = 100 * 1024


def test_front_page_html_css_and_js_weigh_under_100_kb_gzipped(client, demo_content):
    html = client.get("/").content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert assets, "the page links its stylesheet and script"
    total = len(gzip.compress(html))
    for asset in assets:
        with open(finders.find(asset.decode()), "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total < BUDGET_BYTES, f"{total:,} bytes"

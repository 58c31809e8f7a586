"""The README and the handbook (docs/): every relative link goes somewhere that exists."""

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+)$", re.M)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def _anchor(heading):
    """The anchor a heading gets on GitHub: lower case, punctuation dropped, - for spaces."""
    text = unicodedata.normalize("NFKC", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path):
    return {_anchor(h) for h in HEADING.findall(FENCE.sub("", path.read_text()))}


def _links(path):
    return [
        link for link in LINK.findall(FENCE.sub("", path.read_text()))
        if not re.match(r"[a-z][a-z0-9+.-]*:", link)  # http:, https:, mailto:, image:
    ]  # fmt: skip


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    broken = []
    for link in _links(page):
        target, _, anchor = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        if not path.exists():
            broken.append(f"{link}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(f"{link}: no such heading")
    assert broken == []


def test_the_readme_is_a_front_door_not_a_manual():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 250


def test_every_handbook_page_names_its_audience_first():
    for page in sorted((ROOT / "docs").glob("*.md")):
        first_paragraph = page.read_text().split("\n\n")[1]
        assert first_paragraph.startswith("Audience:"), page.name

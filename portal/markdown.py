"""Markdown rendering for editor-written text: rendered once on save, then sanitised.

Editors type Markdown, which allows raw HTML; nh3 (a binding to the Rust `ammonia`
sanitiser) removes every tag and attribute not on the allow-list, so neither
`<script>` nor an event handler such as `onerror=` ever reaches a reader.
"""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html):
    """Return `html` with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text):
    """Return sanitised HTML for Markdown `text` (tables, footnotes and smart quotes on)."""
    html = markdown_lib.markdown(
        text or "",
        extensions=["extra", "sane_lists", "smarty"],
        output_format="html",
    )
    return sanitise_html(html)

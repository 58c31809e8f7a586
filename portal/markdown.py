"""Markdown rendering for editor-written text: rendered once on save, then sanitised.

Editors type Markdown, which allows raw HTML; nh3 (a binding to the Rust `ammonia`
sanitiser) removes every tag and attribute not on the allow-list, so neither
`<script>` nor an event handler such as `onerror=` ever reaches a reader.
"""

import re
import xml.etree.ElementTree as ElementTree

import markdown as markdown_lib
import nh3
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LIBRARY_IMAGE = re.compile(r"^image:(\d{1,12})$")
BODY_IMAGE_SIZES = "(min-width: 44rem) 42rem, 100vw"
# A line break inside a paragraph between two Chinese (or Japanese) characters: browsers
# show it as a space, which Chinese text never has, so it is joined up before rendering.
CJK_LINE_BREAK = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\r?\n[ \t]*"
    r"(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)


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


class LibraryImages(Treeprocessor):
    """Render `![alt](image:42)` as the library image 42: its renditions as `srcset`,
    its size, lazy loading, and (alone in its paragraph) a figure with its caption and
    credit. An image that is not in the library is left out."""

    def __init__(self, md, resolve):
        super().__init__(md)
        self.resolve = resolve

    def run(self, root):
        wanted = [img for img in root.iter("img") if LIBRARY_IMAGE.match(img.get("src", ""))]
        if not wanted:
            return
        found = self.resolve({int(LIBRARY_IMAGE.match(img.get("src"))[1]) for img in wanted})
        captions = {}
        for parent in list(root.iter()):
            for img in list(parent):
                match = img.tag == "img" and LIBRARY_IMAGE.match(img.get("src", ""))
                image = found.get(int(match[1])) if match else None
                if image is not None:
                    captions[img] = self._fill(img, image)
                elif match:
                    self._remove(parent, img)
        for paragraph in list(root.iter("p")):
            self._figure(paragraph, captions)

    @staticmethod
    def _fill(img, image):
        """Give `img` the library image's attributes; return its (caption, credit)."""
        alt = img.get("alt") or image["alt"]
        caption = img.get("title") or image["caption"]
        img.attrib.clear()
        img.attrib.update({
            "src": image["src"], "alt": alt, "width": str(image["width"]),
            "height": str(image["height"]), "loading": "lazy", "decoding": "async",
        })  # fmt: skip
        if image["srcset"]:
            img.attrib.update({"srcset": image["srcset"], "sizes": BODY_IMAGE_SIZES})
        return caption, image["credit"]

    @staticmethod
    def _remove(parent, img):
        """Leave out an image that is not (or no longer) in the library."""
        index = list(parent).index(img)
        if index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + (img.tail or "")
        else:
            parent.text = (parent.text or "") + (img.tail or "")
        parent.remove(img)

    @staticmethod
    def _figure(paragraph, captions):
        """A paragraph holding only a library image becomes a figure with its caption."""
        children = list(paragraph)
        if len(children) != 1 or children[0] not in captions or (paragraph.text or "").strip():
            return
        img = children[0]
        if (img.tail or "").strip():
            return
        caption, credit = captions[img]
        paragraph.tag = "figure"
        paragraph.text = img.tail = None
        if caption or credit:
            figcaption = ElementTree.SubElement(paragraph, "figcaption")
            figcaption.text = f"{caption} " if caption and credit else caption
            if credit:
                ElementTree.SubElement(figcaption, "small").text = credit


class _ImagesExtension(markdown_lib.Extension):
    def __init__(self, resolve):
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(LibraryImages(md, self.resolve), "library_images", 1)


def render_markdown(text, images=None):
    """Return sanitised HTML for Markdown `text` (tables, footnotes and smart quotes on).

    `images`, given a set of ids, returns {id: {"src", "srcset", "width", "height",
    "alt", "caption", "credit"}} of library images, for `![alt](image:<id>)`.
    """
    extensions = ["extra", "sane_lists", "smarty"]
    if images is not None:
        extensions.append(_ImagesExtension(images))
    text = CJK_LINE_BREAK.sub("", text or "")
    html = markdown_lib.markdown(text, extensions=extensions, output_format="html")
    return sanitise_html(html)

"""The Markdown editor of the admin: a plain textarea with a formatting toolbar, a live
preview rendered by the server (the same Markdown rendering and sanitising readers get),
and word count and reading time while typing.

The textarea stays a native form field, so the form works without JavaScript and with
screen readers; the toolbar is GitHub's `<markdown-toolbar>` element (vendored from npm
into `static/vendor/`, see the Makefile's `vendor` target), keyboard shortcuts and the
preview are `static/js/admin-editor.js`.
"""

from django import forms
from django.forms import Script

TITLE_HINT = 60  # characters search results show of a title
DESCRIPTION_HINT = 155  # ... and of a description


class MarkdownEditor(forms.Textarea):
    """A Markdown textarea with toolbar, live preview and counts (`preview_url` renders)."""

    template_name = "admin/widgets/markdown_editor.html"

    def __init__(self, *, preview_url, image_search_url="", attrs=None):
        super().__init__(attrs={"rows": 24, "class": "md-editor__input", **(attrs or {})})
        self.preview_url = preview_url
        self.image_search_url = image_search_url

    def get_context(self, name, value, attrs):
        if attrs and attrs.get("id"):
            attrs = {**attrs, "aria-describedby": f"{attrs['id']}_stats"}
        context = super().get_context(name, value, attrs)
        context["widget"]["preview_url"] = str(self.preview_url)
        context["widget"]["image_search_url"] = str(self.image_search_url)
        return context

    class Media:
        js = [
            Script("vendor/markdown-toolbar-element/index.js", type="module"),
            "js/admin-editor.js",
        ]
        css = {"all": ["css/admin-editor.css"]}


def length_hint(widget, characters, what="search results"):
    """Mark a text input so the editor shows its length against what `what` show."""
    widget.attrs.update({"data-length-hint": characters, "data-length-what": what})
    return widget

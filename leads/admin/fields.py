"""The sales desk's HTML: each column and field of a lead is a template, escaped by default."""

from django.template.loader import render_to_string


def field_html(name, **context):
    """Render templates/admin/leads/lead/fields/<name>.html with `context`."""
    return render_to_string(f"admin/leads/lead/fields/{name}.html", context)

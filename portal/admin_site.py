"""The newsroom's admin site: Django's, with one guard in front of every model view.

Django's admin trusts some of what a signed-in member of staff sends: an object id in
the URL of django-simple-history's history view, the ids of the rows an action is
asked for, and lookups in a list's query string (`?email__regex=...` on any local
field). Out of range, each of these was a 500 (a non-numeric id, an invalid regular
expression) or an unindexed scan (a regex over a million leads). The guard answers them
with a 404 or a 400 before the view runs.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404

# Lookups a list's query string may not use: too costly on large tables, and a 500 on
# an invalid pattern.
REFUSED_LOOKUPS = ("regex", "iregex")


class PortalAdminSite(admin.AdminSite):
    """The admin site, whose model views first check the ids and lookups sent to them."""

    def admin_view(self, view, cacheable=False):
        model_admin = getattr(view, "__self__", None)
        if isinstance(model_admin, admin.ModelAdmin):
            view = _guarded(view, model_admin.model)
        return super().admin_view(view, cacheable)


def _guarded(view, model):
    pk = model._meta.pk

    @wraps(view)
    def guarded_view(request, *args, **kwargs):
        object_id = kwargs.get("object_id")
        if object_id is not None and not _is_pk(pk, unquote(object_id)):
            raise Http404(f"No {model._meta.verbose_name} has that id.")
        if any(part in REFUSED_LOOKUPS for key in request.GET for part in key.split("__")[1:]):
            raise DisallowedModelAdminLookup("Filtering lists by regular expressions is off.")
        if request.method == "POST" and "action" in request.POST:
            selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            if not all(_is_pk(pk, value) for value in selected):
                raise BadRequest("The rows chosen for the action are not valid ids.")
        return view(request, *args, **kwargs)

    return guarded_view


def _is_pk(field, value):
    try:
        field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return True

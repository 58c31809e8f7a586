import logging
import sys

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve as static_serve

from . import editions

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """Liveness and database check for load balancers: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def media(request, path):
    """Serve an uploaded file (single-node deployments); a name the disk refuses is a 404."""
    try:
        return static_serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # e.g. a file name longer than the file system allows
        raise Http404("No such file") from error


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" shortcut, only for staff who may view the object.

    Anyone else gets a 404 (ids are not to be probed); an object readers cannot see yet
    (an unpublished article) opens its staff preview instead of its public URL.
    """
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    permission = f"{content_type.app_label}.view_{content_type.model}"
    if model is None or not request.user.has_perm(permission):
        raise Http404("No such object")
    try:
        obj = model._default_manager.get(pk=object_id)
    except (model.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("No such object") from error
    if getattr(obj, "is_live", True) is False:
        return redirect(obj.get_preview_url())
    return contenttype_views.shortcut(request, content_type_id, object_id)


def server_error(request):
    """The 500 page, or the 503 page when the database could not be reached.

    Django calls this (handler500) for every exception nothing else handled, wherever it
    was raised: a view, a template, the page cache or the session middleware, while the
    exception is being handled. Neither page touches the database (it may be why we are
    here).
    """
    context = {"site_name": settings.SITE_NAME, "request": None, "edition": editions.current()}
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return HttpResponseServerError(loader.get_template("500.html").render(context))
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    """The 400 page. Unlike Django's, it does not ask the CSRF middleware for a token
    first: that reads the form again, and a form body Django refused (a charset other
    than UTF-8) then failed a second time, as a 500."""
    response = HttpResponseBadRequest(loader.get_template("400.html").render({}, request))
    response["Cache-Control"] = "no-store"
    return response


def permission_denied(request, exception=None):
    """A 403 in the design of where it happened: staff refused an admin page (an editor
    opening the sales desk) stay in the admin, with its navigation, and are told why."""
    if request.path.startswith(f"/{settings.ADMIN_URL}") and request.user.is_staff:
        context = {**admin.site.each_context(request), "title": "Not part of your role"}
        return render(request, "admin/403.html", context, status=403)
    return render(request, "403.html", status=403)


def sign_in_locked(request, original_response=None, credentials=None):
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): a 429 that says, in words and
    in Retry-After, how long this connection waits."""
    cool_off = get_cool_off(request)
    context = {"cooloff_timedelta": cool_off}
    response = render(request, "axes_lockout.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds())) if cool_off else "900"
    return response


def csrf_failure(request, reason=""):
    """A friendly 403 when a form's security token is missing or stale."""
    return render(request, "403_csrf.html", status=403)


@require_safe
def robots_txt(request):
    """robots.txt: keep crawlers out of the admin, previews and searches; list sitemaps."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /preview/",
        "Disallow: /search/",
        "Disallow: /contact/thanks/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        f"Sitemap: {settings.SITE_URL}/news-sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request, sitemaps):
    """Sitemap index with absolute URLs from SITE_URL (Django's uses the request's host)."""
    from portal.cache import edge

    edge.show("sitemaps")
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class() if callable(sitemap_class) else sitemap_class
        location = f"{settings.SITE_URL}{reverse('sitemap_section', args=[section])}"
        # Not Sitemap.get_latest_lastmod(): with a lastmod method it loads every item.
        lastmod = sitemap.index_lastmod() if hasattr(sitemap, "index_lastmod") else None
        for page in range(1, sitemap.paginator.num_pages + 1):
            suffix = f"?p={page}" if page > 1 else ""
            entries.append({"location": location + suffix, "lastmod": lastmod})
    return render(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml; charset=utf-8",
    )


@never_cache
def bench_minimal(request):
    """The benchmark's baseline: the cheapest response Django can give (bench only)."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on every page (the admin's too): send the site icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))

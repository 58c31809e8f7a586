"""Site-wide middleware: security headers Django has no setting for, a 413 for bodies
too large, a 400 for form bodies in charsets a form cannot be read in, and the admin's
own style policy. (The 503 page of a database outage is `portal.views.server_error`.)"""

import codecs
import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Add Permissions-Policy (and keep the others Django sets) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
ASCII_PROBE = "name=value&x-y_z.0"


class FormCharsetMiddleware:
    """Refuse (400) form data the portal cannot take: a charset that does not keep ASCII
    as ASCII (UTF-16, UTF-32: Django fails on them with a 500), or a NUL character in a
    query parameter or form field (no field takes one, and PostgreSQL refuses it in text).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset")
        is_form = request.content_type in FORM_CONTENT_TYPES
        if charset and is_form and not _keeps_ascii(charset):
            raise BadRequest(f"A form cannot be sent in {charset[:40]}: use UTF-8.")
        fields = (
            [request.GET, request.POST] if is_form and request.method == "POST" else [request.GET]
        )
        if any(_has_nul(data) for data in fields):
            raise BadRequest("The address or the form holds a NUL character.")
        return self.get_response(request)


def _has_nul(data):
    return any("\x00" in key or any("\x00" in value for value in values)
               for key, values in data.lists())  # fmt: skip


def _keeps_ascii(charset):
    try:
        codecs.lookup(charset)
        return ASCII_PROBE.encode(charset) == ASCII_PROBE.encode("ascii")
    except (LookupError, UnicodeError, ValueError):
        return True  # Django ignores a charset it does not know and reads the body as UTF-8


class AdminInlineStylesMiddleware:
    """Allow inline styles (which the Django admin's widgets use) on admin pages only.

    The site-wide Content-Security-Policy has no `'unsafe-inline'` for styles; the public
    pages use none. Sits inside django-csp's middleware, which reads `_csp_update`.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.admin_prefix):
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response


class RequestSizeMiddleware:
    """Refuse (413) a request body announced larger than the portal takes, before reading it.

    Public forms take MAX_REQUEST_BYTES; the admin, where images are uploaded,
    MAX_ADMIN_REQUEST_BYTES. Django's own limits count only what it parses, after the
    upload has been read.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BadRequest("The request's Content-Length is not a number.") from None
        admin = request.path.startswith(self.admin_prefix)
        limit = settings.MAX_ADMIN_REQUEST_BYTES if admin else settings.MAX_REQUEST_BYTES
        if length > limit:
            body = loader.get_template("400.html").render(
                {"site_name": settings.SITE_NAME, "request": None}
            )
            return HttpResponse(body, status=413)
        return self.get_response(request)

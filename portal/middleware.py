"""Site-wide middleware: security headers Django has no setting for, a 400 for form
bodies in charsets a form cannot be read in, and a designed 503 page when the database
cannot be reached."""

import codecs
import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
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


class DatabaseUnavailableMiddleware:
    """Answer with the site's 503 page, not a traceback, when the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception)
        body = loader.get_template("503.html").render(
            {"site_name": settings.SITE_NAME, "request": None}
        )
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
ASCII_PROBE = "name=value&x-y_z.0"


class FormCharsetMiddleware:
    """Refuse (400) a form body declared in a charset that does not keep ASCII as ASCII.

    Form fields and their separators are ASCII; a body said to be UTF-16 or UTF-32
    cannot be parsed as a form, and Django would fail on it with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset")
        if charset and request.content_type in FORM_CONTENT_TYPES and not _keeps_ascii(charset):
            raise BadRequest(f"A form cannot be sent in {charset[:40]}: use UTF-8.")
        return self.get_response(request)


def _keeps_ascii(charset):
    try:
        codecs.lookup(charset)
        return ASCII_PROBE.encode(charset) == ASCII_PROBE.encode("ascii")
    except (LookupError, UnicodeError, ValueError):
        return True  # Django ignores a charset it does not know and reads the body as UTF-8

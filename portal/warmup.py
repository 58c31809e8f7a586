"""Load, once in gunicorn's master process before it forks, what every worker would
otherwise load on its first request: the URLconf (and with it every view module) and
the site's own templates, compiled.

A worker that starts (at boot, or when it is recycled after GUNICORN_MAX_REQUESTS)
inherits them, so its first request costs what any other does. Nothing here opens a
database, cache or broker connection: those must never be shared across a fork.
"""

import logging

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver

logger = logging.getLogger(__name__)


def warm_up():
    """Import every view and compile the project's templates; return how many templates."""
    get_resolver().reverse_dict  # noqa: B018 (builds the URL maps, importing every view)
    engine = engines["django"]
    compiled = 0
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(folder.rglob("*.html")):
            try:
                engine.get_template(str(path.relative_to(folder)))
            except (TemplateDoesNotExist, TemplateSyntaxError):  # e.g. an override's partial
                continue
            compiled += 1
    return compiled

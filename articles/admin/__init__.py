"""The newsroom's admin, one module per concern (Django imports this package).

- `sections`: sections, authors, old slugs, the translators' glossary
- `images`: the image library and its picker
- `article`: stories (the lifecycle's admin, `portal.publishing.admin`, plus the editor)
- reports: `articles.reports.admin`
"""

from ..events import admin as events_admin  # noqa: F401 (registers the events' admin)
from ..reports import admin as reports_admin  # noqa: F401 (registers the reports' admin)
from . import article, images, sections  # noqa: F401 (each registers its models)

"""The sales desk in the admin (Django imports this package).

- `lead`: the leads list and a lead's page (their HTML: templates/admin/leads/lead/fields/)
- `attribution`: what brings leads
- `records`: the leads' outbox, consents and exports
"""

from . import lead, records  # noqa: F401 (each registers its models)

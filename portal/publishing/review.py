"""Review with two people: tell the Editors when something waits for them.

Sent by the task queue after the transaction commits (`tasks.email_review_request`), so
a mail server that is down never undoes a writer's submission; the task tries again.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from portal.roles import EDITORS
from portal.seo import absolute_url


def review_requested(model_label, ids):
    """E-mail every Editor with an address about the items of `model_label` (for
    example "articles.article") now in review."""
    model = apps.get_model(model_label)
    items = list(model.objects.in_review().filter(pk__in=ids))
    editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True)
    addresses = sorted({user.email for user in editors if user.email})
    if not items or not addresses:
        return 0
    lines = [f"- {item}\n  {_change_url(item)}" for item in items]
    more = f" and {len(items) - 1} more" if len(items) > 1 else ""
    return send_mail(
        subject=f"For review: {items[0]}{more}",
        message="Waiting for an editor's review:\n\n" + "\n".join(lines) + "\n",
        from_email=None, recipient_list=addresses,
    )  # fmt: skip


def _change_url(item):
    opts = item._meta
    return absolute_url(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]))

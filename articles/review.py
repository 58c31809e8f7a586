"""Review with two people: tell the Editors when a story waits for them.

Sent by the task queue after the transaction commits (articles.tasks), so a mail server
that is down never undoes a writer's submission; the task tries again later.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from portal.roles import EDITORS
from portal.seo import absolute_url

from .models import Article

logger = logging.getLogger(__name__)


def review_requested(article_ids):
    """E-mail every Editor with an address about the stories now in review."""
    articles = list(Article.objects.in_review().filter(pk__in=article_ids))
    editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True)
    addresses = sorted({user.email for user in editors if user.email})
    if not articles or not addresses:
        return 0
    lines = [f"- {a.title}\n  {absolute_url(_change_url(a))}" for a in articles]
    return send_mail(
        subject=f"For review: {articles[0].title}"
        + (f" and {len(articles) - 1} more" if len(articles) > 1 else ""),
        message="Waiting for an editor's review:\n\n" + "\n".join(lines) + "\n",
        from_email=None, recipient_list=addresses,
    )  # fmt: skip


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])

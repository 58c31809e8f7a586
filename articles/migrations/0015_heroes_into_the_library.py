"""Every article's hero image becomes a library image (with its alt text, caption,
credit and renditions), and the roles get the library: Editors keep it, Writers add
to it and pick from it."""

import logging

from django.db import migrations

from portal.images import make_crops
from portal.roles import EDITORS, WRITERS, grant_model_permissions

logger = logging.getLogger(__name__)
CARD_RATIO, CARD_WIDTHS = 16 / 9, (480, 800, 1200)
SOCIAL_RATIO, SOCIAL_WIDTHS = 1200 / 630, (1200,)


def crops(name):
    """The focal-point crops (centred) of a stored image; none if its file is missing."""
    try:
        card = make_crops(name, prefix="library/renditions", ratio=CARD_RATIO,
                          widths=CARD_WIDTHS, focal=(50, 50))  # fmt: skip
        social = make_crops(name, prefix="library/renditions", ratio=SOCIAL_RATIO,
                            widths=SOCIAL_WIDTHS, focal=(50, 50))  # fmt: skip
    except OSError:
        logger.warning("Image %s not found in media storage: no crops made", name)
        return [], [], ""
    return card, social, f"{name}|50,50"


def heroes_into_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("articles", "Image")
    for article in Article.objects.exclude(hero_image="").iterator():
        card, social, key = crops(article.hero_image.name)
        image = Image.objects.create(
            file=article.hero_image.name, width=article.hero_image_width,
            height=article.hero_image_height, file_bytes=article.hero_image_bytes,
            alt_text=article.hero_alt or article.title, caption=article.hero_caption,
            credit=article.hero_credit, renditions=article.hero_renditions,
            card_renditions=card, social_renditions=social, renditions_key=key,
            uploaded_by_id=article.created_by_id,
        )  # fmt: skip
        Article.objects.filter(pk=article.pk).update(hero=image)


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, {"articles": ["image"]})
    grant_model_permissions(apps, WRITERS, {"articles": ["image"]}, actions={"add", "view"})


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_image_library")]

    operations = [
        migrations.RunPython(heroes_into_library, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

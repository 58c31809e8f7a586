"""The hero image now lives in the library (Article.hero): the old columns go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_heroes_into_the_library")]

    operations = [
        migrations.RemoveField(
            model_name='article',
            name='hero_alt',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_caption',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_credit',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_image',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_image_bytes',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_image_height',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_image_width',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_renditions',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_renditions_source',
        ),
        migrations.RemoveField(
            model_name='historicalarticle',
            name='hero_alt',
        ),
        migrations.RemoveField(
            model_name='historicalarticle',
            name='hero_caption',
        ),
        migrations.RemoveField(
            model_name='historicalarticle',
            name='hero_credit',
        ),
        migrations.RemoveField(
            model_name='historicalarticle',
            name='hero_image',
        ),
        migrations.RemoveField(
            model_name='historicalarticle',
            name='hero_image_bytes',
        ),
        migrations.RemoveField(
            model_name='historicalarticle',
            name='hero_image_height',
        ),
        migrations.RemoveField(
            model_name='historicalarticle',
            name='hero_image_width',
        ),
        migrations.RemoveField(
            model_name='historicalarticle',
            name='hero_renditions_source',
        ),
    ]

"""Staff roles (groups), granted model permissions by each app's own data migration."""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
WRITERS = "Writers"
SALES = "Sales"
# Translators, one group per language they translate into (a translator may be in
# several): they create and change the translations in their languages and submit them
# for review; Editors publish. They never change an English story, nor see leads.
TRANSLATORS = {"zh-hans": "Translators (简体中文)"}


def translator_languages(user):
    """The languages `user` translates into (their Translators groups), cached on it."""
    if not hasattr(user, "_translator_languages"):
        names = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._translator_languages = {code for code, name in TRANSLATORS.items() if name in names}
    return user._translator_languages


def grant_model_permissions(apps, group_name, models_by_app, actions=None):
    """Give `group_name` the permissions on the models named per app label.

    Runs inside data migrations, where permissions may not exist yet on a fresh
    database: create them first. `actions` limits the grant (e.g. {"view"}).
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, model_names in models_by_app.items():
        app_config = apps.get_app_config(app_label)
        # Historical app configs have no models module; create_permissions needs one set.
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        if stub:
            app_config.models_module = None
        permissions = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=model_names
        )
        if actions is not None:
            permissions = [p for p in permissions if p.codename.split("_", 1)[0] in actions]
        group.permissions.add(*permissions)


def revoke_model_permissions(apps, group_name, models_by_app):
    """Remove what `grant_model_permissions` gave (for reversible migrations)."""
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=group_name).first()
    if group is None:
        return
    group.permissions.remove(
        *group.permissions.filter(
            content_type__app_label__in=models_by_app,
        ).filter(content_type__model__in=[m for models in models_by_app.values() for m in models])
    )

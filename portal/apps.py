from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # In ready(): the cache's modules need the apps loaded.
        from django.utils.autoreload import file_changed

        from .cache.content import renew_release

        # runserver keeps serving after a template edit: give the edit a new release.
        file_changed.connect(renew_release, dispatch_uid="portal-renew-release")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site (portal.admin_site: ids and lookups checked)."""

    default = False
    default_site = "portal.admin_site.PortalAdminSite"

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.utils.autoreload import file_changed

        from .cache.content import renew_release

        # runserver keeps serving after a template edit: give the edit a new release.
        file_changed.connect(renew_release, dispatch_uid="portal-renew-release")

from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = "Sales desk"

    def ready(self):
        from . import signals  # noqa: F401 (in ready(): receivers need the models loaded)

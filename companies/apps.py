from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = "Companies and deals"

    def ready(self):
        from . import signals  # noqa: F401 (in ready(): receivers need the models loaded)

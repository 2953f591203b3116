from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "localsdg.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from localsdg.search import receivers

        # After every `migrate` (a framework revision arrives as a data migration) the index is
        # rebuilt, so it never lags behind the framework tables.
        post_migrate.connect(receivers.on_migrated, sender=self)

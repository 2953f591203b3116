from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "localsdg.web"
    label = "web"
    verbose_name = _("Shared page parts")

    def ready(self) -> None:
        from localsdg.web import cache  # noqa: F401 - connects the invalidation receivers

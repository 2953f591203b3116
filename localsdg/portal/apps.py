from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "localsdg.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from localsdg.portal import cache  # noqa: F401 - connects the invalidation receivers

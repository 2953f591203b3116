from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "localsdg.assessment"
    label = "assessment"
    verbose_name = _("Progress assessment")

    def ready(self) -> None:
        from localsdg.assessment import receivers  # noqa: F401 - connects the signal handlers

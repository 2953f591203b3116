"""API keys: what lets a script write an organisation's data through the API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localsdg.orgs.models import Organisation


class ApiKey(models.Model):
    """One key of one organisation. Only its SHA-256 is stored; the key is shown once.

    A key is ``lsdg_<prefix>_<secret>`` with a secret of 32 random bytes from
    ``secrets.token_urlsafe``. A password hash (argon2) is slow on purpose so that a guessable
    password cannot be brute-forced from a stolen hash; a 256-bit random secret cannot be
    guessed at any speed, so a fast hash is as safe here and lets every API request be checked
    in microseconds. The prefix (8 hex characters, not secret) finds the row and names the key
    in lists, logs and release notes.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="api_keys",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    key_hash = models.CharField(_("SHA-256 of the key"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used"])

    class Meta:
        ordering = ["organisation", "-created"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked is None

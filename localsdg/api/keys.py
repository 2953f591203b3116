"""Creating, finding and revoking API keys: the one place that knows what a key looks like."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from localsdg.api.models import ApiKey
from localsdg.orgs.models import Organisation
from localsdg.orgs.permissions import can_manage_api_keys

SCHEME = "lsdg"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(org: Organisation, name: str, user: Any = None) -> tuple[ApiKey, str]:
    """A new key and its plain text, which is returned here once and stored nowhere."""
    for _attempt in range(5):
        prefix = secrets.token_hex(4)
        plain = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
        creator = user if getattr(user, "is_authenticated", False) else None
        try:
            with transaction.atomic():
                key = ApiKey.objects.create(
                    organisation=org,
                    name=name.strip()[:100],
                    prefix=prefix,
                    key_hash=key_hash(plain),
                    created_by=creator,
                )
        except IntegrityError:  # the same prefix drawn twice: draw again
            continue
        return key, plain
    raise RuntimeError("could not draw a unique key prefix")


def find_key(plain: str) -> ApiKey | None:
    """The active key with this plain text, or None (unknown, malformed or revoked)."""
    parts = plain.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        return None
    if "\x00" in plain:
        return None
    key = (
        ApiKey.objects.select_related("organisation", "created_by")
        .filter(prefix=parts[1], revoked__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.key_hash, key_hash(plain.strip())):
        return None
    if key.created_by is not None and not can_manage_api_keys(key.created_by, key.organisation):
        return None  # its creator no longer administers the organisation (or was deactivated)
    return key


def touch(key: ApiKey) -> None:
    """Record the use without a history row (last_used is not part of the key's history)."""
    now = timezone.now()
    ApiKey.objects.filter(pk=key.pk).update(last_used=now)
    key.last_used = now


def revoke(key: ApiKey) -> None:
    if key.revoked is None:
        key.revoked = timezone.now()
        key.save(update_fields=["revoked"])

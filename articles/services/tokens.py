"""Personal tokens for feeds, the API and exports: created and revoked here, checked by access.py."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from articles.models import ApiToken

TOKEN_PREFIX = "na_"  # noqa: S105 - a recognisable marker, not a secret


def hash_token(raw: str) -> str:
    # A fast hash is enough for a random 256-bit secret (unlike a password, it cannot be guessed).
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, user) -> str:
    """Create (or rotate) the user's token for feeds, the API and exports; return it in clear, the only
    time it is ever known (only its hash is stored)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.filter(user=user).delete()
        ApiToken.objects.create(user=user, key_hash=hash_token(raw))
    return raw


def token_revoke(*, user) -> None:
    ApiToken.objects.filter(user=user).delete()


def token_used(*, token: ApiToken) -> None:
    """Record when a token was last used (the caller decides how often: not on every request)."""
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())

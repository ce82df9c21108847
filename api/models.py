"""Personal access tokens for the API.

Only a SHA-256 digest of each token is stored: the secret is shown once, when
it is made, so a leaked database cannot be replayed against the API. A
random 256-bit secret needs no salt or slow hash, and hashing it lets a
request find its token with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "qbt_"
MAX_TOKENS_PER_PERSON = 20
# Writing last_used_at on every request would make each API read a write.
LAST_USED_RESOLUTION_SECONDS = 300


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class AccessTokenQuerySet(models.QuerySet):
    def live(self) -> AccessTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class AccessToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100, help_text="What the person uses it for.")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the secret.")
    hint = models.CharField(max_length=12, help_text="The secret's first characters, to tell tokens apart.")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user}'s token {self.hint}… ({self.name})"

    @classmethod
    def issue(cls, user, name: str) -> tuple[AccessToken, str]:
        """A new token and its secret, which is never stored and cannot be shown again."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=digest(secret), hint=secret[: len(PREFIX) + 4])
        return token, secret

    @classmethod
    def find(cls, secret: str) -> AccessToken | None:
        """The live token with this secret, its use noted; None for an unknown or revoked one."""
        if not secret.startswith(PREFIX) or len(secret) > 100:
            return None
        token = cls.objects.live().select_related("user").filter(digest=digest(secret)).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

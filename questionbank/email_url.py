"""The site's mailer (Django's ``MAILERS["default"]``) from the environment.

Either one ``EMAIL_URL``: ``smtp://user:password@host:port`` speaks plain
SMTP (port 25 by default), ``smtp+tls://`` upgrades with STARTTLS (587),
``smtp+ssl://`` is TLS from the first byte (465), and ``console://`` prints
each message instead of sending it; user and password are percent-decoded, so
they may hold ``@`` or ``:``. Or the separate variables ``EMAIL_HOST``,
``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``
and ``EMAIL_USE_SSL``.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
SCHEMES = {"smtp": (25, False, False), "smtp+tls": (587, True, False), "smtp+ssl": (465, False, True)}


def smtp_mailer(
    host: str, port: int, username: str = "", password: str = "", *, use_tls: bool, use_ssl: bool, timeout: int
) -> dict:
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS (STARTTLS) and EMAIL_USE_SSL (TLS from the start) exclude each other."
        )
    options = {"host": host, "port": port, "use_tls": use_tls, "use_ssl": use_ssl, "timeout": timeout}
    if username:
        options |= {"username": username, "password": password}
    return {"BACKEND": SMTP_BACKEND, "OPTIONS": options}


def mailer_from_url(url: str, timeout: int) -> dict:
    """A mailer for a mail URL; an unknown scheme is an error, not a silent default."""
    parts = urlsplit(url.strip())
    if parts.scheme == "console":
        return {"BACKEND": CONSOLE_BACKEND}
    if parts.scheme not in SCHEMES:
        known = ", ".join(f"{scheme}://" for scheme in [*SCHEMES, "console"])
        raise ImproperlyConfigured(f"EMAIL_URL must start with one of {known} (got {parts.scheme or 'none'!r}).")
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names no host.")
    default_port, use_tls, use_ssl = SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number from 1 to 65535.") from None
    return smtp_mailer(
        parts.hostname,
        port,
        unquote(parts.username or ""),
        unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
        timeout=timeout,
    )

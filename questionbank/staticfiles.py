"""Headers whitenoise adds to static files beyond its own."""

import re

from django.conf import settings
from django.utils.csp import build_policy

# Pyodide's files keep the names its loader asks for, so they carry no content
# hash; the version in their folder name changes instead, whenever they do.
_VERSIONED_VENDOR_RE = re.compile(r"/vendor/pyodide/\d+\.\d+\.\d+[^/]*/[^/]+$")
FOREVER = "max-age=315360000, public, immutable"


def add_static_headers(headers, path: str, url: str) -> None:
    """Far-future caching for versioned vendor files; the site's CSP on every file.

    A Web Worker is governed by the policy sent with its own script, not the
    page's, so static responses carry the same policy as pages do.
    """
    if _VERSIONED_VENDOR_RE.search(url):
        headers["Cache-Control"] = FOREVER
    headers["Content-Security-Policy"] = build_policy(settings.SECURE_CSP)

"""The app shell a phone keeps for offline use, and the version that a deploy changes.

The version is a hash of the static files' manifest: every changed CSS or
JS file gets a new hashed name, so the version changes with any deploy that
changes what pages load, and the service worker (registered as
``/sw.js?v=<version>``) installs afresh and drops the caches of the last one.
Without a manifest (DEBUG, tests) the files' own bytes are hashed instead.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.urls import reverse

# Every file base.html loads, and the icons.
SHELL_FILES = (
    "css/site.css",
    "css/pygments.css",
    "js/app.js",
    "js/offline.js",
    "js/runner.js",
    "js/run-worker.js",
    "django_htmx/htmx-2.min.js",
    "favicon.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
)


@cache
def version() -> str:
    hashed = getattr(staticfiles_storage, "hashed_files", None)
    source = json.dumps(sorted(hashed.items())).encode() if hashed else b"".join(map(_bytes, SHELL_FILES))
    return hashlib.sha256(source).hexdigest()[:16]


def _bytes(name: str) -> bytes:
    path = finders.find(name)
    if not path:
        return name.encode()
    with open(path, "rb") as source:
        return source.read()


def shell_urls() -> list[str]:
    return [reverse("offline:page"), *(static(name) for name in SHELL_FILES)]

"""Pick up edited card files on the next request, for local previews.

Only active when ``QUESTIONBANK_AUTO_SYNC`` is on (the default with DEBUG).
It compares a cheap fingerprint of the content folder (names, sizes, mtimes)
and syncs only when that changes; a bank with errors shows them instead of
the page, like a compiler would.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .sync import sync_bank

_lock = threading.Lock()
_last_fingerprint: object = None


def content_fingerprint(content_dir: Path) -> tuple:
    entries = []
    for root, dirs, files in os.walk(content_dir):
        dirs.sort()
        for name in sorted(files):
            try:
                stat = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            entries.append((root, name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class ContentAutoSyncMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.QUESTIONBANK_AUTO_SYNC and not request.path.startswith(settings.STATIC_URL):
            problems = self._sync_if_changed()
            if problems:
                html = render_to_string("questions/content_errors.html", {"problems": problems}, request)
                return HttpResponse(html, status=500)
        return self.get_response(request)

    def _sync_if_changed(self) -> list:
        global _last_fingerprint
        content_dir = settings.QUESTIONBANK_CONTENT_DIR
        with _lock:
            fingerprint = content_fingerprint(content_dir)
            if fingerprint == _last_fingerprint:
                return []
            result = sync_bank(content_dir)
            if result.ok:
                _last_fingerprint = fingerprint
            return result.problems

"""How static files are named and served: whitenoise's hashed, compressed files, and the headers it adds."""

import re

from django.conf import settings
from django.utils.csp import build_policy
from whitenoise.storage import CompressedManifestStaticFilesStorage

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


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's storage, with each file's URL worked out once per process.

    The manifest is read when the storage is made and is not changed by
    serving, so a name's URL stays the same; working it out (a manifest
    lookup, quoting, a join with ``STATIC_URL``) for each of the nine files
    every page links to was a third of rendering the page's frame. Only
    names the manifest holds are kept, so what is kept is bounded by it.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool, bool], str] = {}

    def url(self, name: str, force: bool = False) -> str:
        key = (name, force, settings.DEBUG)
        url = self._urls.get(key)
        if url is None:
            url = super().url(name, force)
            if len(self._urls) < 2 * len(self.hashed_files) + 16:
                self._urls[key] = url
        return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()  # collectstatic is writing a new manifest
        yield from super().post_process(*args, **kwargs)

"""Production static files: hashed names, compressed, cached for a year."""

import os
import subprocess
import sys

import pytest

from .conftest import REPO_ROOT
from .test_vendor import PYODIDE_VERSION

CHECK = """
import django, re
django.setup()
from django.test import Client
client = Client()
page = client.get("/", secure=True).content.decode()
css = re.search(r'/static/css/site\\.[0-9a-f]{12}\\.css', page).group(0)
response = client.get(css, secure=True, headers={"Accept-Encoding": "gzip"})
print(css, response.status_code, response["Cache-Control"], response.get("Content-Encoding"), sep="|")
wasm = client.get("/static/vendor/pyodide/{version}/pyodide.asm.wasm", secure=True)
worker = client.get(re.search(r'data-worker="(/static/js/run-worker\\.[0-9a-f]{12}\\.js)"', page).group(1), secure=True)
print(wasm.status_code, wasm["Content-Type"], wasm["Cache-Control"], worker["Content-Security-Policy"], sep="|")
"""


def test_static_files_have_hashed_names_and_far_future_caching(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "static-check-" + "k" * 50,
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "questionbank.settings",
        "ALLOWED_HOSTS": "testserver",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO_ROOT, env=env, check=True, timeout=120)
    result = subprocess.run(
        [sys.executable, "-c", CHECK.replace("{version}", PYODIDE_VERSION)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    css_line, pyodide_line = result.stdout.strip().splitlines()
    path, status, cache_control, encoding = css_line.split("|")
    assert path.startswith("/static/css/site.")
    assert status == "200"
    assert cache_control == "max-age=315360000, public, immutable"
    assert encoding == "gzip"

    # Pyodide: WebAssembly's own type (streaming compilation insists), cached for good as its folder is versioned;
    # the worker script carries the site's policy, which governs a worker rather than the page's.
    status, content_type, cache_control, policy = pyodide_line.split("|")
    assert (status, content_type, cache_control) == ("200", "application/wasm", "max-age=315360000, public, immutable")
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy and "default-src 'self'" in policy


MANIFEST = {
    "version": "1.1",
    "hash": "abc",
    "paths": {"css/site.css": "css/site.0123456789ab.css", "js/app.js": "js/app.ba9876543210.js"},
}


def storages(tmp_path):
    import json

    from whitenoise.storage import CompressedManifestStaticFilesStorage

    from questionbank.staticfiles import HashedStaticFilesStorage

    (tmp_path / "staticfiles.json").write_text(json.dumps(MANIFEST))
    options = {"location": str(tmp_path), "base_url": "/static/"}
    return HashedStaticFilesStorage(**options), CompressedManifestStaticFilesStorage(**options)


@pytest.mark.one_database
@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("name", ["css/site.css", "js/app.js", "css/site.css#top", "css/site.css?#iefix", "fonts/"])
def test_kept_static_urls_are_whitenoises(tmp_path, settings, debug, name):
    settings.DEBUG = debug
    kept, plain = storages(tmp_path)
    for force in (False, True, False):
        assert kept.url(name, force) == plain.url(name, force)


@pytest.mark.one_database
def test_a_name_missing_from_the_manifest_is_still_an_error_and_is_not_kept(tmp_path):
    kept, _ = storages(tmp_path)
    for _ in range(3):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            kept.url("css/missing.css")
    assert kept._urls == {}
    kept.url("css/site.css")
    assert list(kept._urls) == [("css/site.css", False, False)]

"""The mailer comes from the environment: one EMAIL_URL or the EMAIL_HOST family; the console in DEBUG."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from questionbank.email_url import CONSOLE_BACKEND, SMTP_BACKEND, mailer_from_url

from .conftest import REPO_ROOT


def test_a_starttls_url_with_escaped_credentials():
    mailer = mailer_from_url("smtp+tls://mailer%40example.org:p%3Ass%2Fword@mail.example.org", timeout=7)
    assert mailer == {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": "mail.example.org",
            "port": 587,
            "use_tls": True,
            "use_ssl": False,
            "timeout": 7,
            "username": "mailer@example.org",
            "password": "p:ss/word",
        },
    }


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp://relay", 25, False, False),
        ("smtp+ssl://relay", 465, False, True),
        ("smtp+tls://relay:2525", 2525, True, False),
    ],
)
def test_each_scheme_has_its_port_and_encryption(url, port, tls, ssl):
    options = mailer_from_url(url, timeout=10)["OPTIONS"]
    assert (options["host"], options["port"], options["use_tls"], options["use_ssl"]) == ("relay", port, tls, ssl)
    assert "username" not in options


def test_console():
    assert mailer_from_url("console://", timeout=10) == {"BACKEND": CONSOLE_BACKEND}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smtps://relay", "must start with one of"),
        ("mail.example.org:25", "must start with one of"),
        ("smtp://", "names no host"),
        ("smtp://relay:port", "not a number"),
    ],
)
def test_a_url_it_cannot_use_is_an_error(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        mailer_from_url(url, timeout=10)


def mailers_with(**env: str) -> dict:
    """MAILERS as a fresh process computes it from these variables alone."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("EMAIL_")}
    code = "import json; from questionbank import settings; print(json.dumps(settings.MAILERS))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "SECRET_KEY": "x", **env},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_debug_without_a_host_prints_mail_and_the_host_variables_send_it():
    assert mailers_with(DEBUG="1") == {"default": {"BACKEND": CONSOLE_BACKEND}}
    options = mailers_with(
        DEBUG="0",
        EMAIL_HOST="relay",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="me",
        EMAIL_HOST_PASSWORD="pw",
        EMAIL_USE_TLS="1",
    )["default"]["OPTIONS"]
    assert options == {
        "host": "relay",
        "port": 587,
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
        "username": "me",
        "password": "pw",
    }
    assert mailers_with(DEBUG="1", EMAIL_URL="smtp+ssl://relay")["default"]["OPTIONS"]["port"] == 465

"""Production settings, headers, throttling, rate limits, and forged requests getting 4xx."""

import re
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client

from practice.models import Quiz, Review
from practice.tokens import new_token

from .conftest import REPO_ROOT

pytestmark = pytest.mark.django_db


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "production-like-key-with-enough-variety-1234",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_missing_secret_key_outside_debug_stops_start_up():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO_ROOT,
        env={"DEBUG": "0", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY (or DEBUG=1 for a local run)." in result.stderr


def test_pages_send_security_headers_and_a_strict_csp(client, synced):
    response = client.get("/questions/indexes/", secure=True)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", body)
    assert scripts and all(" src=" in tag for tag in scripts), "no inline scripts"
    assert "nonce" not in body, "public pages are the same bytes for every visitor"
    assert " style=" not in body and "<style" not in body


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_password_guessing_is_paused_after_five_failures(client, db, settings):
    User.objects.create_user("hal", password="the-right-password-123")
    codes = [
        client.post("/accounts/login/", {"username": "hal", "password": "wrong"}).status_code
        for _ in range(settings.QUESTIONBANK_LOGIN_FAILURES)
    ]
    assert codes == [200] * (settings.QUESTIONBANK_LOGIN_FAILURES - 1) + [429]  # the fifth failure locks
    response = client.post("/accounts/login/", {"username": "hal", "password": "the-right-password-123"})
    assert response.status_code == 429
    assert "Too many failed log-in attempts. Try again in 15 minutes." in response.content.decode()
    assert "_auth_user_id" not in client.session
    User.objects.create_user("ivy", password="another-right-password")
    other = client.post("/accounts/login/", {"username": "ivy", "password": "another-right-password"})
    assert other.status_code == 302  # a different account from the same address still gets in


def test_ratings_are_rate_limited(client, synced, settings):
    settings.QUESTIONBANK_RATINGS_PER_MINUTE = 3
    user = User.objects.create_user("jo", password="x-long-password-1")
    client.force_login(user)
    codes = [
        client.post("/practice/cards/indexes/rate/", {"rating": 3, "token": new_token()}).status_code for _ in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert Review.objects.filter(user=user).count() == 3


def test_imports_are_rate_limited(client, synced, settings):
    settings.QUESTIONBANK_IMPORTS_PER_HOUR = 1
    client.force_login(User.objects.create_user("kim", password="x-long-password-2"))
    first = client.post("/progress/import/", {})
    second = client.post("/progress/import/", {})
    assert (first.status_code, second.status_code) == (400, 429)


FORGED = [
    ("/practice/cards/indexes/rate/", {"rating": "9; DROP TABLE", "token": "x" * 5000}),
    ("/practice/cards/indexes/rate/", {"rating": "3", "token": "forged:token:sig"}),
    ("/practice/cards/../../etc/passwd/rate/", {"rating": "3"}),
    ("/practice/cards/indexes/note/", {"text": "x" * 30000}),
    ("/practice/cards/no-such-card/bookmark/", {}),
    ("/practice/", {"size": "1000000", "order": "evil", "mode": "x", "timer_minutes": "-5", "topics": ["../x"]}),
    ("/practice/", {"size": "10", "order": "due", "mode": "quiz", "timer_minutes": "3", "tags": "<script>"}),
    ("/practice/quiz/00000000-0000-0000-0000-000000000000/rate/", {"rating": "3", "token": "t"}),
    ("/practice/quiz/not-a-uuid/reveal/", {}),
    ("/progress/interview-date/", {"interview_date": "2026-02-31"}),
    ("/progress/import/", {"file": "not a file"}),
    ("/preferences/show-answers/", {"show": "1", "next": "javascript:alert(1)"}),
    ("/accounts/signup/", {"username": "a" * 500, "password1": "x", "password2": "y"}),
    ("/accounts/login/", {"username": "\x00", "password": ""}),
]


@pytest.mark.parametrize(("path", "data"), FORGED)
def test_forged_posts_get_a_clear_4xx_never_a_500(client, synced, path, data):
    client.force_login(User.objects.create_user("lee", password="x-long-password-3"))
    response = client.post(path, data)
    assert response.status_code < 500
    assert response.status_code in (200, 302, 400, 404, 405, 422, 429)
    assert not Review.objects.exists()


def test_posts_without_csrf_are_refused_everywhere(synced):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.create_user("max", password="x-long-password-4"))
    for path in [
        "/practice/",
        "/practice/cards/indexes/rate/",
        "/practice/cards/indexes/note/",
        "/practice/cards/indexes/bookmark/",
        "/progress/import/",
        "/progress/interview-date/",
        "/accounts/logout/",
    ]:
        assert strict.post(path, {}).status_code == 403, path
    assert not Quiz.objects.exists()


def test_a_lost_database_answers_503_and_other_errors_500(rf):
    from django.db import OperationalError

    from questionbank.health import server_error

    request = rf.get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "cannot reach its database just now" in response.content.decode()
    try:
        raise ValueError("bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()

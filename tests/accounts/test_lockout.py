"""Log-in lockouts: one count per normalised username and client address, on every log-in path."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

RIGHT = "the-right-password-123"


@pytest.fixture
def hal(db):
    return User.objects.create_user("hal", password=RIGHT, is_staff=True, is_superuser=True)


def fail(client: Client, path: str, username: str, times: int, **extra) -> list[int]:
    return [client.post(path, {"username": username, "password": "wrong"}, **extra).status_code for _ in range(times)]


def test_the_admin_login_is_locked_like_the_site_login(client, hal, settings):
    codes = fail(client, "/admin/login/", "hal", settings.QUESTIONBANK_LOGIN_FAILURES)
    assert codes[-1] == 429
    response = client.post("/admin/login/", {"username": "hal", "password": RIGHT})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_on_the_admin_and_the_site_share_one_count(client, hal, settings):
    half = settings.QUESTIONBANK_LOGIN_FAILURES // 2
    fail(client, "/admin/login/", "hal", half)
    codes = fail(client, "/accounts/login/", "hal", settings.QUESTIONBANK_LOGIN_FAILURES - half)
    assert codes[-1] == 429


def test_a_unicode_lookalike_of_the_username_counts_as_the_same_name(client, hal, settings):
    fullwidth = "\uff48\uff41\uff4c"  # NFKC-equal to "hal": Django would log it in as hal
    codes = fail(client, "/accounts/login/", fullwidth, settings.QUESTIONBANK_LOGIN_FAILURES - 1)
    codes += fail(client, "/accounts/login/", "HAL", 1)
    assert codes[-1] == 429
    assert client.post("/accounts/login/", {"username": "hal", "password": RIGHT}).status_code == 429


def test_guesses_from_one_address_never_lock_the_owner_out_elsewhere(hal, settings):
    attacker, owner = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="198.51.100.7")
    assert fail(attacker, "/accounts/login/", "hal", settings.QUESTIONBANK_LOGIN_FAILURES)[-1] == 429
    response = owner.post("/accounts/login/", {"username": "hal", "password": RIGHT})
    assert response.status_code == 302
    assert attacker.post("/accounts/login/", {"username": "hal", "password": RIGHT}).status_code == 429


def test_behind_trusted_proxies_the_forwarded_address_is_the_client(hal, settings):
    settings.QUESTIONBANK_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    owner = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert fail(attacker, "/accounts/login/", "hal", settings.QUESTIONBANK_LOGIN_FAILURES)[-1] == 429
    assert owner.post("/accounts/login/", {"username": "hal", "password": RIGHT}).status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_header_changes_nothing(hal, settings):
    settings.QUESTIONBANK_TRUSTED_PROXIES = 0
    codes = [
        Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        .post("/accounts/login/", {"username": "hal", "password": "wrong"})
        .status_code
        for n in range(settings.QUESTIONBANK_LOGIN_FAILURES)
    ]
    assert codes[-1] == 429


def test_a_successful_log_in_resets_the_count(client, hal, settings):
    fail(client, "/accounts/login/", "hal", settings.QUESTIONBANK_LOGIN_FAILURES - 1)
    assert client.post("/accounts/login/", {"username": "hal", "password": RIGHT}).status_code == 302
    client.post("/accounts/logout/")
    assert fail(client, "/accounts/login/", "hal", 1) == [200]

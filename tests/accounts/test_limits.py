"""Sign-up, quiz creation, retries and password changes are rate-limited; the client address is parsed safely."""

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from accounts import limits
from accounts.addresses import client_ip
from practice.models import Quiz

pytestmark = pytest.mark.django_db


def test_sign_up_is_limited_per_address_and_nothing_is_created_once_refused(settings):
    settings.QUESTIONBANK_SIGNUPS_PER_HOUR = 2
    codes = []
    for n in range(4):
        client = Client(REMOTE_ADDR="203.0.113.5")  # a fresh session each time, as a script would
        password = "long-enough-passphrase-1"
        data = {"username": f"user{n}", "password1": password, "password2": password}
        codes.append(client.post("/accounts/signup/", data).status_code)
    assert codes == [302, 302, 429, 429]
    assert User.objects.count() == 2
    assert Client(REMOTE_ADDR="198.51.100.1").get("/accounts/signup/").status_code == 200


def test_quiz_creation_is_limited(client, synced, settings):
    settings.QUESTIONBANK_QUIZZES_PER_HOUR = 3
    data = {"order": "due", "mode": "quiz", "size": 5, "timer_minutes": 3}
    codes = [client.post("/practice/", data).status_code for _ in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert Quiz.objects.count() == 3


def test_password_change_is_limited(client, settings):
    client.force_login(User.objects.create_user("ada", password="correct-horse-battery"))
    settings.QUESTIONBANK_PASSWORD_CHANGES_PER_HOUR = 2
    data = {"old_password": "wrong", "new_password1": "x-new-passphrase-9", "new_password2": "x-new-passphrase-9"}
    codes = [client.post("/accounts/password/", data).status_code for _ in range(4)]
    assert codes == [200, 200, 429, 429]


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2"),
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.1", "192.0.2.1"),
        (3, "192.0.2.1", "192.0.2.1"),  # fewer hops than proxies: the left-most is all there is
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "::1", "::1"),
    ],
)
def test_client_ip_believes_only_the_trusted_hops(settings, trusted, forwarded, expected):
    settings.QUESTIONBANK_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_window_allows_its_limit_and_the_next_window_starts_again(monkeypatch):
    clock = [3600.0 * 1000]  # the start of a window of a minute
    monkeypatch.setattr(limits, "now", lambda: clock[0])
    assert [limits.allow("probe", 2, 60) for _ in range(3)] == [True, True, False]
    clock[0] += 59.9
    assert limits.allow("probe", 2, 60) is False  # still the same minute
    clock[0] += 0.1
    assert [limits.allow("probe", 2, 60) for _ in range(3)] == [True, True, False]
    assert limits.allow("other", 2, 60) is True  # each key counts alone

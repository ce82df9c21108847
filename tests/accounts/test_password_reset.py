"""Password reset: request, mail, link, new password, log in; throttled like log-in; silent about who has an account."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a-brand-new-passphrase-77"
LINK = re.compile(r"https?://[^\s/]+(/accounts/reset/[^\s/]+/[^\s/]+/)")


def ask(client: Client, email: str):
    return client.post("/accounts/password_reset/", {"email": email})


def link_in(body: str) -> str:
    match = LINK.search(body)
    assert match, body
    return match.group(1)


def set_new_password(client: Client, link: str):
    form_page = client.get(link)
    assert form_page.status_code == 302  # Django moves the token into the session, out of the address bar
    return client.post(form_page["Location"], {"new_password1": NEW, "new_password2": NEW})


def test_reset_end_to_end(client, ada, mailoutbox):
    response = ask(client, "ada@example.com")
    assert response["Location"] == "/accounts/password_reset/done/"
    assert "Check your mail" in client.get(response["Location"]).content.decode()
    [mail] = mailoutbox
    assert mail.to == ["ada@example.com"]
    assert "ada" in mail.body

    response = set_new_password(client, link_in(mail.body))
    assert response["Location"] == "/accounts/reset/done/"
    assert client.post("/accounts/login/", {"username": "ada", "password": PASSWORD}).status_code == 200
    assert client.post("/accounts/login/", {"username": "ada", "password": NEW}).status_code == 302


def test_a_used_link_is_refused(client, ada, mailoutbox):
    ask(client, "ada@example.com")
    link = link_in(mailoutbox[0].body)
    set_new_password(client, link)
    again = Client().get(link, follow=True)
    assert "This link no longer works" in again.content.decode()
    assert "new_password1" not in again.content.decode()


def test_an_expired_link_is_refused(client, ada, mailoutbox, monkeypatch, settings):
    ask(client, "ada@example.com")
    link = link_in(mailoutbox[0].body)
    later = PasswordResetTokenGenerator()._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    response = client.get(link, follow=True)
    assert "This link no longer works" in response.content.decode()
    assert User.objects.get(pk=ada.pk).check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(ada, mailoutbox):
    known, unknown = ask(Client(), "ada@example.com"), ask(Client(), "nobody@example.com")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [mail.to for mail in mailoutbox] == [["ada@example.com"]]


def test_the_address_is_matched_without_regard_to_case(ada, mailoutbox):
    ask(Client(), "ADA@Example.COM")
    assert [mail.to for mail in mailoutbox] == [["ada@example.com"]]


def test_requests_for_one_address_are_limited_from_any_number_of_clients(ada, mailoutbox, settings):
    settings.QUESTIONBANK_PASSWORD_RESETS_PER_HOUR = 2
    spellings = ["ada@example.com", "ADA@example.com", "ada@EXAMPLE.com", "Ada@Example.com"]
    codes = [ask(Client(REMOTE_ADDR=f"203.0.113.{n}"), email).status_code for n, email in enumerate(spellings)]
    assert codes == [302, 302, 429, 429]
    assert len(mailoutbox) == 2


def test_requests_from_one_client_address_are_limited(db, settings):
    settings.QUESTIONBANK_PASSWORD_RESETS_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.7")
    codes = [ask(client, f"someone{n}@example.com").status_code for n in range(4)]
    assert codes == [302, 302, 429, 429]
    assert ask(Client(REMOTE_ADDR="198.51.100.7"), "someone9@example.com").status_code == 302


def test_a_new_password_lifts_a_lockout_and_ends_other_sessions(client, ada, mailoutbox, settings):
    elsewhere = Client()
    elsewhere.force_login(ada)
    for _ in range(settings.QUESTIONBANK_LOGIN_FAILURES):
        locked = client.post("/accounts/login/", {"username": "ada", "password": "guess"})
    assert locked.status_code == 429

    ask(client, "ada@example.com")
    set_new_password(client, link_in(mailoutbox[0].body))
    assert client.post("/accounts/login/", {"username": "ada", "password": NEW}).status_code == 302
    assert "Signed in as" not in elsewhere.get("/").content.decode()


def test_the_log_in_page_links_to_the_reset(client, db):
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").content.decode()


# The server listens on loopback only, so a log-in without TLS is what the test wants.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_the_reset_mail_goes_through_a_real_smtp_server(client, ada, smtp_server):
    response = ask(client, "ada@example.com")
    assert response.status_code == 302
    assert smtp_server.logins == ["mailer"]
    [(recipients, message)] = smtp_server.received
    assert recipients == ["ada@example.com"]
    assert message["Subject"] == "Reset your Question Bank password"
    assert message["From"] == "Question Bank <noreply@localhost>"
    body = message.get_payload(decode=True).decode()
    assert set_new_password(client, link_in(body))["Location"] == "/accounts/reset/done/"
    assert User.objects.get(pk=ada.pk).check_password(NEW)

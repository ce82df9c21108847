"""An e-mail address on the account, given at sign-up or later, is stored only once its signed link is opened."""

import re
import time

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client

from accounts import email_links

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s/]+(/accounts/email/confirm/[^\s/]+/)")


def link_in(mail) -> str:
    match = LINK.search(mail.body)
    assert match, mail.body
    return match.group(1)


def change(client: Client, email: str, password: str = PASSWORD):
    return client.post("/accounts/email/", {"email": email, "password": password})


def test_sign_up_with_an_address_stores_it_only_once_confirmed(client, mailoutbox):
    password = "a-long-passphrase-2026"
    data = {"username": "carol", "email": "carol@example.com", "password1": password, "password2": password}
    client.post("/accounts/signup/", data)
    [mail] = mailoutbox
    assert mail.to == ["carol@example.com"]
    assert User.objects.get(username="carol").email == ""

    page = client.get(link_in(mail))
    assert "Use <strong>carol@example.com</strong> for the account <strong>carol</strong>?" in page.content.decode()
    assert User.objects.get(username="carol").email == ""
    assert client.post(link_in(mail))["Location"] == "/accounts/"
    assert User.objects.get(username="carol").email == "carol@example.com"


def test_sign_up_without_an_address_sends_nothing_and_says_why_one_helps(client, mailoutbox):
    assert "forget your password" in client.get("/accounts/signup/").content.decode()
    password = "a-long-passphrase-2026"
    client.post("/accounts/signup/", {"username": "dan", "password1": password, "password2": password})
    assert User.objects.filter(username="dan").exists()
    assert mailoutbox == []


def test_changing_the_address_needs_the_password(ada_client, ada, mailoutbox):
    response = change(ada_client, "new@example.com", password="not-it")
    assert "That is not your password." in response.content.decode()
    assert mailoutbox == []


def test_a_confirmed_change_replaces_the_address_and_its_link_works_once(ada_client, ada, mailoutbox):
    assert change(ada_client, "new@example.com")["Location"] == "/accounts/"
    [mail] = mailoutbox
    assert mail.to == ["new@example.com"]
    assert User.objects.get(pk=ada.pk).email == "ada@example.com"
    link = link_in(mail)
    ada_client.post(link)
    assert User.objects.get(pk=ada.pk).email == "new@example.com"
    assert ada_client.post(link).status_code == 400
    assert "This link no longer works" in ada_client.get(link).content.decode()


def test_the_link_works_in_a_browser_that_is_not_logged_in(ada_client, ada, mailoutbox):
    change(ada_client, "new@example.com")
    response = Client().post(link_in(mailoutbox[0]))
    assert response["Location"] == "/accounts/login/"
    assert User.objects.get(pk=ada.pk).email == "new@example.com"


def test_a_later_change_retires_earlier_links(ada_client, ada, mailoutbox):
    change(ada_client, "first@example.com")
    change(ada_client, "second@example.com")
    first, second = (link_in(mail) for mail in mailoutbox)
    ada_client.post(second)
    assert ada_client.post(first).status_code == 400
    assert User.objects.get(pk=ada.pk).email == "second@example.com"


def test_an_expired_link_is_refused(ada_client, ada, mailoutbox, monkeypatch):
    change(ada_client, "new@example.com")
    link = link_in(mailoutbox[0])
    later = time.time() + email_links.MAX_AGE + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert ada_client.post(link).status_code == 400
    assert User.objects.get(pk=ada.pk).email == "ada@example.com"


@pytest.mark.parametrize("token", ["nonsense", "x" * 300, signing.dumps({"user": 1}, salt=email_links.SALT)])
def test_a_forged_or_mangled_link_is_a_clear_400(client, ada, token):
    response = client.post(f"/accounts/email/confirm/{token}/")
    assert response.status_code == 400
    assert User.objects.get(pk=ada.pk).email == "ada@example.com"


def test_a_link_signed_for_another_purpose_is_refused(client, ada):
    token = signing.dumps({"user": ada.pk, "email": "evil@example.com", "replaces": ada.email})
    assert client.post(f"/accounts/email/confirm/{token}/").status_code == 400


def test_the_address_can_be_removed(ada_client, ada, mailoutbox):
    assert change(ada_client, "")["Location"] == "/accounts/"
    assert User.objects.get(pk=ada.pk).email == ""
    assert mailoutbox == []
    assert "This field is required." in change(ada_client, "").content.decode()


def test_the_same_address_again_is_refused(ada_client, mailoutbox):
    assert "already the address" in change(ada_client, "ADA@example.com").content.decode()
    assert mailoutbox == []


def test_changes_are_limited_per_person(ada_client, mailoutbox, settings):
    settings.QUESTIONBANK_EMAIL_CHANGES_PER_HOUR = 2
    codes = [change(ada_client, f"n{n}@example.com").status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert len(mailoutbox) == 2


def test_a_mail_server_that_refuses_is_reported_not_a_500(ada_client, ada, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9},
        }
    }
    response = change(ada_client, "new@example.com")
    assert response.status_code == 302
    assert "could not send mail" in ada_client.get("/accounts/").content.decode()


def test_the_page_needs_a_log_in(client, db):
    assert client.get("/accounts/email/")["Location"].startswith("/accounts/login/")

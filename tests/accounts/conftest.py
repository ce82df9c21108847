import socket
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from django.contrib.auth.models import User

PASSWORD = "correct-horse-battery"


@pytest.fixture
def ada(db):
    return User.objects.create_user("ada", "ada@example.com", PASSWORD)


@pytest.fixture
def ada_client(client, ada):
    client.force_login(ada)
    return client


@dataclass
class Mailbox:
    """What a real SMTP server on loopback received: the envelope and the parsed message of each mail."""

    login: tuple[str, str] | None = None
    logins: list[str] = field(default_factory=list)
    received: list[tuple[list[str], Message]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        name, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append(name)
        return AuthResult(success=(name, password) == self.login)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on 127.0.0.1 for this test, demanding a log-in, with the settings pointing at it."""
    mailbox = Mailbox(login=("mailer", "s3cret:with@signs"))
    port = _free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=mailbox.authenticate,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "username": "mailer", "password": "s3cret:with@signs"},
        }
    }
    yield mailbox
    controller.stop()

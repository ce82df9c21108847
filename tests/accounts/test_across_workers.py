"""Lockouts and limits hold across app servers: two gunicorn workers, one shared count.

Runs against whatever the settings give: the database cache and django-axes's
database records by default, Redis as well when REDIS_URL is set.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.db import connection

from ..conftest import REPO_ROOT

pytestmark = pytest.mark.django_db(transaction=True)

RIGHT = "the-right-password-123"
BOOT_LINE = re.compile(rb"Booting worker with pid: (\d+)")
LISTEN_LINE = re.compile(rb"Listening at: http://127\.0\.0\.1:(\d+)")


def database_url() -> str:
    """The test database, as a URL another process can open."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@dataclass
class Site:
    port: int
    workers: set[int]
    access_log: Path

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        return connection.getresponse()

    def log_in(self, username: str, password: str, client_address: str) -> int:
        return self.log_in_response(username, password, client_address).status

    def log_in_response(self, username: str, password: str, client_address: str):
        """A person's whole log-in from one address: fetch the form, post it; a new connection each time."""
        method, path, body, headers = self.log_in_request(username, password, client_address)
        return self.request(method, path, body, headers)

    def log_in_request(self, username: str, password: str, client_address: str) -> tuple[str, str, str, dict]:
        """The log-in POST a browser would send from ``client_address``, with a fresh form's CSRF token."""
        forwarded = {"X-Forwarded-For": client_address}
        page = self.request("GET", "/accounts/login/", headers=forwarded)
        cookie = SimpleCookie(page.getheader("Set-Cookie"))["csrftoken"].value
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1).decode()
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        headers = {**forwarded, "Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}
        return "POST", "/accounts/login/", form, headers

    def on_both_workers(self, method: str, path: str, body: str = "", headers: dict | None = None) -> list[int]:
        """The statuses of one request sent once to each worker.

        The first copy is sent all but its last byte, so whichever worker
        accepts it waits for the rest and cannot take the second: the other
        worker must. Then the first is finished. Gunicorn's balancing, left to
        itself, may send every request to the same worker.
        """
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", f"Content-Length: {len(body)}"]
        raw = "\r\n".join([*head, *(f"{name}: {value}" for name, value in (headers or {}).items())])
        message = f"{raw}\r\n\r\n{body}".encode()
        before = self.requests_answered()
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as held:
            held.sendall(message[:-1])
            second = _status_after_close(message, self.port)
            held.sendall(message[-1:])
            first = _status_of(held)
        assert self.pids_that_answered(since=before) == self.workers
        return [first, second]

    def pids_that_answered(self, since: int = 0) -> set[int]:
        """The workers that answered, from the ``since``-th request on."""
        lines = [line for line in self.access_log.read_text().splitlines() if line.strip()]
        return {int(line.split()[0].strip("<>")) for line in lines[since:]}

    def requests_answered(self) -> int:
        return len([line for line in self.access_log.read_text().splitlines() if line.strip()])


def _status_after_close(message: bytes, port: int) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(message)
        return _status_of(connection)


def _status_of(connection: socket.socket) -> int:
    """The status of the response on ``connection``, read to its end: gunicorn logs a request before closing."""
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return int(received.split(b" ", 2)[1])


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "QUESTIONBANK_AUTO_SYNC": "0",
        "QUESTIONBANK_TRUSTED_PROXIES": "1",  # the test speaks for several client addresses
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO_ROOT, env=env, check=True
    )
    access_log = tmp_path / "access.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "questionbank.wsgi", "--bind", "127.0.0.1:0", "--workers", "2",
         "--access-logfile", str(access_log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s"],
        cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        port, workers = None, set()
        for line in server.stderr:  # gunicorn says when it listens and when each worker is up
            if match := LISTEN_LINE.search(line):
                port = int(match.group(1))
            if match := BOOT_LINE.search(line):
                workers.add(int(match.group(1)))
            if port and len(workers) == 2:
                break
        assert port and len(workers) == 2, "gunicorn did not start two workers"
        threading.Thread(target=server.stderr.read, daemon=True).start()  # keep the pipe from filling
        yield Site(port, workers, access_log)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_lockout_holds_on_every_worker_and_only_for_the_guessing_address(site, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the server reads
    User.objects.create_user("hal", password=RIGHT)
    attacker, owner = "203.0.113.9", "198.51.100.7"
    failures = [site.log_in("hal", "wrong", attacker) for _ in range(settings.QUESTIONBANK_LOGIN_FAILURES)]
    assert failures[-1] == 429
    assert site.on_both_workers(*site.log_in_request("hal", RIGHT, attacker)) == [429, 429]  # the count is shared
    assert site.log_in("hal", RIGHT, owner) == 302


def test_logging_out_on_one_worker_signs_the_person_out_on_every_worker(site, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    User.objects.create_user("ida", password=RIGHT)
    signed_in = site.log_in_response("ida", RIGHT, "198.51.100.8")
    assert signed_in.status == 302
    cookies = SimpleCookie()
    for header in signed_in.headers.get_all("Set-Cookie"):
        cookies.load(header)
    cookie = f"sessionid={cookies['sessionid'].value}; csrftoken={cookies['csrftoken'].value}"
    page = site.request("GET", "/accounts/", headers={"Cookie": cookie})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1).decode()
    assert site.on_both_workers("GET", "/accounts/", headers={"Cookie": cookie}) == [200, 200]
    form = urlencode({"csrfmiddlewaretoken": token})
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    assert site.request("POST", "/accounts/logout/", form, headers).status == 302
    assert site.on_both_workers("GET", "/accounts/", headers={"Cookie": cookie}) == [302, 302]  # to the log-in page

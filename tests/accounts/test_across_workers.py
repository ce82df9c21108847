"""Lockouts and limits hold across app servers: two gunicorn workers, one shared count.

Runs against whatever the settings give: the database cache and django-axes's
database records by default, Redis as well when REDIS_URL is set.
"""

from __future__ import annotations

import http.client
import os
import re
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
        forwarded = {"X-Forwarded-For": client_address}
        page = self.request("GET", "/accounts/login/", headers=forwarded)
        cookie = SimpleCookie(page.getheader("Set-Cookie"))["csrftoken"].value
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1).decode()
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        headers = {**forwarded, "Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", "/accounts/login/", form, headers)

    def pids_that_answered(self, since: int = 0) -> set[int]:
        """The workers that answered, from the ``since``-th request on."""
        lines = [line for line in self.access_log.read_text().splitlines() if line.strip()]
        return {int(line.split()[0].strip("<>")) for line in lines[since:]}

    def pids_that_refused(self, since: int = 0) -> set[int]:
        """The workers that answered a log-in with 429, from the ``since``-th request on."""
        lines = [line.split() for line in self.access_log.read_text().splitlines() if line.strip()]
        return {int(pid.strip("<>")) for pid, method, _, status in lines[since:] if (method, status) == ("POST", "429")}

    def requests_answered(self) -> int:
        return len([line for line in self.access_log.read_text().splitlines() if line.strip()])


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
    before, retries = site.requests_answered(), []
    for _ in range(100):  # until both workers have refused one, which the balancing of gunicorn does not promise
        retries.append(site.log_in("hal", RIGHT, attacker))
        if len(retries) >= 12 and site.pids_that_refused(since=before) == site.workers:
            break
    assert set(retries) == {429}
    assert site.pids_that_refused(since=before) == site.workers  # both workers refused, so the count is shared
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
    assert answers_from_both_workers(site, "/accounts/", cookie) == {200}
    form = urlencode({"csrfmiddlewaretoken": token})
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    assert site.request("POST", "/accounts/logout/", form, headers).status == 302
    assert answers_from_both_workers(site, "/accounts/", cookie) == {302}  # to the log-in page


def answers_from_both_workers(site: Site, path: str, cookie: str, most: int = 200) -> set[int]:
    """The statuses of GETs of ``path``, repeated until each worker has answered at least one."""
    before, statuses = site.requests_answered(), set()
    for _ in range(most):
        statuses.add(site.request("GET", path, headers={"Cookie": cookie}).status)
        if site.pids_that_answered(since=before) == site.workers:
            return statuses
    raise AssertionError(f"one worker answered all {most} requests")

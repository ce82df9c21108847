"""A request leaves nothing that only the cyclic garbage collector can free (questionbank/cycles.py).

Requests go through the WSGI application itself, as a server calls it: the
test client would add cycles of its own (``response.json`` is a partial of
the response). Each page is requested once to fill what is kept across
requests, then again with the collector off; whatever a collection then
finds unreachable came from that second request.
"""

import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from practice.tokens import new_token
from questionbank.cycles import release_request_cycles

pytestmark = pytest.mark.django_db

CSRF_SECRET = "a" * 32


def call(
    application: WSGIHandler, path: str, *, cookie: str = "", method: str = "GET", body: bytes = b"", **headers
) -> tuple[int, bytes, str]:
    """Status, body, and the cookies set, as the next request would send them."""
    url, _, query = path.partition("?")
    environ = {"PATH_INFO": url, "QUERY_STRING": query, "REQUEST_METHOD": method, "HTTP_HOST": "testserver"}
    environ.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)), "HTTP_COOKIE": cookie})
    environ.update({"CONTENT_TYPE": "application/x-www-form-urlencoded", **headers})
    setup_testing_defaults(environ)
    sent = []
    response = application(
        environ, lambda status, response_headers, exc_info=None: sent.append((status, response_headers))
    )
    content = b"".join(response)
    response.close()
    status, response_headers = sent[0]
    cookies = "; ".join(value.split(";")[0] for name, value in response_headers if name == "Set-Cookie")
    return int(status.split()[0]), content, cookies


@contextmanager
def garbage_collected() -> Iterator[list[str]]:
    """The type names of what only a collection could free, of all the block made."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    left = []
    try:
        yield left
        gc.collect()
        left.extend(type(thing).__qualname__ for thing in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def garbage_left_by(application: WSGIHandler, path: str, *, rendered: bool = True, **options) -> tuple[int, list[str]]:
    """What the second of two requests leaves; ``rendered``: drawn afresh, not served from the page cache."""
    call(application, path, **options)
    if rendered:
        caches["pages"].clear()
    with garbage_collected() as left:
        status, _, _ = call(application, path, **options)
    return status, left


@pytest.fixture
def application(synced, settings):
    """The site's handler, which must not close the test's database connection when a request ends."""
    settings.ALLOWED_HOSTS = ["testserver"]
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def cookie(client):
    user = User.objects.create_user("cyclist", password="pw-for-cycles")
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF_SECRET}"


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/", 200),
        ("/questions/", 200),
        ("/questions/?q=index&difficulty=medium", 200),
        ("/questions/indexes/", 200),
        ("/questions/no-such-card/", 404),
    ],
)
@pytest.mark.parametrize("rendered", [True, False], ids=["rendered", "from the page cache"])
def test_anonymous_pages_leave_no_cycles(application, path, expected, rendered):
    status, left = garbage_left_by(application, path, rendered=rendered)
    assert status == expected
    assert left == [], " ".join(sorted(left))


@pytest.mark.parametrize(
    "path, options",
    [
        ("/questions/indexes/", {}),
        ("/practice/cards/indexes/", {"HTTP_HX_REQUEST": "true"}),
        ("/progress/", {}),
        ("/today/", {}),
        ("/practice/cards/indexes/bookmark/", {"method": "POST", "HTTP_X_CSRFTOKEN": CSRF_SECRET}),
    ],
)
def test_signed_in_pages_leave_no_cycles(application, cookie, path, options):
    status, left = garbage_left_by(application, path, cookie=cookie, **options)
    assert status in (200, 302, 400)
    assert left == [], " ".join(sorted(left))


def test_a_rating_and_the_page_that_confirms_it_leave_no_cycles(application, cookie, settings):
    # Django's database cache, which counts the limits where there is no Redis, refuses
    # an add() by catching an IntegrityError, whose traceback is a cycle of Django's own.
    settings.CACHES = {**settings.CACHES, "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    def rate() -> tuple[int, str]:
        body = urlencode({"rating": 3, "token": new_token(), "mode": "browse"}).encode()
        status, _, cookies = call(
            application,
            "/practice/cards/indexes/rate/",
            cookie=cookie,
            method="POST",
            body=body,
            HTTP_X_CSRFTOKEN=CSRF_SECRET,
        )
        return status, cookies

    assert rate()[0] == 302
    with garbage_collected() as left:
        status, message_cookie = rate()  # a new token: sending one again is a replay
    assert status == 302
    # A bound form and its BoundFields refer to each other, a cycle of Django's
    # own that holds the form and the posted data; the request is not in it.
    assert "RatingForm" in left
    assert not {"WSGIRequest", "SessionStore", "HttpResponseRedirect", "AccountLearner"} & set(left)
    # The message waits in a cookie for the card page, which shows it.
    with garbage_collected() as left:
        status, content, _ = call(application, "/questions/indexes/", cookie=f"{cookie}; {message_cookie}")
    assert status == 200
    assert b"Saved: " in content
    assert left == [], " ".join(sorted(left))


def test_without_the_middleware_a_request_does_leave_cycles(application, settings):
    """The measure above can see a cycle: take the middleware away and the request's own show up."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "release_request_cycles" not in name]
    status, left = garbage_left_by(WSGIHandler(), "/questions/indexes/")
    assert status == 200
    assert "WSGIRequest" in left
    assert "RequestContext" not in left


def test_with_django_s_own_template_backend_a_context_does_leave_cycles(application, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "BACKEND": "django.template.backends.django.DjangoTemplates"}]
    status, left = garbage_left_by(application, "/questions/indexes/")
    assert status == 200
    assert "RequestContext" in left


def test_the_user_is_still_there_while_the_response_is_sent(rf):
    """The request lets go of its user when the response is closed, not when the view returns."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    def view(request):
        request.user = AnonymousUser()
        return HttpResponse("ok")

    request = rf.get("/")
    response = release_request_cycles(view)(request)
    assert request.user.is_anonymous
    response.close()
    assert not hasattr(request, "user")
    assert request.path == "/"

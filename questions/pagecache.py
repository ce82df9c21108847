"""Whole public pages, kept until the bank changes.

A visitor without a session sees the same bytes for a given URL: public pages
carry no CSRF token and no CSP nonce, and the rating panel is a fragment of
its own. So a page rendered once can answer every such visitor until a sync
changes the bank, which replaces the bank's version token and with it every
cache key. Signed-in people, and anyone else carrying a session, always get a
freshly rendered page.

Each process remembers the token for ``QUESTIONBANK_BANK_VERSION_CHECK_SECONDS``
(one second by default) before asking the database again, so a sync run from
another process shows on every server within that time; a sync in this
process shows at once.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .models import BankVersion

View = Callable[..., HttpResponse]

_known: dict = {"token": None, "checked": float("-inf")}


def bank_version() -> str:
    """A token that changes whenever a sync changes the bank: a key for anything derived from it."""
    now = time.monotonic()
    if _known["token"] is None or now - _known["checked"] >= settings.QUESTIONBANK_BANK_VERSION_CHECK_SECONDS:
        _known["token"] = BankVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""
        _known["checked"] = now
    return _known["token"]


def bank_changed() -> None:
    """Give the bank a new version; call inside the transaction that changes it.

    This process switches to the new token when that transaction commits, so no
    request can cache a page rendered from the old rows under the new token.
    """
    token = uuid.uuid4().hex
    BankVersion.objects.update_or_create(pk=1, defaults={"token": token, "changed_at": timezone.now()})
    transaction.on_commit(lambda: _known.update(token=token, checked=time.monotonic()))


def kept_for_bank[T](name: str, detail: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the page cache under the bank's version until a sync changes the bank.

    For what is derived from the bank alone: ``detail`` names which of it
    (a card's id, a query string).
    """
    key = f"{name}:" + hashlib.sha256(f"{bank_version()}\x00{detail}".encode()).hexdigest()
    value = caches["pages"].get(key)
    if value is None:
        value = compute()
        caches["pages"].set(key, value, 24 * 3600)
    return value


def forget_bank_version() -> None:
    _known.update(token=None, checked=float("-inf"))


_held: dict[str, tuple[str, object]] = {}


def held_for_bank[T](name: str, compute: Callable[[], T]) -> T:
    """``compute()``, held by this process until the bank's version changes.

    For what is derived from the bank alone, small, and wanted by most
    requests: held here it costs neither a query nor a trip to the page
    cache, and so is there even when the page cache has just been emptied.
    Two requests that miss at once both compute it; either answer is right.
    """
    version = bank_version()
    held = _held.get(name)
    if held is None or held[0] != version:
        held = (version, compute())
        _held[name] = held
    return held[1]


def forget_held() -> None:
    _held.clear()


def public_page(cookies: Iterable[str] = ()) -> Callable[[View], View]:
    """Serve a GET from the page cache to visitors without a session.

    ``cookies`` names the cookies the page reads (such as a display
    preference); their values are part of the key. A request carrying any
    other cookie except the CSRF one is rendered fresh, since the page might
    depend on it.
    """
    varies = tuple(sorted(cookies))
    allowed = {settings.CSRF_COOKIE_NAME, *varies}

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "GET" or not allowed.issuperset(request.COOKIES):
                return view(request, *args, **kwargs)
            key = _key(request, varies)
            store = caches["pages"]
            entry = store.get(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if not _storable(request, response):
                    return response
                entry = (response.content, dict(response.headers), _etag(response.content))
                store.set(key, entry, settings.QUESTIONBANK_PAGE_CACHE_SECONDS)
            return _from_entry(request, entry)

        return wrapper

    return decorator


def _key(request: HttpRequest, varies: tuple[str, ...]) -> str:
    parts = [
        bank_version(),
        request.get_host(),  # a page that ever names its own address must not reach another host
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-History-Restore-Request", ""),
        request.headers.get("HX-Target", ""),
        *(request.COOKIES.get(name, "") for name in varies),
    ]
    return "page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only a plain 200 that nobody else could be harmed by seeing."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page used a CSRF token
        and not getattr(request, "_messages", None)  # a message was shown or queued
        and "Set-Cookie" not in response.headers
    )


def _etag(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def _from_entry(request: HttpRequest, entry: tuple[bytes, dict, str]) -> HttpResponse:
    content, headers, etag = entry
    if etag in (tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content)
        for name, value in headers.items():
            response.headers[name] = value
    response.headers["ETag"] = etag
    patch_vary_headers(response, ["Cookie"])
    return response

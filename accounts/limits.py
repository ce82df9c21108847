"""Rate limits kept in the ``limits`` cache, which every app server shares.

The database cache by default, Redis when ``REDIS_URL`` is set (see settings);
never per process, or each worker would grant the limit again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .addresses import client_ip


def now() -> float:
    """The clock the windows are counted by (tests hold it still)."""
    return time.time()


def allow(key: str, limit: int, window: int) -> bool:
    """Count one more event in a fixed window; False once ``limit`` is passed."""
    cache = caches["limits"]
    bucket = f"limit:{key}:{int(now() // window)}"
    if cache.add(bucket, 1, timeout=window):
        return True
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # the bucket expired between add and incr
        cache.set(bucket, 1, timeout=window)
        return True


def client_key(request: HttpRequest) -> str:
    """Who is asking: the account, else the address (a visitor can drop a session cookie at will)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request)}"


def too_many(request: HttpRequest, message: str, retry_after: int) -> HttpResponse:
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(scope: str, limit_setting: str, window: int, by_address: bool = False) -> Callable:
    """Refuse a view's POSTs with 429 when one person (or, ``by_address``, one address) sends too many.

    Sign-up is limited by address even for a signed-in person: each new
    account would otherwise bring a fresh allowance.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                who = f"ip:{client_ip(request)}" if by_address else client_key(request)
                if not allow(f"{scope}:{who}", getattr(settings, limit_setting), window):
                    return too_many(request, "You are doing that faster than anyone could; wait a moment.", window)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

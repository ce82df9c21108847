"""Rate limits kept in the cache, shared by every app server when the cache is Redis."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def allow(key: str, limit: int, window: int) -> bool:
    """Count one more event in a fixed window; False once ``limit`` is passed."""
    bucket = f"limit:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window):
        return True
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # the bucket expired between add and incr
        cache.set(bucket, 1, timeout=window)
        return True


def client_key(request: HttpRequest) -> str:
    """Who is asking: the account, else the session, else the address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if request.session.session_key:
        return f"session:{request.session.session_key}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def too_many(request: HttpRequest, message: str, retry_after: int) -> HttpResponse:
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(scope: str, limit_setting: str, window: int) -> Callable:
    """Refuse a view with 429 when one person calls it too often."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not allow(f"{scope}:{client_key(request)}", getattr(settings, limit_setting), window):
                return too_many(request, "You are doing that faster than anyone could; wait a moment.", window)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

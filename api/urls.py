"""The API's URLs, with two answers ninja leaves to the site made JSON: HEAD, and a wrong method.

Anything else under the prefix that matches no endpoint is a JSON 404, not
the site's HTML page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path, re_path

from .v1 import api


def _json_edges(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        head = request.method == "HEAD"
        if head:  # answered as GET without the body, as Django's own views do
            request.method = "GET"
        response = view(request, *args, **kwargs)
        if head:
            request.method = "HEAD"
            response.content = b""
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            message = f"{request.method} is not allowed here; use {allowed}."
            response = JsonResponse({"detail": message}, status=405, headers={"Allow": allowed})
        return response

    return wrapped


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse(
        {"detail": "There is no such API endpoint; see /api/v1/docs for the ones there are."}, status=404
    )


def _patterns() -> list:
    patterns, _, _ = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_edges(pattern.callback)
    return [pattern for pattern in patterns if getattr(pattern, "name", "") != "api-root"]  # an HTML 404


app_name = "api-v1"
urlpatterns = [*_patterns(), path("", not_found, name="api-root"), re_path(r"^(?P<rest>.*)$", not_found)]

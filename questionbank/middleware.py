"""Refuse, at the door, input that no database here can store or search for.

PostgreSQL rejects a NUL character in any text value (SQLite would store it
and then compare it oddly), so ``?tag=%00`` would reach the database and come
back as a 500. Every query parameter and form field is checked once here,
before any view sees it, and the person gets a 400 saying why.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string

UNSTORABLE = "\x00"


def _has_unstorable(data: QueryDict) -> bool:
    return any(UNSTORABLE in key or any(UNSTORABLE in value for value in values) for key, values in data.lists())


class RefuseUnstorableInput:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API reads JSON bodies (reading them as a form here would use them up) and refuses NULs itself.
        api = request.path.startswith("/api/")
        if _has_unstorable(request.GET) or (request.method == "POST" and not api and _has_unstorable(request.POST)):
            message = "The request contains a NUL character (\\0), which cannot be stored or searched for. Remove it and try again."
            if api:
                return JsonResponse({"detail": message}, status=400)
            body = render_to_string("400.html", {"message": message}, request=request)
            return HttpResponse(body, status=400)
        return self.get_response(request)

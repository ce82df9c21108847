"""Health check for load balancers, and a proper 503 when the database is away."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

DATABASE_DOWN = (OperationalError, InterfaceError)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: a lost database is a temporary outage (503), anything else a real 500.

    Neither page touches the database, so both render while it is down.
    """
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))

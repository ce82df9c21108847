"""The API's first version: its routers, and errors that are always JSON with a message."""

from __future__ import annotations

from django.contrib.sessions.exceptions import SessionInterrupted
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from . import cards, me, quizzes
from .auth import BadToken
from .docs import SiteSwagger

DESCRIPTION = """\
The question bank and your own practice, as JSON.

**Public**, no credentials: cards (with the browse page's filters and search
language), topics, tags and study plans.

**Yours**: due cards, a card's schedule, your review history, rating a card,
and your quizzes. Authenticate with a personal access token made on your
account's *Access tokens* page, sent as `Authorization: Bearer qbt_…`, or with
the site's session cookie; a write with the session cookie needs the CSRF
token in `X-CSRFToken`.

Every rating carries a one-time token: sending the same rating twice (a
retry, a queue replayed from a second device) records it once, and the
answer says whether it was new. Errors are JSON, `{"detail": "…"}`; ratings
are limited per person per minute as on the site (429, with `Retry-After`).
"""

api = NinjaAPI(
    title="Question Bank API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=SiteSwagger(),
)


def _error(request: HttpRequest, message: str, status: int, **extra) -> HttpResponse:
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields = [
        {"where": ".".join(str(part) for part in item.get("loc", ())), "message": item.get("msg", "")}
        for item in error.errors
    ]
    summary = "; ".join(f"{field['where']}: {field['message']}" for field in fields[:5])
    return _error(request, f"Invalid input: {summary}.", 400, errors=fields)


@api.exception_handler(BadToken)
def bad_token(request: HttpRequest, error: BadToken) -> HttpResponse:
    return _error(
        request, "That access token is unknown or has been revoked; make a new one on your account page.", 401
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    message = "Sign in, or send a personal access token as 'Authorization: Bearer qbt_…'."
    return _error(request, message, 401)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return _error(request, str(error) or "Not found.", 404)


@api.exception_handler(SessionInterrupted)
def session_interrupted(request: HttpRequest, error: SessionInterrupted) -> HttpResponse:
    return _error(request, "You logged in or out while this was sent, so nothing was recorded; send it again.", 400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    message = str(error)
    if error.status_code == 403 and "CSRF" in message:
        message = "CSRF check failed: send the csrftoken cookie's value in X-CSRFToken, or use an access token."
    return _error(request, message, error.status_code)


api.add_router("", cards.router)
api.add_router("/me", me.router)
api.add_router("/quizzes", quizzes.router)

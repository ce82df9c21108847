"""The API's docs page: ninja's own copy of Swagger UI, inside the site's layout and colours.

ninja serves Swagger UI from its static files when it is an installed app
(no CDN), but its page is bare and its set-up script reads a token left in
the body; this page extends the site's base template, loads a stylesheet that
maps Swagger's colours to the site's, and starts Swagger UI from a script of
ours, so the strict CSP holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class SiteSwagger(Swagger):
    # No badge from validator.swagger.io: the page loads nothing from elsewhere. No deep links: Swagger
    # puts each one inside its operation's button, a link in a button that screen readers cannot reach.
    default_settings = {
        **Swagger.default_settings,
        "validatorUrl": None,
        "deepLinking": False,
        "defaultModelsExpandDepth": 0,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})

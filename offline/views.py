"""What makes the site installable and usable offline: the manifest, the service worker, the offline page."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_cookie

from . import owners, shell


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    body = {
        "name": "Question Bank",
        "short_name": "Questions",
        "description": "Interview questions with model answers, to browse and practise, online or off.",
        "start_url": "/practice/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f7f5",
        "theme_color": "#2f5fd0",
        "icons": icons,
    }
    return JsonResponse(body, content_type="application/manifest+json")


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """static/js/sw.js from the site's root, so that its scope is every page; never cached by HTTP."""
    with open(finders.find("js/sw.js"), "rb") as source:
        response = HttpResponse(source.read(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def precache(request: HttpRequest) -> JsonResponse:
    """What the service worker stores when it installs."""
    return JsonResponse({"version": shell.version(), "urls": shell.shell_urls()})


@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    return render(request, "offline/offline.html")


@require_safe
@never_cache
@vary_on_cookie
def owner(request: HttpRequest) -> JsonResponse:
    """Who is signed in on this device now: queued ratings are sent only as the person who made them."""
    return JsonResponse(owners.current(request))

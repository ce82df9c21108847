"""The site's URLs plus a bare view, the baseline every page is compared to."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse("ok")


def minimal_signed_in(request):
    """What every per-person page pays before its own work: the session and the user."""
    return HttpResponse(request.user.get_username())


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/minimal-signed-in/", minimal_signed_in),
    path("", include("questionbank.urls")),
]

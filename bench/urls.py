"""The site's URLs plus a bare view, the baseline every page is compared to."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("questionbank.urls")),
]

"""The site's URLs under a path of their own, as a request's ``urlconf`` can set them."""

from django.urls import include, path

urlpatterns = [path("mounted/", include("questionbank.urls"))]

from django.contrib import admin
from django.urls import include, path

from questionbank.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("accounts/tokens/", include("api.token_urls")),
    path("api/v1/", include("api.urls")),
    path("", include("offline.urls")),
    path("", include("practice.urls")),
    path("", include("questions.urls")),
]

handler500 = "questionbank.health.server_error"

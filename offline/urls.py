from django.urls import path

from . import views

app_name = "offline"

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline_page, name="page"),
    path("offline/precache.json", views.precache, name="precache"),
    path("offline/owner.json", views.owner, name="owner"),
]

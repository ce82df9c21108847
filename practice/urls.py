from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("practice/cards/<slug:slug>/", views.card_panel, name="card_panel"),
    path("practice/cards/<slug:slug>/rate/", views.rate, name="rate"),
    path("practice/cards/<slug:slug>/bookmark/", views.toggle_bookmark, name="bookmark"),
    path("practice/cards/<slug:slug>/note/", views.save_note, name="note"),
]

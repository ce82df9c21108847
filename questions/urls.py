from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("", views.home, name="home"),
    path("questions/", views.browse, name="browse"),
    path("questions/search-help/", views.search_help, name="search_help"),
    path("questions/<slug:slug>/", views.card_detail, name="card"),
    path("preferences/show-answers/", views.set_show_answers, name="set_show_answers"),
]

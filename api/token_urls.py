from django.urls import path

from . import token_views

urlpatterns = [
    path("", token_views.tokens, name="api_tokens"),
    path("<int:pk>/revoke/", token_views.revoke, name="api_token_revoke"),
]

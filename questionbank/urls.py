from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from practice.accounts import ThrottledLoginView, signup
from questionbank.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("accounts/signup/", signup, name="signup"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("practice.urls")),
    path("", include("questions.urls")),
]

handler500 = "questionbank.health.server_error"

from django.contrib.auth import views as auth_views
from django.urls import path

from . import deletion_views, email_views, reset_views, views

urlpatterns = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", reset_views.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", reset_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("email/", email_views.change_email, name="email_change"),
    path("email/confirm/<str:token>/", email_views.confirm_email, name="email_confirm"),
    path("delete/", deletion_views.delete_account, name="delete_account"),
    path("deleted/", deletion_views.account_deleted, name="account_deleted"),
]

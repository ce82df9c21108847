"""Password reset with Django's own views, throttled like log-in.

The request form answers the same page whether or not an address has an
account; it is limited per address asking (a decorator) and per e-mail
address asked for, so nobody can fill a stranger's inbox from many addresses.
"""

from __future__ import annotations

from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.decorators import method_decorator

from .forms import ResetRequestForm, normalised_email
from .limits import allow, rate_limit, too_many
from .lockout import normalised_username

WINDOW = 3600


@method_decorator(rate_limit("reset", "QUESTIONBANK_PASSWORD_RESETS_PER_HOUR", WINDOW, by_address=True), "dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    form_class = ResetRequestForm

    def form_valid(self, form) -> HttpResponse:
        email = normalised_email(form.cleaned_data["email"])
        if not allow(f"reset:email:{email}", settings.QUESTIONBANK_PASSWORD_RESETS_PER_HOUR, WINDOW):
            return too_many(self.request, "Several reset links went to that address already; wait an hour.", WINDOW)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a new password also lifts any log-in lockout on the account, from every address."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        reset_lockouts(username=normalised_username(None, {"username": form.user.get_username()}))
        return response

"""Sign up, log in, password change and the account page.

Log-in failures are counted by django-axes for every path that authenticates
(this site's form and the admin's alike), per pair of normalised username and
client address: guesses from one address never lock the owner out elsewhere.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from .erasure import stored_about
from .forms import SignupForm
from .limits import rate_limit
from .mail import offer_confirmation


def _next_url(request: HttpRequest) -> str:
    """Where the person was before: a local URL from ``next``, else the home page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return "/"


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("signup", "QUESTIONBANK_SIGNUPS_PER_HOUR", 3600, by_address=True)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("questions:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}. Your practice is now saved to your account.")
        if form.cleaned_data["email"]:
            offer_confirmation(request, user, form.cleaned_data["email"])
        return redirect(_next_url(request))
    return render(request, "registration/signup.html", {"form": form, "next": _next_url(request)})


@method_decorator(rate_limit("password", "QUESTIONBANK_PASSWORD_CHANGES_PER_HOUR", 3600), name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, with the old-password check limited like a log-in."""


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    """Everything the site keeps about the person, and the ways to take it away or change it."""
    return render(request, "accounts/account.html", {"stored": stored_about(request.user)})

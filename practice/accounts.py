"""Sign up, and a log-in that slows password guessing down."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from questionbank.limits import too_many


def _failure_keys(request: HttpRequest) -> list[tuple[str, int]]:
    """Failures are counted per account name and per address (looser, for shared networks)."""
    username = request.POST.get("username", "")[:150].strip().lower()
    account = hashlib.sha256(username.encode()).hexdigest()[:32]  # any text is a safe cache key this way
    limit = settings.QUESTIONBANK_LOGIN_FAILURES
    address = request.META.get("REMOTE_ADDR", "")
    return [(f"login-failures:user:{account}", limit), (f"login-failures:ip:{address}", limit * 4)]


class ThrottledLoginView(LoginView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        keys = _failure_keys(request)
        lockout = settings.QUESTIONBANK_LOGIN_LOCKOUT_SECONDS
        if any(cache.get(key, 0) >= limit for key, limit in keys):
            minutes = max(1, lockout // 60)
            return too_many(request, f"Too many failed log-in attempts. Try again in {minutes} minutes.", lockout)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form was re-shown: wrong name or password
            for key, _ in keys:
                if not cache.add(key, 1, timeout=lockout):
                    cache.incr(key)
        return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("questions:home")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user)
        messages.success(request, f"Welcome, {user.username}. Your practice is now saved to your account.")
        return redirect("questions:home")
    return render(request, "registration/signup.html", {"form": form})

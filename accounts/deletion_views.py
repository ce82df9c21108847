"""Leaving: the person's password, then the account and everything in it, gone in one transaction."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from .erasure import erase, stored_about
from .forms import PasswordCheckForm
from .limits import rate_limit


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("delete", "QUESTIONBANK_PASSWORD_CHANGES_PER_HOUR", 3600)
def delete_account(request: HttpRequest) -> HttpResponse:
    form = PasswordCheckForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        erase(request.user)
        logout(request)
        return redirect("account_deleted")
    return render(request, "accounts/delete.html", {"form": form, "stored": stored_about(request.user)})


@require_safe
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")

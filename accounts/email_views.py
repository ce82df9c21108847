"""Adding, changing or removing the e-mail address, confirmed by a signed link sent to the new one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .email_links import read_token
from .forms import EmailChangeForm
from .limits import rate_limit
from .mail import offer_confirmation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("email", "QUESTIONBANK_EMAIL_CHANGES_PER_HOUR", 3600)
def change_email(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if email:
            offer_confirmation(request, request.user, email)
            return redirect("account")
        request.user.email = ""
        request.user.save(update_fields=["email"])
        messages.success(request, "The e-mail address is removed from your account.")
        return redirect("account")
    return render(request, "accounts/email_change.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """Show what the link would do, and do it on a POST: mail scanners that open links change nothing."""
    change = read_token(token)
    user = get_user_model().objects.filter(pk=change.user_id, is_active=True).first() if change else None
    if user is None or user.email != change.replaces:
        return render(request, "accounts/email_confirm.html", {"valid": False}, status=400)
    if request.method == "POST":
        user.email = change.email
        user.save(update_fields=["email"])
        messages.success(request, f"{change.email} is now the address on your account.")
        return redirect("account" if request.user == user else "login")
    return render(request, "accounts/email_confirm.html", {"valid": True, "change": change, "account": user})

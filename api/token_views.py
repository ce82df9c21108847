"""The account's personal access tokens: make one (its secret shown once), see when each was used, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.limits import rate_limit

from .forms import NewTokenForm
from .models import MAX_TOKENS_PER_PERSON, AccessToken


def _get_token_for_user(request: HttpRequest, pk: int) -> AccessToken:
    token = AccessToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404("There is no access token of yours with that number.")
    return token


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("token", "QUESTIONBANK_TOKENS_PER_HOUR", 3600)
def tokens(request: HttpRequest) -> HttpResponse:
    form = NewTokenForm(request.POST or None)
    secret = ""
    live = AccessToken.objects.live().filter(user=request.user)
    if request.method == "POST" and form.is_valid():
        if live.count() >= MAX_TOKENS_PER_PERSON:
            form.add_error(None, f"You have {MAX_TOKENS_PER_PERSON} tokens already; revoke one you no longer use.")
        else:
            _, secret = AccessToken.issue(request.user, form.cleaned_data["name"])
            form = NewTokenForm()
    context = {"form": form, "secret": secret, "tokens": AccessToken.objects.filter(user=request.user)}
    status = 400 if request.method == "POST" and not secret else 201 if secret else 200
    response = render(request, "api/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the page with a secret on it must not be kept anywhere
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = _get_token_for_user(request, pk)
    token.revoke()
    messages.success(request, f"Revoked “{token.name}”: it no longer works.")
    return redirect("api_tokens")

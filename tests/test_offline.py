"""What makes the site installable and usable offline: manifest, service worker, shell, a quiz's stages."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test import Client

from offline import shell
from practice.models import Quiz

pytestmark = pytest.mark.django_db


def exists(url: str) -> bool:
    """A static file is there to serve (the test client serves no static files), or a page answers."""
    if url.startswith("/static/"):
        return finders.find(url.removeprefix("/static/")) is not None
    return Client().get(url).status_code == 200


def test_the_manifest_makes_the_site_installable(synced):
    response = Client().get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert (manifest["display"], manifest["start_url"], manifest["scope"]) == ("standalone", "/practice/", "/")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in manifest["icons"]:
        assert exists(icon["src"]), icon


def test_every_page_links_the_manifest_and_registers_the_versioned_worker(synced):
    body = Client().get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in body
    assert f'data-sw="/sw.js?v={shell.version()}"' in body


def test_the_worker_is_served_from_the_root_and_never_cached_by_http(synced):
    response = Client().get("/sw.js")
    assert response["Content-Type"] == "text/javascript"
    assert response["Service-Worker-Allowed"] == "/" and response["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in response.content


def test_the_policy_allows_the_manifest_and_worker_from_this_site_only(synced):
    policy = Client().get("/")["Content-Security-Policy"]
    assert "manifest-src 'self'" in policy and "worker-src 'self'" in policy
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy + ";"


def test_the_shell_holds_every_script_and_stylesheet_a_page_loads(synced):
    body = Client().get("/practice/").content.decode()
    loaded = set(re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', body))
    urls = Client().get("/offline/precache.json").json()["urls"]
    assert loaded and loaded <= set(urls)
    assert "/offline/" in urls
    for url in urls:
        assert exists(url), url


def test_the_version_follows_the_static_manifest(monkeypatch):
    shell.version.cache_clear()
    monkeypatch.setattr(shell, "staticfiles_storage", SimpleNamespace(hashed_files={"js/app.js": "js/app.1.js"}))
    first = shell.version()
    shell.version.cache_clear()
    monkeypatch.setattr(shell, "staticfiles_storage", SimpleNamespace(hashed_files={"js/app.js": "js/app.2.js"}))
    assert shell.version() != first
    shell.version.cache_clear()


def test_the_offline_page_says_so(synced):
    body = Client().get("/offline/").content.decode()
    assert "You are offline" in body and "not saved on this device" in body


def start(client) -> Quiz:
    assert client.post("/practice/", {"order": "due", "size": 5, "mode": "quiz", "timer_minutes": 3}).status_code == 302
    return Quiz.objects.latest("created_at")


def test_a_quiz_keeps_both_stages_of_every_card_still_to_rate(synced):
    visitor = Client()
    quiz = start(visitor)
    first = quiz.items.get(position=0)
    visitor.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 3, "token": first.token})
    body = visitor.get(f"/practice/quiz/{quiz.public_id}/offline/").content.decode()
    tokens = re.findall(r'<template data-token="([^"]+)" data-state="(question|answer)">', body)
    remaining = list(quiz.items.filter(rating__isnull=True).values_list("token", flat=True))
    assert tokens == [(token, state) for token in remaining for state in ("question", "answer")]
    assert first.token not in body
    assert "2 / 4" in body and "4 / 4" in body and "Model answer" in body
    assert body.count('class="reveal-form"') == 3 and body.count('class="rating-form"') == 3


def test_someone_elses_quiz_stages_are_a_404(synced):
    quiz = start(Client())
    stranger = Client()
    stranger.force_login(User.objects.create_user("stranger"))
    assert stranger.get(f"/practice/quiz/{quiz.public_id}/offline/").status_code == 404
    assert Client().get(f"/practice/quiz/{quiz.public_id}/offline/").status_code == 404


def owner(client) -> dict:
    response = client.get("/offline/owner.json")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    return response.json()


def test_the_owner_of_queued_ratings_is_the_person_or_the_visitors_session(synced):
    visitor = Client()
    assert owner(visitor) == {"owner": "", "name": "", "took_over": []}
    start(visitor)
    marker = visitor.session["practice_owner"]
    as_visitor = owner(visitor)
    assert as_visitor["owner"].startswith("visitor:") and marker not in as_visitor["owner"]
    assert owner(visitor) == as_visitor  # the same for as long as the session lasts
    assert owner(Client())["owner"] != as_visitor["owner"]

    ada = User.objects.create_user("ada", password="a-long-offline-password")
    signed_in = visitor.post("/accounts/login/", {"username": "ada", "password": "a-long-offline-password"})
    assert signed_in.status_code == 302
    assert owner(visitor) == {"owner": f"user:{ada.pk}", "name": "ada", "took_over": [as_visitor["owner"]]}
    visitor.logout()
    assert owner(visitor)["took_over"] == []

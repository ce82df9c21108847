"""purge_stale: expired sessions and unreachable anonymous quizzes go, everything else stays."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from practice.models import Quiz

pytestmark = pytest.mark.django_db


def start(client):
    return client.post("/practice/", {"order": "due", "mode": "quiz", "size": 5, "timer_minutes": 3})


def test_it_deletes_old_anonymous_quizzes_and_expired_sessions_only(user_client, synced, capsys):
    start(Client())
    start(user_client)
    old, kept = Quiz.objects.filter(user__isnull=True).get(), Quiz.objects.get(user__isnull=False)
    Quiz.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=timezone.now() - timedelta(days=400))
    Session.objects.update(expire_date=timezone.now() - timedelta(days=1))
    start(Client())

    call_command("purge_stale")

    assert not Quiz.objects.filter(pk=old.pk).exists()
    assert Quiz.objects.filter(pk=kept.pk).exists()  # a person's quiz is their history
    assert Quiz.objects.filter(user__isnull=True).count() == 1  # the fresh one
    assert Session.objects.filter(expire_date__lt=timezone.now()).count() == 0
    assert "1 abandoned anonymous quiz(zes) deleted" in capsys.readouterr().out

"""The session store: what it reads from the database is exactly what Django's own store would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def saved(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_a_saved_session_reads_back_as_django_s_store_reads_it():
    key = saved(colour="blue", count=3)
    assert SessionStore(key).load() == DjangoStore(key).load() == {"colour": "blue", "count": 3}


def test_an_expired_session_reads_as_empty_and_loses_its_key():
    key = saved(colour="blue")
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_a_deleted_session_reads_as_empty():
    key = saved(colour="blue")
    SessionStore(key).delete()
    assert SessionStore(key).load() == {}


@pytest.mark.parametrize("key", [None, "short", "x" * 40, "'; DROP TABLE django_session; --"])
def test_a_missing_or_made_up_key_reads_as_empty(key):
    saved(colour="blue")
    assert SessionStore(key).load() == {}
    assert Session.objects.count() == 1


def test_a_signed_in_page_reads_its_session_with_one_query_and_signs_out_once_it_is_gone(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ada", password="correct-horse-battery"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/accounts/").status_code == 200
    assert len([query for query in queries if "django_session" in query["sql"]]) == 1
    Session.objects.all().delete()  # as a log-out in another process does
    assert client.get("/accounts/").status_code == 302


def test_a_new_key_carries_what_another_request_saved_after_this_one_read_the_session():
    key = saved(ratings=["first"])
    logging_in = SessionStore(key)
    assert logging_in["ratings"] == ["first"]  # read at the start of the log-in
    rating = SessionStore(key)
    rating["ratings"] = [*rating["ratings"], "second"]
    rating.save()  # a visitor's rating, saved while the log-in checks the password
    logging_in.cycle_key()
    assert logging_in.session_key != key
    assert SessionStore(logging_in.session_key).load() == {"ratings": ["first", "second"]}
    assert not Session.objects.filter(session_key=key).exists()


def test_a_request_saving_to_the_old_key_after_the_new_one_is_made_is_refused_not_lost_in_silence():
    key = saved(ratings=["first"])
    rating = SessionStore(key)
    rating["ratings"] = [*rating["ratings"], "second"]  # read before the log-in, saved after it
    logging_in = SessionStore(key)
    logging_in.load()
    logging_in.cycle_key()
    with pytest.raises(UpdateError):
        rating.save()
    assert SessionStore(logging_in.session_key).load() == {"ratings": ["first"]}
    assert Session.objects.count() == 1


def test_a_request_that_changed_its_session_keeps_its_own_copy_when_the_key_changes():
    key = saved(ratings=["first"])
    logging_in = SessionStore(key)
    logging_in["next"] = "/practice/"
    other = SessionStore(key)
    other["ratings"] = ["first", "second"]
    other.save()
    logging_in.cycle_key()
    assert SessionStore(logging_in.session_key).load() == {"ratings": ["first"], "next": "/practice/"}


def test_a_visitors_rating_made_as_a_log_in_takes_the_key_is_refused_before_anything_counts_it(synced):
    from django.contrib.sessions.exceptions import SessionInterrupted
    from django.test import RequestFactory

    from practice.learners import VisitorLearner
    from practice.models import CardStats
    from questions.models import Card

    card = Card.objects.get(slug="indexes")
    key = saved(other="kept")
    request = RequestFactory().post("/rate/")
    request.session = SessionStore(key)
    assert request.session["other"] == "kept"  # the rating's request has read the session
    logging_in = SessionStore(key)
    logging_in.load()
    logging_in.cycle_key()  # a log-in in another request gives it a new key
    with pytest.raises(SessionInterrupted):
        VisitorLearner(request).record(card, rating=1, token="t", seconds=3)
    assert not CardStats.objects.filter(card=card).exclude(people=0).exists()  # nothing counted it


def test_a_visitors_rating_is_in_the_stored_session_as_soon_as_it_is_recorded(synced):
    from django.test import RequestFactory

    from practice.learners import VisitorLearner
    from practice.learners.visitor import SESSION_KEY
    from questions.models import Card

    key = saved(other="kept")
    request = RequestFactory().post("/rate/")
    request.session = SessionStore(key)
    VisitorLearner(request).record(Card.objects.get(slug="indexes"), rating=3, token="t", seconds=3)
    logging_in = SessionStore(key)
    logging_in.load()
    logging_in.cycle_key()  # a log-in now carries the rating over, before this request ends
    assert [entry["token"] for entry in SessionStore(logging_in.session_key).load()[SESSION_KEY]] == ["t"]

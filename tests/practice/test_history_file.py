"""Reading import files: each malformed value is a clear problem, never an exception."""

import json

import pytest

from practice.history_file import MAX_ERRORS_KEPT, check_document, read_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cards(synced):
    return synced


GOOD = {"card": "indexes", "rating": 3, "reviewed_at": "2026-01-01T10:00:00+00:00"}


def problems_with(**changes) -> list[str]:
    entry = {**GOOD, **changes}
    return check_document({"format": "questionbank-history", "version": 1, "reviews": [entry]}).errors


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"card": ["indexes"]}, "Review 1: unknown card a list."),
        ({"card": {"id": "indexes"}}, "Review 1: unknown card a JSON object."),
        ({"card": "ind\x00exes"}, "Review 1: unknown card 'ind\\x00exes'."),
        ({"rating": [3]}, "Review 1: rating must be 1, 2, 3 or 4, not a list."),
        ({"rating": True}, "Review 1: rating must be 1, 2, 3 or 4, not True."),
        ({"mode": {"x": 1}}, "Review 1: unknown mode a JSON object."),
        (
            {"reviewed_at": "2026-02-30T10:00:00+00:00"},
            "is not a date and time with a time zone, between 1970 and 2100",
        ),
        ({"reviewed_at": "2026-01-01T10:00:00+25:00"}, "is not a date and time with a time zone"),
        ({"reviewed_at": "0001-01-01T00:00:00+05:00"}, "is not a date and time with a time zone"),
        ({"reviewed_at": "1969-12-31T23:00:00+00:00"}, "between 1970 and 2100"),
        ({"reviewed_at": 10**4000}, "Review 1: a very large number is not a date"),
        ({"seconds": 10**30}, "seconds must be a whole number from 0 to 86400."),
        ({"token": ["x"]}, "token must be text of at most 100 characters."),
        ({"answer_text": "a\x00b"}, "answer_text contains a NUL character"),
    ],
)
def test_each_malformed_value_is_named(changes, message):
    [problem, *_] = problems_with(**changes)
    assert message in problem


def test_a_good_entry_passes():
    assert problems_with() == []


def test_the_kept_problems_are_bounded_and_the_rest_counted():
    reviews = [{"card": "nope", "rating": 0, "reviewed_at": "x"}] * 1000
    plan = check_document({"format": "questionbank-history", "version": 1, "reviews": reviews})
    assert len(plan.errors) == MAX_ERRORS_KEPT
    assert plan.error_count == 3000


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[" * 100_000, "nested far too deeply"),
        (b'{"version": ' + b"9" * 5000 + b"}", "not valid JSON"),
        (b"\xff", "not UTF-8"),
        (b"{}," * 300_000, "more than 60,000 entries"),
    ],
)
def test_read_document_refuses_without_raising(data, message):
    document, refusal = read_document(data)
    assert document is None and message in refusal


def test_read_document_parses_a_real_file():
    document, refusal = read_document(json.dumps({"format": "questionbank-history"}).encode())
    assert refusal is None and document == {"format": "questionbank-history"}


def test_notes_nested_too_deep_are_refused_before_rendering():
    note = {"card": "indexes", "text": "- " * 500 + "x", "updated_at": "2026-01-01T10:00:00+00:00"}
    plan = check_document({"format": "questionbank-history", "version": 1, "notes": [note]})
    assert plan.errors == [
        "Note 1: line 1 of the text has lists or quotes nested more than 32 levels deep; flatten them."
    ]

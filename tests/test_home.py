import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_topics_with_counts(client, synced):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "4 interview questions" in body
    assert 'href="/questions/?topic=python/fastapi"' in body
    assert "Python / FastAPI" in body and "2 questions" in body


def test_an_empty_bank_says_how_to_add_questions(client, db):
    assert b"No questions yet" in client.get("/").content

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = User.objects.create_superuser("admin", "admin@example.com", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_cards_are_listed_and_searchable(staff_client, synced):
    response = staff_client.get("/admin/questions/card/?q=b-tree")
    assert response.status_code == 200
    assert b"How does a B-tree index work?" in response.content
    assert b"When should a FastAPI handler be async?" not in response.content


def test_cards_are_read_only(staff_client, synced):
    from questions.models import Card

    pk = Card.objects.get(slug="indexes").pk
    assert staff_client.get("/admin/questions/card/add/").status_code == 403
    response = staff_client.get(f"/admin/questions/card/{pk}/change/")
    assert response.status_code == 200
    assert b'name="title"' not in response.content  # shown, not editable
    assert staff_client.post(f"/admin/questions/card/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert Card.objects.filter(pk=pk).exists()

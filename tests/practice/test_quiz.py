"""Quiz mode through HTTP: start, reveal, rate, resume, summary, retry, privacy."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Quiz, QuizItem, Review, Schedule
from questions.models import Card
from questions.sync import sync_bank

from ..conftest import REPO_ROOT

pytestmark = pytest.mark.django_db


def start(client, **data):
    defaults = {"order": "due", "mode": "quiz", "size": 5, "timer_minutes": 3}
    return client.post("/practice/", defaults | data)


def current(quiz: Quiz) -> QuizItem:
    quiz.refresh_from_db()
    return quiz.current_item()


def test_one_click_starts_a_quiz_of_the_whole_bank(client, synced):
    response = client.post("/practice/", {"order": "due", "mode": "quiz", "size": 10, "timer_minutes": 3})
    quiz = Quiz.objects.get()
    assert response["Location"] == f"/practice/quiz/{quiz.public_id}/"
    assert quiz.items.count() == 4  # the whole bank is smaller than the size asked for


def test_the_start_page_has_defaults_and_offers_to_resume(user_client, synced):
    body = user_client.get("/practice/").content.decode()
    assert re.search(r'name="order" value="due"[^>]*checked', body)
    assert re.search(r'<option value="10" selected>', body)
    start(user_client)
    body = user_client.get("/practice/").content.decode()
    assert "You have an unfinished quiz" in body and "Resume" in body
    assert "started just now." in body
    Quiz.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    assert "started 5\xa0minutes ago." in user_client.get("/practice/").content.decode()


def test_an_empty_scope_says_why_and_how_to_widen_it(user_client, synced):
    response = start(user_client, topics=["databases/sql"], difficulties=["hard"])
    assert response.status_code == 422
    body = response.content.decode()
    assert "No cards to practise in topics databases/sql; hard" in body
    assert "Widen the scope" in body
    assert not Quiz.objects.exists()


def test_an_unknown_tag_is_a_form_error(user_client, synced):
    response = start(user_client, tags="sql, nosuchtag")
    assert "No cards have the tag nosuchtag." in response.content.decode()
    assert not Quiz.objects.exists()


def test_a_quiz_goes_prompt_reveal_rate_next_and_ends_in_a_summary(user_client, user, synced):
    start(user_client, topics=["databases/sql"])
    quiz = Quiz.objects.get()
    page = user_client.get(f"/practice/quiz/{quiz.public_id}/").content.decode()
    assert "1 / 2" in page and "Show answer" in page and "Model answer" not in page

    stage = user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/", headers={"HX-Request": "true"})
    body = stage.content.decode()
    assert body.lstrip().startswith('<div id="quiz-stage"')
    assert "Model answer" in body and 'data-key="3"' in body

    item = current(quiz)
    stage = user_client.post(
        f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 3, "token": item.token}, headers={"HX-Request": "true"}
    )
    assert "2 / 2" in stage.content.decode()
    user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/")
    item = current(quiz)
    response = user_client.post(
        f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 1, "token": item.token}, headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == f"/practice/quiz/{quiz.public_id}/summary/"
    assert list(Review.objects.filter(user=user).values_list("rating", "mode")) == [(3, "quiz"), (1, "quiz")]

    summary = user_client.get(f"/practice/quiz/{quiz.public_id}/summary/").content.decode()
    assert "You rated 2 of 2 cards" in summary
    assert '<svg class="chart"' in summary
    assert "Practise the 1 missed one again" in summary


def test_a_double_posted_rating_counts_once_and_does_not_skip_a_card(user_client, user, synced):
    start(user_client)
    quiz = Quiz.objects.get()
    user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/")
    item = current(quiz)
    for _ in range(2):
        user_client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 4, "token": item.token})
    assert Review.objects.filter(user=user).count() == 1
    assert current(quiz).position == 1


def test_a_rating_with_a_token_from_elsewhere_is_refused(user_client, user, synced):
    start(user_client)
    quiz = Quiz.objects.get()
    response = user_client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 4, "token": "forged"})
    assert response.status_code == 400
    assert b"does not belong to this quiz" in response.content
    assert not Review.objects.exists()


def test_reloading_resumes_at_the_same_card_with_the_answer_still_shown(user_client, synced):
    start(user_client)
    quiz = Quiz.objects.get()
    user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/")
    item = current(quiz)
    user_client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 3, "token": item.token})
    user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/")
    for _ in range(2):
        page = user_client.get(f"/practice/quiz/{quiz.public_id}/").content.decode()
        assert "2 / 4" in page and "Model answer" in page


def test_time_per_card_is_recorded(user_client, user, synced):
    start(user_client)
    quiz = Quiz.objects.get()
    user_client.get(f"/practice/quiz/{quiz.public_id}/")
    QuizItem.objects.filter(quiz=quiz, position=0).update(shown_at=timezone.now() - timedelta(seconds=42))
    user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/")
    user_client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 3, "token": current(quiz).token})
    assert 42 <= Review.objects.get(user=user).seconds <= 45


def test_a_card_archived_mid_quiz_is_skipped(user_client, synced):
    synced.write("python/fastapi/async-handlers.md", title="No links?", extra="topic: Python / FastAPI")
    sync_bank(synced.root)  # now no card links to another, so any file can go
    start(user_client, order="due")
    quiz = Quiz.objects.get()
    second = quiz.items.get(position=1).card
    (synced.root / second.source_path).unlink()
    sync_bank(synced.root)
    user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/")
    user_client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 3, "token": current(quiz).token})
    assert current(quiz).card != second
    assert current(quiz).position == 2


def test_a_card_edited_mid_quiz_shows_its_new_text(user_client, synced):
    start(user_client, topics=["databases/sql"])
    quiz = Quiz.objects.get()
    card = current(quiz).card
    assert card.title in user_client.get(f"/practice/quiz/{quiz.public_id}/").content.decode()
    synced.write(card.source_path, title="A freshly edited title?", difficulty="easy")
    sync_bank(synced.root)
    assert "A freshly edited title?" in user_client.get(f"/practice/quiz/{quiz.public_id}/").content.decode()


def test_progress_counts_rated_cards_and_survives_a_double_post(user_client, synced):
    start(user_client)
    quiz = Quiz.objects.get()
    assert (quiz.rated_count, quiz.item_count) == (0, 4)
    user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/")
    token = current(quiz).token
    for _ in range(2):
        stage = user_client.post(
            f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 3, "token": token}, headers={"HX-Request": "true"}
        )
    body = stage.content.decode()
    assert "2 / 4" in body and 'value="1" aria-label="1 of 4 cards rated"' in body
    quiz.refresh_from_db()
    assert quiz.progress() == (1, 4)


def test_the_quiz_page_reads_the_session_the_person_the_quiz_and_its_next_item(
    user_client, synced, settings, django_assert_num_queries
):
    settings.QUESTIONBANK_BANK_VERSION_CHECK_SECONDS = 60  # as in production: not on every request
    start(user_client, size=5)
    quiz = Quiz.objects.get()
    user_client.get(f"/practice/quiz/{quiz.public_id}/")  # the first view stamps the card as shown
    # The card itself comes from the cache, until the bank changes.
    with django_assert_num_queries(4):
        assert user_client.get(f"/practice/quiz/{quiz.public_id}/").status_code == 200


def test_another_persons_quiz_is_404(client, user, other_user, synced):
    client.force_login(user)
    start(client)
    quiz = Quiz.objects.get()
    client.force_login(other_user)
    assert client.get(f"/practice/quiz/{quiz.public_id}/").status_code == 404
    assert client.post(f"/practice/quiz/{quiz.public_id}/reveal/").status_code == 404
    token = quiz.items.first().token
    assert client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 3, "token": token}).status_code == 404
    assert client.get(f"/practice/quiz/{quiz.public_id}/summary/").status_code == 404
    assert not Review.objects.exists()


def test_an_anonymous_quiz_moves_into_the_account_on_sign_up(client, synced):
    start(client)
    quiz = Quiz.objects.get()
    client.post(f"/practice/quiz/{quiz.public_id}/reveal/")
    client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 2, "token": current(quiz).token})
    password = "a-long-passphrase-2026"
    client.post("/accounts/signup/", {"username": "fay", "password1": password, "password2": password})
    quiz.refresh_from_db()
    assert quiz.user.username == "fay"
    assert client.get(f"/practice/quiz/{quiz.public_id}/").status_code == 200
    assert Review.objects.get(user=quiz.user).rating == 2


def test_mock_interviews_store_the_typed_answer_with_the_review(user_client, user, synced):
    start(user_client, mode="mock", timer_minutes=2)
    quiz = Quiz.objects.get()
    assert quiz.timer_seconds == 120
    page = user_client.get(f"/practice/quiz/{quiz.public_id}/").content.decode()
    assert 'data-seconds="120"' in page and 'name="answer_text"' in page
    user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/", {"answer_text": "B-trees keep keys <sorted>"})
    page = user_client.get(f"/practice/quiz/{quiz.public_id}/").content.decode()
    assert "B-trees keep keys &lt;sorted&gt;" in page
    user_client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 3, "token": current(quiz).token})
    review = Review.objects.get(user=user)
    assert (review.mode, review.answer_text) == ("mock", "B-trees keep keys <sorted>")
    user_client.post(f"/practice/quiz/{quiz.public_id}/finish/")
    summary = user_client.get(f"/practice/quiz/{quiz.public_id}/summary/").content.decode()
    assert "Your answer beside the model answer" in summary
    assert summary.count("Skipped") == 3


def test_a_mock_answer_shown_by_the_countdown_says_that_time_is_up(user_client, synced):
    start(user_client, mode="mock", timer_minutes=1)
    quiz = Quiz.objects.get()
    reveal = f"/practice/quiz/{quiz.public_id}/reveal/"
    page = user_client.post(reveal, {"answer_text": "", "timed_out": "1"}, headers={"HX-Request": "true"})
    assert "Time’s up." in page.content.decode()
    assert current(quiz).revealed_at is not None
    # Shown by the person, or seen again after a reload: no such notice.
    assert "Time’s up." not in user_client.get(f"/practice/quiz/{quiz.public_id}/").content.decode()
    user_client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": 3, "token": current(quiz).token})
    page = user_client.post(reveal, {"answer_text": "mine"}, headers={"HX-Request": "true"})
    assert "Time’s up." not in page.content.decode()


def test_practising_the_missed_ones_starts_a_quiz_of_them(user_client, synced):
    start(user_client)
    quiz = Quiz.objects.get()
    ratings = iter([1, 3, 2, 4])
    while (item := current(quiz)) is not None:
        user_client.post(f"/practice/quiz/{quiz.public_id}/reveal/")
        user_client.post(f"/practice/quiz/{quiz.public_id}/rate/", {"rating": next(ratings), "token": item.token})
    missed = set(quiz.items.filter(rating__in=[1, 2]).values_list("card_id", flat=True))
    response = user_client.post(f"/practice/quiz/{quiz.public_id}/retry/")
    retry = Quiz.objects.exclude(pk=quiz.pk).get()
    assert response["Location"] == f"/practice/quiz/{retry.public_id}/"
    assert set(retry.items.values_list("card_id", flat=True)) == missed


def test_due_first_and_new_only_orders(user_client, user, synced):
    now = timezone.now()
    due = Card.objects.get(slug="indexes")
    later = Card.objects.get(slug="isolation")
    Review.record(user, due, rating=3, token="d", when=now - timedelta(days=30))
    Review.record(user, later, rating=4, token="l", when=now)
    start(user_client, order="due")
    quiz = Quiz.objects.get()
    order = list(quiz.items.values_list("card__slug", flat=True))
    assert order[0] == "indexes" and order[-1] == "isolation"
    user_client.post(f"/practice/quiz/{quiz.public_id}/finish/")
    start(user_client, order="new")
    newest = Quiz.objects.order_by("-pk").first()
    assert sorted(newest.items.values_list("card__slug", flat=True)) == ["async-handlers", "dependency-injection"]
    assert Schedule.objects.filter(user=user).count() == 2


def test_the_report_link_names_the_card_and_its_file(user_client, synced, settings):
    settings.QUESTIONBANK_ISSUE_URL = "https://code.example/bank/issues/new"
    start(user_client)
    quiz = Quiz.objects.get()
    page = user_client.get(f"/practice/quiz/{quiz.public_id}/").content.decode()
    link = re.search(r'href="(https://code.example/bank/issues/new\?[^"]+)"', page).group(1)
    assert "title=Problem+with+card+" in link and "content%2F" in link


def test_a_newcomers_first_quiz_spans_the_topics_and_keeps_its_order_on_resume(client, db, settings):
    settings.QUESTIONBANK_CONTENT_DIR = REPO_ROOT / "content"
    assert sync_bank(settings.QUESTIONBANK_CONTENT_DIR).ok
    client.post("/practice/", {"order": "due", "mode": "quiz", "size": 10, "timer_minutes": 3})
    quiz = Quiz.objects.get()
    items = list(quiz.items.order_by("position").select_related("card"))
    assert len({item.card.topic_id for item in items}) >= 3
    assert len({item.card.difficulty for item in items}) >= 2
    assert client.get(f"/practice/quiz/{quiz.public_id}/").context["card"].pk == items[0].card_id

"""A signed-in person with a history, for the browser tests that need one."""

import re
import uuid
from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from practice.models import Bookmark, Note, Profile, Quiz, QuizItem, Review
from practice.tokens import new_token
from questions.models import Card


def widest_code_card() -> Card:
    """The card whose answer has the longest line of code: the hardest to lay out."""

    def widest_line(card: Card) -> int:
        blocks = re.findall(r"<pre.*?</pre>", card.answer_html, re.S)
        return max((len(line) for block in blocks for line in re.sub(r"<[^>]+>", "", block).splitlines()), default=0)

    return max(Card.objects.active(), key=widest_line)


def person_with_history(name: str = "candidate") -> User:
    """A person with a year of reviews, a bookmark, a note, an interview date and a finished mock interview."""
    user = User.objects.create_user(name, password="browser-test-password")
    cards = list(Card.objects.active().order_by("pk"))
    now = timezone.now()
    for day in range(0, 365, 2):
        for offset, card in enumerate(cards[day % 9 :: 9][:3]):
            when = now - timedelta(days=365 - day, hours=offset)
            Review.record(user, card, rating=1 + (day + offset) % 4, token=f"{day}-{card.pk}", when=when)
    Bookmark.objects.create(user=user, card=cards[0])
    Note.save_text(user, cards[0], "Remember the **event loop**.")
    Profile.objects.create(user=user, interview_date=(now + timedelta(days=12)).date())
    quiz = Quiz.objects.create(
        public_id=uuid.uuid4(), user=user, mode="mock", timer_seconds=180, item_count=2, finished_at=now
    )
    wide = widest_code_card()
    for position, card in enumerate([wide, cards[1]]):
        QuizItem.objects.create(
            quiz=quiz,
            position=position,
            card=card,
            token=new_token(),
            rating=3,
            seconds=60,
            answer_text="It depends on the workload; I would measure first.",
        )
    return user


def sign_in(page, site: str, user: User) -> None:
    """Put a session for ``user`` in the browser, as logging in would."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": site}])

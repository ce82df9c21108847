"""The repository's own bank: it validates, and every card meets the editorial rules.

Its runnable examples are run by ``manage.py check_examples`` in ``make test``
(one code path for contributors and CI alike).
"""

import re
from collections import Counter

from questions.loader import display_path, load_bank

from .conftest import REPO_ROOT

CONTENT = REPO_ROOT / "content"
BANK = load_bank(CONTENT)
CARDS = [item.card for item in BANK.files]
SHORT_ANSWER = "**Short answer:**"
MAX_SENTENCES = 3
MAX_WORDS = 75  # "about 60": a little room for code names, which count as words
INTERVIEW_TIP = re.compile(r'^!!! tip "Interview tip"', re.MULTILINE)
# A sentence ends at . ! or ? followed by a space and a capital letter, a digit, code or a link.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`\[*(])")


def shown(card) -> str:
    return display_path(CONTENT, card.path)


def short_answer(answer: str) -> str:
    first = answer.split("\n\n", 1)[0]
    text = re.sub(r"`[^`]*`", "code", first.removeprefix(SHORT_ANSWER))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(text.replace("**", "").split())


def test_the_bank_validates():
    assert [str(problem) for problem in BANK.problems] == []
    assert len(BANK.files) >= 80


def test_every_answer_opens_with_a_short_answer_of_at_most_three_sentences():
    wrong = []
    for card in CARDS:
        if not card.answer.startswith(SHORT_ANSWER):
            wrong.append(f"{shown(card)}: the answer does not start with {SHORT_ANSWER}")
            continue
        text = short_answer(card.answer)
        sentences, words = len(SENTENCE_END.split(text)), len(text.split())
        if sentences > MAX_SENTENCES or words > MAX_WORDS:
            wrong.append(f"{shown(card)}: short answer has {sentences} sentences and {words} words")
    assert wrong == []


def test_every_card_has_an_interview_tip():
    assert [shown(card) for card in CARDS if not INTERVIEW_TIP.search(card.answer)] == []


def test_every_card_links_to_another_and_is_linked_to():
    linked_to = {target for card in CARDS for target in card.link_targets if target != card.id}
    assert [shown(card) for card in CARDS if not set(card.link_targets) - {card.id}] == [], "cards that link nowhere"
    assert [shown(card) for card in CARDS if card.id not in linked_to] == [], "orphans: no card links to these"


def test_difficulty_mix_stays_near_a_third_each():
    counts = Counter(card.difficulty for card in CARDS)
    assert all(0.2 <= counts[level] / len(CARDS) <= 0.45 for level in ("easy", "medium", "hard")), counts

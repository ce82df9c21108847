"""Cards as an Anki package, to practise on a phone.

Notes carry the rendered, sanitised HTML and the highlighting CSS. Their ids
come from the cards' stable identities, so importing a newer package into Anki updates the
notes it already has instead of duplicating them.
"""

from __future__ import annotations

import io

import genanki

from questions.models import Card
from questions.rendering import pygments_css
from questions.titles import plain_title

MODEL_ID = 1_607_392_319  # fixed forever: Anki matches models by id
DECK_ID = 2_059_400_110

CARD_CSS = """
.card { font-family: system-ui, sans-serif; font-size: 17px; line-height: 1.55; text-align: left;
        color: #1d2026; background: #fff; padding: 0 8px; }
.nightMode.card, .night_mode .card { color: #e6e8ec; background: #181b22; }
.meta { color: #5b616e; font-size: 13px; margin-bottom: 6px; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; }
.highlight { border-radius: 6px; overflow-x: auto; }
.highlight pre { margin: 0; padding: 8px 10px; font-size: 14px; }
.admonition { border-left: 4px solid #2f5fd0; padding: 2px 10px; margin: 10px 0; }
"""

MODEL = genanki.Model(
    MODEL_ID,
    "Question Bank card",
    fields=[{"name": "Question"}, {"name": "Prompt"}, {"name": "Answer"}, {"name": "Meta"}],
    templates=[
        {
            "name": "Question and answer",
            "qfmt": '<div class="meta">{{Meta}}</div><h2>{{Question}}</h2>{{Prompt}}',
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}',
        }
    ],
    css=CARD_CSS + pygments_css(),
)


def build_package(cards: list[Card], deck_name: str = "Question Bank") -> bytes:
    deck = genanki.Deck(DECK_ID, deck_name)
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[
                    _escape(plain_title(card.title)),
                    card.prompt_html,
                    card.answer_html,
                    _escape(f"{card.topic.name} · {card.get_difficulty_display()}"),
                ],
                tags=[tag.slug for tag in card.tags.all()],
                guid=genanki.guid_for("questionbank", card.pk),
            )
        )
    buffer = io.BytesIO()
    genanki.Package(deck).write_to_file(buffer)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

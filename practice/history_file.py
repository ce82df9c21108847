"""Reading an uploaded history file: every value's type and range checked before it is used.

Import files come from anyone with an account, so nothing in one is trusted:
the bytes are sized up before they are parsed (a 20 MB file of empty objects
would otherwise become gigabytes of dicts), each entry is checked field by
field by a small validator, and only a document with no problem at all
becomes an ``ImportPlan`` that ``exchange.apply_import`` may write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from questions.models import Card, CardAlias
from questions.nesting import nesting_problem

from . import scheduler
from .models import MAX_NOTE_LENGTH, MODE_CHOICES, Review

FORMAT = "questionbank-history"
VERSION = 1
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 60_000  # reviews, bookmarks and notes together: about the most 20 MB can hold
# Upper bounds on the objects and values a file may hold, counted on the raw
# bytes before parsing (braces and commas inside texts count too, so these are generous).
MAX_OBJECTS = 2 * MAX_ENTRIES + 10_000
MAX_VALUES = 10 * MAX_ENTRIES  # a review is eight values
MAX_ERRORS_KEPT = 100
MAX_ERRORS_SHOWN = 20
EARLIEST_YEAR, LATEST_YEAR = 1970, 2100
MAX_TOKEN_LENGTH = 100
SECTIONS = ("reviews", "bookmarks", "notes")
_MODES = {value for value, _ in MODE_CHOICES}


@dataclass
class ImportPlan:
    reviews: list[Review] = field(default_factory=list)
    bookmarks: list[tuple[int, datetime]] = field(default_factory=list)
    notes: list[tuple[int, str, datetime]] = field(default_factory=list)
    interview_date: date | None = None
    has_interview_date: bool = False
    errors: list[str] = field(default_factory=list)
    more_errors: int = 0  # problems found beyond MAX_ERRORS_KEPT

    def refuse(self, messages: list[str]) -> None:
        room = MAX_ERRORS_KEPT - len(self.errors)
        self.errors.extend(messages[:room])
        self.more_errors += max(0, len(messages) - room)

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors


def read_document(data: bytes) -> tuple[object | None, str | None]:
    """The parsed JSON, or why the bytes are refused; the cheap checks come before parsing."""
    if len(data) > MAX_IMPORT_BYTES:
        return None, f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB."
    if data.count(b"{") > MAX_OBJECTS or data.count(b",") > MAX_VALUES:
        return None, f"The file holds more than {MAX_ENTRIES:,} entries; split it into smaller files."
    try:
        return json.loads(data.decode("utf-8")), None
    except UnicodeDecodeError:
        return None, "The file is not valid JSON (it is not UTF-8 text)."
    except RecursionError:
        return None, "The file is not a Question Bank history: its JSON is nested far too deeply."
    except ValueError as error:  # JSONDecodeError, and integers longer than Python converts
        return None, f"The file is not valid JSON ({error})."


class _Fields:
    """One entry's fields read with their types checked; what is wrong is collected, not raised."""

    def __init__(self, entry: dict, where: str):
        self.entry, self.where, self.problems = entry, where, []

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.where}: {message}")

    def text(self, key: str, max_length: int, default: str | None = None, what: str = "text") -> str | None:
        value = self.entry.get(key, default)
        if not isinstance(value, str) or len(value) > max_length:
            self.problem(f"{key} must be {what} of at most {max_length} characters.")
            return None
        if "\x00" in value:
            self.problem(f"{key} contains a NUL character, which cannot be stored.")
            return None
        return value

    def card(self, cards: dict[str, int]) -> int | None:
        value = self.entry.get("card")
        card_id = cards.get(value) if isinstance(value, str) else None
        if card_id is None:
            self.problem(f"unknown card {_shown(value)}.")
        return card_id

    def moment(self, key: str, now: datetime) -> datetime | None:
        value = self.entry.get(key)
        parsed = _parse_moment(value)
        if parsed is None:
            self.problem(
                f"{_shown(value)} is not a date and time with a time zone, between {EARLIEST_YEAR} and {LATEST_YEAR}."
            )
        elif parsed > now + timedelta(minutes=5):
            self.problem(f"{value} is in the future.")
            return None
        return parsed

    def whole_number(self, key: str, low: int, high: int, default: int) -> int | None:
        value = self.entry.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.problem(f"{key} must be a whole number from {low} to {high}.")
            return None
        return value

    def choice(self, key: str, choices: set, default: object, what: str) -> object:
        value = self.entry.get(key, default)
        if isinstance(value, bool) or not isinstance(value, str | int) or value not in choices:
            self.problem(f"{what} {_shown(value)}.")
            return None
        return value


def _shown(value: object) -> str:
    """A value as the error message quotes it: short, whatever its type or size."""
    if isinstance(value, str):
        return repr(value[:60] + ("…" if len(value) > 60 else ""))
    if isinstance(value, bool | float) or value is None:
        return repr(value)
    if isinstance(value, int):
        return repr(value) if value.bit_length() < 64 else "a very large number"
    return f"a {'list' if isinstance(value, list) else 'JSON object'}"


def _parse_moment(value: object) -> datetime | None:
    """An aware datetime within the years we accept, or None for anything else (never an exception)."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None or parsed.tzinfo is None:
            return None
        in_utc = parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # 2026-02-30, offsets past 24 h, year 1 pushed before year 1
        return None
    return parsed if EARLIEST_YEAR <= in_utc.year <= LATEST_YEAR else None


@dataclass(frozen=True)
class _Context:
    cards: dict[str, int]
    now: datetime


def _review(entry: dict, where: str, context: _Context) -> tuple[Review | None, list[str]]:
    fields = _Fields(entry, where)
    card_id = fields.card(context.cards)
    when = fields.moment("reviewed_at", context.now)
    rating = fields.choice("rating", set(scheduler.RATING_LABELS), None, "rating must be 1, 2, 3 or 4, not")
    seconds = fields.whole_number("seconds", 0, 86400, default=0)
    mode = fields.choice("mode", _MODES, "browse", "unknown mode")
    given = entry.get("token")
    token = _derived_token(entry) if given is None or given == "" else fields.text("token", MAX_TOKEN_LENGTH)
    answer_text = fields.text("answer_text", MAX_NOTE_LENGTH, default="")
    content_hash = fields.text("content_hash", 64, default="", what="a hash")
    if fields.problems:
        return None, fields.problems
    review = Review(
        card_id=card_id,
        rating=rating,
        reviewed_at=when,
        seconds=seconds,
        mode=mode,
        token=token,
        content_hash=content_hash,
        answer_text=answer_text,
    )
    return review, []


def _bookmark(entry: dict, where: str, context: _Context) -> tuple[tuple[int, datetime] | None, list[str]]:
    fields = _Fields(entry, where)
    card_id, when = fields.card(context.cards), fields.moment("created_at", context.now)
    return (None, fields.problems) if fields.problems else ((card_id, when), [])


def _note(entry: dict, where: str, context: _Context) -> tuple[tuple[int, str, datetime] | None, list[str]]:
    fields = _Fields(entry, where)
    card_id, when = fields.card(context.cards), fields.moment("updated_at", context.now)
    text = fields.text("text", MAX_NOTE_LENGTH, what="non-empty text")
    if text is not None and not text.strip():
        fields.problem(f"text must be non-empty text of at most {MAX_NOTE_LENGTH} characters.")
    elif text is not None and (deep := nesting_problem(text)):
        fields.problem(f"line {deep[0]} of the text has {deep[1]}.")
    return (None, fields.problems) if fields.problems else ((card_id, text, when), [])


_VALIDATORS: dict[str, tuple[str, Callable]] = {
    "reviews": ("Review", _review),
    "bookmarks": ("Bookmark", _bookmark),
    "notes": ("Note", _note),
}


def check_document(document: object, now: datetime | None = None) -> ImportPlan:
    """Turn a parsed JSON document into what to write, or into a list of problems."""
    plan = ImportPlan()
    sections = _sections(document, plan)
    if plan.errors:
        return plan
    context = _Context(cards=_resolve_cards(sections), now=now or timezone.now())
    for key, (label, validate) in _VALIDATORS.items():
        for number, entry in enumerate(sections[key], start=1):
            if not isinstance(entry, dict):
                plan.refuse([f"{label} {number}: expected an object."])
                continue
            value, problems = validate(entry, f"{label} {number}", context)
            if problems:
                plan.refuse(problems)
            elif not plan.errors:
                getattr(plan, key).append(value)
    _interview_date(document, plan)
    return plan


def _sections(document: object, plan: ImportPlan) -> dict[str, list]:
    """The three lists, once the header says this is a history file we read."""
    if not isinstance(document, dict):
        plan.refuse(["The file is not a Question Bank history: expected a JSON object."])
        return {}
    if document.get("format") != FORMAT:
        plan.refuse([f'The file is not a Question Bank history ("format" should be "{FORMAT}").'])
        return {}
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        plan.refuse([f"Unsupported version {_shown(version)}; this site reads version {VERSION}."])
        return {}
    sections = {key: document.get(key, []) for key in SECTIONS}
    plan.refuse([f'"{key}" must be a list.' for key, value in sections.items() if not isinstance(value, list)])
    if not plan.errors and sum(len(value) for value in sections.values()) > MAX_ENTRIES:
        plan.refuse([f"The file holds more than {MAX_ENTRIES:,} entries; split it into smaller files."])
    return sections


def _interview_date(document: dict, plan: ImportPlan) -> None:
    if "interview_date" not in document:
        return
    plan.has_interview_date = True
    value = document["interview_date"]
    try:
        plan.interview_date = date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        plan.refuse([f"interview_date: {_shown(value)} is not a date like 2026-12-01."])
        return
    if plan.interview_date and not EARLIEST_YEAR <= plan.interview_date.year <= LATEST_YEAR:
        plan.refuse([f"interview_date: {value} is not between {EARLIEST_YEAR} and {LATEST_YEAR}."])


def _resolve_cards(sections: dict[str, list]) -> dict[str, int]:
    slugs = {
        entry["card"]
        for entries in sections.values()
        for entry in entries
        if isinstance(entry, dict) and _plausible_slug(entry.get("card"))
    }
    found = dict(Card.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    found |= dict(CardAlias.objects.filter(slug__in=slugs - set(found)).values_list("slug", "card_id"))
    return found


def _plausible_slug(value: object) -> bool:
    # A NUL cannot even be sent to PostgreSQL in a query; such a card is simply unknown.
    return isinstance(value, str) and len(value) <= 200 and "\x00" not in value


def _derived_token(entry: dict) -> str:
    """A stable token for reviews from elsewhere (e.g. hand-made files), so a re-import skips them."""
    key = f"{entry.get('card')!s:.200}|{entry.get('reviewed_at')!s:.60}|{entry.get('rating')!s:.20}"
    return "import-" + hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:40]

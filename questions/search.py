"""Full-text search with the database's own engine, and the query language of the search box.

One small interface over two engines: SQLite FTS5 on the embedded default,
PostgreSQL tsvector with a GIN index in production. Both are kept in step by
the sync (``index_cards``) and answer ``ranked_ids`` with title matches
weighted above body matches.

The query language: words and "quoted phrases" are searched; ``tag:``,
``topic:``, ``difficulty:`` filter the bank; ``is:`` and ``rated:`` filter by
the person's own practice, in the words the app that knows about people
registered in ``personal``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.expressions import RawSQL

from .cards import DIFFICULTIES
from .personal import REGISTRY

MAX_RESULTS = 2000
OPERATORS = ("tag", "topic", "difficulty", "is", "rated")
_TOKEN_RE = re.compile(r'(?P<key>[A-Za-z]+):(?P<value>"[^"]*"|\S*)|"(?P<phrase>[^"]*)"?|(?P<word>\S+)')
_WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass
class Query:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)


def parse_query(text: str) -> Query:
    """Split the search box into words, phrases and operator filters; never raises."""
    query = Query()
    for match in _TOKEN_RE.finditer(text):
        if match.group("key"):
            key, value = match.group("key").lower(), match.group("value").strip('"').strip()
            if key not in OPERATORS:
                query.errors.append(
                    f"Unknown filter “{key}:”. Use {', '.join(o + ':' for o in OPERATORS)} or plain words."
                )
            elif not value:
                query.errors.append(f"“{key}:” needs a value, e.g. {_example(key)}.")
            elif key == "rated" and (rating := REGISTRY.rating_for(value)):
                query.filters.setdefault(key, []).append(rating)
            elif (allowed := _allowed(key)) and value.lower() not in allowed:
                query.errors.append(f"“{key}:{value}” is not one of: {', '.join(allowed)}.")
            else:
                query.filters.setdefault(key, []).append(value.lower() if key != "topic" else value.strip("/"))
        elif match.group("phrase") is not None:
            words = _WORD_RE.findall(match.group("phrase").lower())
            if len(words) > 1:
                query.phrases.append(" ".join(words))
            else:
                query.words.extend(words)
        else:
            query.words.extend(_WORD_RE.findall(match.group("word").lower()))
    return query


def _allowed(key: str) -> tuple[str, ...]:
    return {"difficulty": DIFFICULTIES, "is": tuple(REGISTRY.statuses), "rated": REGISTRY.rating_names}.get(key, ())


def _example(key: str) -> str:
    return {
        "tag": "tag:asyncio",
        "topic": "topic:python/fastapi",
        "difficulty": "difficulty:hard",
        "is": "is:due",
        "rated": "rated:shaky",
    }[key]


def ranked_ids(query: Query) -> list[int]:
    """Ids of the cards matching every word and phrase, best first."""
    if not query.has_text:
        return []
    return _backend().search(query)


def snippets(query: Query, card_ids: list[int]) -> dict[int, str]:
    """A short passage of each card around the matched words, marked with \x02 and \x03."""
    if not query.has_text or not card_ids:
        return {}
    return _backend().snippets(query, card_ids)


def among(card_ids: tuple[int, ...]) -> RawSQL:
    """A subquery of the given ids, one parameter however many there are.

    ``pk__in`` with thousands of search hits prepares and binds every id, in
    every query that filters by them; this passes the list once, as a whole.
    """
    return _backend().among(card_ids)


def index_cards(cards: list[tuple[int, str, str]]) -> None:
    """(id, title, plain text) of new or changed cards into the search index."""
    if cards:
        _backend().index(cards)


def _backend():
    return PostgresSearch if connection.vendor == "postgresql" else SqliteSearch


class SqliteSearch:
    TABLE = "questions_card_fts"

    @staticmethod
    def among(card_ids: tuple[int, ...]) -> RawSQL:
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(card_ids)])

    @classmethod
    def index(cls, cards: list[tuple[int, str, str]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {cls.TABLE} WHERE rowid = %s", [(pk,) for pk, _, _ in cards])
            cursor.executemany(f"INSERT INTO {cls.TABLE} (rowid, title, body) VALUES (%s, %s, %s)", list(cards))

    @staticmethod
    def match(query: Query) -> str:
        last = len(query.words) - 1
        parts = [f'"{word}"*' if index == last else f'"{word}"' for index, word in enumerate(query.words)]
        return " AND ".join(parts + [f'"{phrase}"' for phrase in query.phrases])

    @classmethod
    def search(cls, query: Query) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {cls.TABLE} WHERE {cls.TABLE} MATCH %s "
                f"ORDER BY bm25({cls.TABLE}, 10.0, 1.0) LIMIT %s",
                [cls.match(query), MAX_RESULTS],
            )
            return [pk for (pk,) in cursor.fetchall()]

    @classmethod
    def snippets(cls, query: Query, card_ids: list[int]) -> dict[int, str]:
        marks = ", ".join(["%s"] * len(card_ids))
        # "+rowid": the ids filter the matches rather than being handed to FTS5, which
        # would look each one up, merging the prefix word's whole doclist every time.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({cls.TABLE}, 1, char(2), char(3), '…', 16) FROM {cls.TABLE} "
                f"WHERE {cls.TABLE} MATCH %s AND +rowid IN ({marks})",
                [cls.match(query), *card_ids],
            )
            return dict(cursor.fetchall())


# PostgreSQL's parser takes "asyncio.gather" for a host name, one token that
# "gather" does not match; a zero-width space after the dot splits it, unseen.
_DOTTED_RE = re.compile(r"(?<=\w)([./])(?=\w)")
_ZERO_WIDTH_SPACE = "\u200b"


class PostgresSearch:
    @staticmethod
    def splittable(text: str) -> str:
        return _DOTTED_RE.sub(r"\1" + _ZERO_WIDTH_SPACE, text)

    @staticmethod
    def among(card_ids: tuple[int, ...]) -> RawSQL:
        return RawSQL("SELECT unnest(%s::bigint[])", [list(card_ids)])

    @classmethod
    def index(cls, cards: list[tuple[int, str, str]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE questions_card SET search_vector = "
                "setweight(to_tsvector('english', %s), 'A') || setweight(to_tsvector('english', %s), 'B') "
                "WHERE id = %s",
                [(cls.splittable(title), cls.splittable(text), pk) for pk, title, text in cards],
            )

    @staticmethod
    def tsquery(query: Query) -> tuple[str, list[str]]:
        last = len(query.words) - 1
        words = " & ".join(f"{word}:*" if index == last else word for index, word in enumerate(query.words))
        parts, params = [], []
        if words:
            parts.append("to_tsquery('english', %s)")
            params.append(words)
        for phrase in query.phrases:
            parts.append("phraseto_tsquery('english', %s)")
            params.append(phrase)
        return "(" + " && ".join(parts) + ")", params

    @classmethod
    def search(cls, query: Query) -> list[int]:
        tsquery, params = cls.tsquery(query)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM questions_card WHERE search_vector @@ {tsquery} "
                f"ORDER BY ts_rank(search_vector, {tsquery}) DESC, id LIMIT %s",
                [*params, *params, MAX_RESULTS],
            )
            return [pk for (pk,) in cursor.fetchall()]

    @classmethod
    def snippets(cls, query: Query, card_ids: list[int]) -> dict[int, str]:
        tsquery, params = cls.tsquery(query)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, ts_headline('english', "
                r"regexp_replace(search_text, '(?<=\w)([./])(?=\w)', '\1' || chr(8203), 'g'), "
                f"{tsquery}, 'StartSel=\x02, StopSel=\x03, MaxWords=24, MinWords=10, MaxFragments=1') "
                "FROM questions_card WHERE id = ANY(%s)",
                [*params, list(card_ids)],
            )
            return {pk: text.replace(_ZERO_WIDTH_SPACE, "") for pk, text in cursor.fetchall()}

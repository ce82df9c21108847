"""The files an export needs beside its pages: hashed static files and the search index.

Static files get their content's hash in their name, as ``collectstatic``
gives them on the live site, so a mirror can serve them with far-future
cache headers and a new export never shows a stale stylesheet.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

STATIC_FOLDER = "static"
MAX_WORDS = 400  # per card: enough to find a card by what its answer is about, small enough for a big bank
_WORD_RE = re.compile(r"[\w][\w+#.-]*\w|\w", re.UNICODE)


def hashed_name(name: str, data: bytes) -> str:
    """``css/site.css`` as ``css/site.0123456789ab.css``: the name changes whenever the bytes do."""
    path = PurePosixPath(name)
    digest = hashlib.sha256(data).hexdigest()[:12]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def static_files(folders: Iterable[Path]) -> dict[str, Path]:
    """The project's own static files by name (``css/site.css``); the first folder wins, as with Django's finders."""
    found: dict[str, Path] = {}
    for folder in folders:
        folder = Path(folder)
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                found.setdefault(path.relative_to(folder).as_posix(), path)
    return found


def copy_static(files: dict[str, Path], outdir: Path, static_url: str) -> dict[str, str]:
    """Copy each file under a hashed name; what each ``{% static %}`` URL is in the export."""
    copied: dict[str, str] = {}
    for name, source in files.items():
        target = f"{STATIC_FOLDER}/{hashed_name(name, source.read_bytes())}"
        (outdir / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, outdir / target)
        copied[static_url + name] = target
    return copied


@dataclass(frozen=True)
class IndexEntry:
    """What the exported search knows of one card."""

    path: str  # the card's page inside the export
    title: str
    topic: str
    difficulty: str
    tags: tuple[str, ...]
    text: str  # plain text of title, prompt and answer


def words(text: str, limit: int = MAX_WORDS) -> list[str]:
    """The distinct lowercase words of a card's text, first seen first, for prefix matching in the browser."""
    seen = dict.fromkeys(match.group(0) for match in _WORD_RE.finditer(text.lower()))
    return [word for word in seen if len(word) > 1][:limit]


def search_index(entries: Iterable[IndexEntry]) -> dict:
    """The search page's index: short keys, since a big bank's index is most of that page's bytes."""
    return {
        "version": 1,
        "cards": [
            {
                "u": entry.path,
                "t": entry.title,
                "p": entry.topic,
                "d": entry.difficulty,
                "g": list(entry.tags),
                "w": " ".join(words(entry.text)),
            }
            for entry in entries
        ],
    }


def index_json(index: dict) -> str:
    """The index as JSON that is safe inside ``<script type="application/json">``: no ``<`` at all.

    It is inlined rather than fetched because a page opened from disk may not
    fetch() a file beside it.
    """
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")

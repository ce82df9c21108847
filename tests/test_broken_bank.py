"""A broken bank never reaches the site: every bad file is named, and nothing changes."""

import os
import signal
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.models import Card, Topic

from .conftest import REPO_ROOT, card_text

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Card.objects.order_by("pk").values_list("pk", "slug", "title", "content_hash", "archived_at")),
        list(Topic.objects.values_list("path", "name")),
    )


BROKEN = {
    "bad YAML": (
        "python/bad-yaml.md",
        "---\ntitle: 'unclosed\ndifficulty: easy\n---\n\n## Answer\n\nx\n",
        ":2: front matter is not valid YAML",
    ),
    "title is a list": (
        "python/title-list.md",
        "---\ntitle: [a, b]\ndifficulty: easy\n---\n\n## Answer\n\nx\n",
        ":2: title must be non-empty text",
    ),
    "tags are text": ("python/tags-text.md", card_text(tags="asyncio"), ":4: tags must be a list"),
    "difficulty is a number": ("python/difficulty-number.md", card_text(difficulty="3"), ":3: unknown difficulty 3"),
    "duplicate id": ("python/duplicate.md", card_text(extra="id: indexes"), ":5: id 'indexes' is already used"),
    "binary file": (
        "python/binary.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8",
        ":1: file is not valid UTF-8 text",
    ),
    "NUL bytes": ("python/nul.md", "\x00\x00\x00", ":1: missing front matter"),
    "invalid UTF-8": (
        "python/latin1.md",
        "---\ntitle: Caf\xe9\n---\n".encode("latin-1"),
        ":2: file is not valid UTF-8 text",
    ),
    "huge file": (
        "python/huge.md",
        card_text(answer="word " * 60_000),
        ":1: file is 293 KiB; a card may be at most 256 KiB",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_broken_file_is_named_and_the_database_is_unchanged(synced, capsys, case):
    relative, content, message = BROKEN[case]
    before = snapshot()
    synced.write("databases/sql/indexes.md", title="An edit that must not land", difficulty="hard")
    path = synced.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("sync_questions")
    assert f"content/{relative}{message}" in capsys.readouterr().err
    assert snapshot() == before


def test_a_symlink_out_of_the_tree_is_refused(synced, tmp_path, capsys):
    before = snapshot()
    secret = tmp_path / "secret.md"
    secret.write_text(card_text(title="Not part of the bank"))
    (synced.root / "python" / "fastapi" / "escape.md").symlink_to(secret)
    with pytest.raises(CommandError):
        call_command("sync_questions")
    assert "content/python/fastapi/escape.md:1: symbolic link" in capsys.readouterr().err
    assert snapshot() == before


def test_a_sync_killed_midway_leaves_the_previous_content_intact(tmp_path):
    content = tmp_path / "content"
    database = tmp_path / "site.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "QUESTIONBANK_CONTENT_DIR": str(content),
        "PYTHONPATH": str(REPO_ROOT),
    }
    manage = [sys.executable, str(REPO_ROOT / "manage.py")]

    def write(count: int, version: str) -> None:
        for number in range(count):
            folder = content / f"topic-{number % 5}"
            folder.mkdir(parents=True, exist_ok=True)
            code = "\n".join(f"    value_{n} = {n} * {number}" for n in range(40))
            answer = (
                f"Answer {version} {number}.\n\n```python\ndef f():\n{code}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |"
            )
            (folder / f"card-{number:04d}.md").write_text(card_text(title=f"Card {number} {version}", answer=answer))

    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=120)
    write(20, "v1")
    subprocess.run([*manage, "sync_questions"], env=env, check=True, timeout=120, capture_output=True)
    write(600, "v2")

    process = subprocess.Popen(
        [*manage, "sync_questions"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with pytest.raises(subprocess.TimeoutExpired, match="timed out"):
        process.wait(timeout=1.5)  # still rendering and writing inside its transaction
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    rows = sqlite3.connect(database).execute("SELECT title FROM questions_card ORDER BY title").fetchall()
    assert len(rows) == 20
    assert all(title.endswith(" v1") for (title,) in rows)

    finished = subprocess.run([*manage, "sync_questions"], env=env, timeout=300, capture_output=True, text=True)
    assert "Synced: 580 created, 20 updated" in finished.stdout

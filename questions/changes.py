"""Which card files changed since a git ref: what a pull request adds, edits, moves and removes.

Both the pull request's job summary and ``export_site --changed-since`` stand
on this, so the preview and the summary always name the same cards. Git is
asked once for a name-status diff of the content folder against the ref (the
working tree, so uncommitted edits count too) and once for untracked files;
the parsing of its output is pure.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .cards import parse_card
from .loader import IGNORED_NAMES

Status = Literal["added", "changed", "removed"]
_TITLE_RE = re.compile(r"^title:\s*(?P<title>.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class CardChange:
    """One card file's change; paths are inside the content folder.

    A move is a change of the file at ``path`` that was at ``old_path``; for a
    removal ``path`` is where the file was.
    """

    status: Status
    path: str
    old_path: str = ""

    @property
    def moved(self) -> bool:
        return bool(self.old_path) and self.old_path != self.path

    @property
    def before(self) -> str:
        """Where the file was at the ref, if it existed there."""
        return "" if self.status == "added" else (self.old_path or self.path)


class GitError(RuntimeError):
    """Git refused: not a repository, or an unknown ref."""


def is_card_path(path: str) -> bool:
    """Whether a path inside the content folder is a card file, by the rules of ``find_card_files``."""
    parts = path.split("/")
    return path.endswith(".md") and parts[-1] not in IGNORED_NAMES and not any(p.startswith(".") for p in parts)


def parse_name_status(output: str) -> list[CardChange]:
    """Card changes from ``git diff --name-status -z -M``: status, then one path (two for a rename or copy)."""
    fields = output.split("\0")
    changes: list[CardChange] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][0]
        if status in "RC":
            old, new = fields[index + 1], fields[index + 2]
            index += 3
        else:
            old = new = fields[index + 1]
            index += 2
        changes.extend(_card_changes(status, old, new))
    return sorted(changes, key=lambda change: (change.path, change.status))


def _card_changes(status: str, old: str, new: str) -> list[CardChange]:
    """A diff entry as card changes; a file renamed into or out of being a card is an addition or removal."""
    was_card, is_card = is_card_path(old), is_card_path(new)
    if status == "A" or (status in "RC" and is_card and not was_card):
        return [CardChange("added", new)] if is_card else []
    if status == "D" or (status == "R" and was_card and not is_card):
        return [CardChange("removed", old)] if was_card else []
    if status == "R":
        return [CardChange("changed", new, old)]
    if status == "C":
        return [CardChange("added", new)] if is_card else []
    return [CardChange("changed", new)] if is_card else []  # M, T


def changed_cards(content_dir: Path, ref: str) -> list[CardChange]:
    """Card files added, changed, moved or removed in the working tree since ``ref``."""
    content_dir = Path(content_dir)
    diff = _git(content_dir, "diff", "--relative", "--name-status", "-z", "-M", ref, "--", ".")
    untracked = _git(content_dir, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    changes = parse_name_status(diff)
    known = {change.path for change in changes}
    changes += [CardChange("added", path) for path in untracked.split("\0") if is_card_path(path) and path not in known]
    return sorted(changes, key=lambda change: (change.path, change.status))


def text_at(content_dir: Path, ref: str, path: str) -> str:
    """A card file's text as it was at ``ref``; empty if it cannot be read there."""
    try:
        return _git(Path(content_dir), "show", f"{ref}:./{path}")
    except GitError:
        return ""


def title_of(text: str, path: str) -> str:
    """A card's title, even from a file too broken to validate, so a summary can still name it."""
    card, _ = parse_card(text, path)
    if card is not None and card.title:
        return card.title
    match = _TITLE_RE.search(text.split("\n---", 1)[0])
    return match.group("title").strip("'\"") if match else ""


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60)
    except OSError as error:
        raise GitError(f"cannot run git: {error}") from error
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {args[0]} failed")
    return done.stdout


@dataclass(frozen=True)
class NamedChange:
    """A change with the card's title now and, when it differed, at the ref."""

    change: CardChange
    title: str
    old_title: str = ""


def name_changes(content_dir: Path, ref: str, changes: list[CardChange]) -> list[NamedChange]:
    """Each change with its titles: from the file for what exists now, from git for what was."""
    content_dir = Path(content_dir)
    named = []
    for change in changes:
        now = "" if change.status == "removed" else _read(content_dir / change.path)
        before = text_at(content_dir, ref, change.before) if change.before else ""
        title = title_of(now, change.path) if now else title_of(before, change.before)
        old_title = title_of(before, change.before) if now and before else ""
        named.append(NamedChange(change, title, old_title if old_title != title else ""))
    return named


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


SECTIONS: tuple[tuple[Status, str], ...] = (("added", "Added"), ("changed", "Changed"), ("removed", "Removed"))


def summary_markdown(named: list[NamedChange], folder: str = "content") -> str:
    """The job summary of a pull request's cards: counts, then one line per card under its kind of change."""
    counts = {status: sum(1 for item in named if item.change.status == status) for status, _ in SECTIONS}
    lines = ["## Question cards in this pull request", ""]
    if not named:
        return "\n".join([*lines, "No card files were added, changed or removed.", ""])
    lines += [", ".join(f"{counts[status]} {label.lower()}" for status, label in SECTIONS), ""]
    for status, label in SECTIONS:
        items = [item for item in named if item.change.status == status]
        if items:
            lines += [f"### {label} ({len(items)})", "", *(_summary_line(item, folder) for item in items), ""]
    return "\n".join(lines)


def _summary_line(item: NamedChange, folder: str) -> str:
    change = item.change
    line = f"- {_markdown_text(item.title) or '*(no title)*'} — `{folder}/{change.path}`"
    if change.moved:
        line += f", moved from `{folder}/{change.old_path}`"
    if item.old_title:
        line += f" (was: {_markdown_text(item.old_title)})"
    return line


def _markdown_text(text: str) -> str:
    """Card titles are contributors' text: shown literally, never as Markdown or HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)

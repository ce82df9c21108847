"""Loading the bank: which files are cards and plans, parsed, and the rules across files.

Reads the content folder but never the database. ``load_bank`` is what both
``validate_questions`` and ``sync_questions`` stand on, so the two can never
disagree about what a valid bank is.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .cards import ParsedCard, Problem, default_topic_name, parse_card
from .plans import PLAN_SUFFIX, PLANS_FOLDER, ParsedPlan, check_plan_cards, parse_plan
from .rendering import RENDERER_VERSION

MAX_CARD_BYTES = 256 * 1024
MAX_PLAN_BYTES = 64 * 1024
IGNORED_NAMES = {"README.md", "CONTRIBUTING.md"}


@dataclass
class CardFile:
    card: ParsedCard
    content_hash: str


@dataclass
class PlanFile:
    plan: ParsedPlan
    content_hash: str


@dataclass
class Bank:
    files: list[CardFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    plans: list[PlanFile] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def topic_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for item in self.files:
            card = item.card
            if card.topic_name:
                names.setdefault(card.topic_path, card.topic_name)
        for item in self.files:
            names.setdefault(item.card.topic_path, default_topic_name(item.card.topic_path))
        return names


def display_path(content_dir: Path, relative: str) -> str:
    return f"{content_dir.name}/{relative}"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(RENDERER_VERSION.encode() + b"\0" + data).hexdigest()


def find_card_files(content_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Every ``*.md`` below the folder, in a stable order; links are refused."""
    content_dir = Path(content_dir)
    found: list[Path] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return [], [Problem(str(content_dir), 1, "content folder does not exist")]
    for root, dirs, files in os.walk(content_dir):
        root_path = Path(root)
        for name in list(dirs):
            if (root_path / name).is_symlink():
                relative = (root_path / name).relative_to(content_dir).as_posix()
                problems.append(
                    Problem(
                        display_path(content_dir, relative),
                        1,
                        "symbolic link to a folder; cards must be real files inside the content folder",
                    )
                )
                dirs.remove(name)
            elif name.startswith("."):
                dirs.remove(name)
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md") and name not in IGNORED_NAMES:
                found.append(root_path / name)
    return found, problems


Known = dict[str, tuple[str, dict]]  # path inside the bank -> (content hash, stored summary)


def read_card(path: Path, content_dir: Path, known: Known | None = None) -> tuple[CardFile | None, list[Problem]]:
    """Read, size-check and parse one file found below ``content_dir``.

    A file whose bytes match ``known`` was checked by an earlier sync; its
    stored summary stands in for parsing it again.
    """
    content_dir = Path(content_dir)
    # find_card_files walks inside content_dir only (links excluded), so the
    # path starts with it; slicing the string is much cheaper than relative_to.
    relative = str(path)[len(str(content_dir)) + 1 :].replace(os.sep, "/")
    shown = display_path(content_dir, relative)
    if path.is_symlink():
        return None, [Problem(shown, 1, "symbolic link; cards must be real files inside the content folder")]
    try:
        size = path.stat().st_size
        if size > MAX_CARD_BYTES:
            return None, [
                Problem(shown, 1, f"file is {size // 1024} KiB; a card may be at most {MAX_CARD_BYTES // 1024} KiB")
            ]
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, 1, f"cannot read file: {error.strerror or error}")]
    digest = content_hash(data)
    if known and relative in known and known[relative][0] == digest:
        card = ParsedCard.from_summary(relative, known[relative][1])
        if card is not None:
            return CardFile(card=card, content_hash=digest), []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(shown, line, "file is not valid UTF-8 text")]
    card, problems = parse_card(text, relative, shown)
    if card is None:
        return None, problems
    return CardFile(card=card, content_hash=digest), []


def load_bank(
    content_dir: Path, only: list[Path] | None = None, known: Known | None = None, archived: set[str] | None = None
) -> Bank:
    """Parse every card and plan, and apply the rules that span files.

    With ``only``, problems are reported for those files and folders alone,
    but the cross-file rules still see the whole bank (a new card's id must not
    clash with any other card's). ``archived`` holds the ids of cards the
    database keeps archived, so a plan naming one is told so.
    """
    content_dir = Path(content_dir)
    bank = Bank()
    paths, bank.problems = find_card_files(content_dir)
    for path in paths:
        item, problems = read_card(path, content_dir, known)
        bank.problems.extend(problems)
        if item is not None:
            bank.files.append(item)
    bank.problems.extend(_cross_file_problems(bank.files, content_dir))
    bank.plans, plan_problems = load_plans(content_dir, bank.files, archived or set())
    bank.problems.extend(plan_problems)
    if only is not None:
        bank.problems = _restrict(bank.problems, only, content_dir)
    bank.problems.sort()
    return bank


def find_plan_files(content_dir: Path) -> list[Path]:
    folder = Path(content_dir) / PLANS_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(path for path in folder.iterdir() if path.name.endswith(PLAN_SUFFIX) and not path.is_dir())


def load_plans(content_dir: Path, files: list[CardFile], archived: set[str]) -> tuple[list[PlanFile], list[Problem]]:
    """Every plan in ``plans/``, checked against the cards of the bank."""
    ids = {item.card.id for item in files}
    aliases = {alias: item.card.id for item in files for alias in item.card.aliases}
    plans: list[PlanFile] = []
    problems: list[Problem] = []
    for path in find_plan_files(content_dir):
        relative = f"{PLANS_FOLDER}/{path.name}"
        shown = display_path(content_dir, relative)
        data, refusal = _read_plan_bytes(path, shown)
        if refusal:
            problems.append(refusal)
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(Problem(shown, data[: error.start].count(b"\n") + 1, "file is not valid UTF-8 text"))
            continue
        plan, found = parse_plan(text, relative, shown)
        if plan is not None:
            found += check_plan_cards(plan, shown, ids, aliases, archived - ids)
        problems.extend(found)
        if plan is not None and not found:
            plans.append(PlanFile(plan, content_hash(data)))
    return plans, problems


def _read_plan_bytes(path: Path, shown: str) -> tuple[bytes, Problem | None]:
    if path.is_symlink():
        return b"", Problem(shown, 1, "symbolic link; plans must be real files inside the content folder")
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            return b"", Problem(
                shown, 1, f"file is {size // 1024} KiB; a plan may be at most {MAX_PLAN_BYTES // 1024} KiB"
            )
        return path.read_bytes(), None
    except OSError as error:
        return b"", Problem(shown, 1, f"cannot read file: {error.strerror or error}")


def _cross_file_problems(files: list[CardFile], content_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    owners: dict[str, tuple[str, str, int]] = {}  # id or alias -> (kind, display path, line)
    topic_names: dict[str, tuple[str, str]] = {}
    for item in files:
        card = item.card
        shown = display_path(content_dir, card.path)
        names = [("id", card.id, card.key_lines.get("id", 1))]
        names += [("alias", alias, card.key_lines.get("aliases", 1)) for alias in card.aliases]
        for kind, name, line in names:
            if name not in owners:
                owners[name] = (kind, shown, line)
                continue
            other_kind, other, other_line = owners[name]
            if kind == "id" and other_kind == "alias":
                # The alias is what has to change: point at it, not at the card that owns the id.
                problems.append(Problem(other, other_line, f"alias '{name}' is already used as the id of {shown}"))
            else:
                problems.append(Problem(shown, line, f"{kind} '{name}' is already used as the {other_kind} of {other}"))
        if card.topic_name:
            previous = topic_names.setdefault(card.topic_path, (card.topic_name, shown))
            if previous[0] != card.topic_name:
                problems.append(
                    Problem(
                        shown,
                        card.key_lines.get("topic", 1),
                        f"topic '{card.topic_name}' differs from '{previous[0]}' in {previous[1]}; cards in one folder share a topic name",
                    )
                )
    ids = {item.card.id for item in files}
    aliases = {alias: item.card.id for item in files for alias in item.card.aliases}
    for item in files:
        shown = display_path(content_dir, item.card.path)
        for link in item.card.links:
            if link.target in aliases:
                problems.append(
                    Problem(shown, link.line, f"link to 'id:{link.target}', which is now 'id:{aliases[link.target]}'")
                )
            elif link.target not in ids:
                problems.append(Problem(shown, link.line, f"link to unknown card 'id:{link.target}'"))
    return problems


def _restrict(problems: list[Problem], only: list[Path], content_dir: Path) -> list[Problem]:
    wanted: list[str] = []
    kept: list[Problem] = []
    for path in only:
        try:
            relative = path.absolute().relative_to(content_dir.absolute()).as_posix()
        except ValueError:
            kept.append(Problem(str(path), 1, f"outside the content folder '{content_dir.name}/'"))
            continue
        if not path.exists() and not path.is_symlink():
            kept.append(Problem(str(path), 1, "no such file or folder"))
            continue
        wanted.append(display_path(content_dir, relative).rstrip("/."))
    for problem in problems:
        if any(problem.path == prefix or problem.path.startswith(prefix + "/") for prefix in wanted):
            kept.append(problem)
    return kept

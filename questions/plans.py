"""Study plans: ``content/plans/<slug>.yml``, parsed and checked like cards.

A plan is an ordered list of sections, each an ordered list of card ids, with
an optional estimate of the minutes a card takes. Everything here is pure:
text in, a ``ParsedPlan`` and ``Problem`` list out, so the rules are cheap to
test and ``load_bank`` can check plans against the cards it has just read.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import yaml

from .cards import _SAFE_LOADER, Problem, is_slug
from .nesting import nesting_problem

PLANS_FOLDER = "plans"
PLAN_SUFFIX = ".yml"
PLAN_KEYS = ("title", "description", "audience", "sections")
SECTION_KEYS = ("title", "cards")
ITEM_KEYS = ("id", "minutes")
MAX_MINUTES = 120
MAX_PLAN_CARDS = 500
MAX_BRACKET_DEPTH = 8


@dataclass(frozen=True)
class PlanItem:
    card_id: str
    minutes: int | None
    line: int


@dataclass(frozen=True)
class PlanSection:
    title: str
    items: tuple[PlanItem, ...]


@dataclass
class ParsedPlan:
    path: str  # inside the content folder, e.g. "plans/django-in-ten-days.yml"
    slug: str
    title: str
    description: str
    audience: str
    sections: list[PlanSection] = field(default_factory=list)

    @property
    def items(self) -> list[PlanItem]:
        return [item for section in self.sections for item in section.items]


def is_plan_path(relative: str) -> bool:
    """``plans/<slug>.yml`` directly inside the content folder."""
    parts = relative.split("/")
    return len(parts) == 2 and parts[0] == PLANS_FOLDER and parts[1].endswith(PLAN_SUFFIX)


def parse_plan(text: str, path: str, shown: str) -> tuple[ParsedPlan | None, list[Problem]]:
    """Parse one plan file; every problem found, each with the line it is on.

    The plan comes back whenever its YAML could be read, problems or not, so
    that its card ids are checked too and a contributor sees everything at once.
    """
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(shown, line, message))

    slug = path.rsplit("/", 1)[-1].removesuffix(PLAN_SUFFIX)
    if not is_slug(slug):
        problem(1, f"plan file name '{slug}' must be a lowercase slug (letters, digits, hyphens)")
    deep = nesting_problem(text) or _bracket_problem(text)
    if deep:
        problem(*deep)
        return None, problems
    try:
        root = yaml.compose(text.removeprefix("\ufeff"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem(mark.line + 1 if mark else 1, f"not valid YAML: {getattr(error, 'problem', None) or error}")
        return None, problems
    if not isinstance(root, yaml.MappingNode):
        problem(1, "a plan is a mapping with keys: " + ", ".join(PLAN_KEYS))
        return None, problems
    keys = _mapping(root, PLAN_KEYS, problem)
    texts = {key: _text(keys.get(key), key, problem, required=key != "audience") for key in PLAN_KEYS[:3]}
    sections = _sections(keys.get("sections"), root, problem)
    return ParsedPlan(path, slug, texts["title"], texts["description"], texts["audience"], sections), problems


def _bracket_problem(text: str) -> tuple[int, str] | None:
    """Flow collections nested past any real plan's need, refused before the parser recurses into them."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth > MAX_BRACKET_DEPTH:
                return number, f"brackets nested more than {MAX_BRACKET_DEPTH} levels deep"
    return None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.MappingNode, allowed: tuple[str, ...], problem) -> dict[str, yaml.Node]:
    """The values of a mapping by key, reporting unknown and repeated keys at their lines."""
    found: dict[str, yaml.Node] = {}
    for key_node, value in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        if key not in allowed:
            hint = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            problem(_line(key_node), f"unknown key '{key}'{suggestion}; allowed keys: {', '.join(allowed)}")
        elif key in found:
            problem(_line(key_node), f"key '{key}' appears twice")
        else:
            found[key] = value
    return found


def _text(node: yaml.Node | None, key: str, problem, *, required: bool = True, at: int = 1) -> str:
    if node is None:
        if required:
            problem(at, f"missing required key '{key}'")
        return ""
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        problem(_line(node), f"'{key}' must be non-empty text")
        return ""
    return str(node.value).strip()


def _sections(node: yaml.Node | None, root: yaml.Node, problem) -> list[PlanSection]:
    if node is None:
        problem(_line(root), "missing required key 'sections'")
        return []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problem(_line(node), "'sections' must be a list of sections, each with a title and cards")
        return []
    sections = []
    for section_node in node.value:
        if not isinstance(section_node, yaml.MappingNode):
            problem(_line(section_node), "a section is a mapping with keys: title, cards")
            continue
        keys = _mapping(section_node, SECTION_KEYS, problem)
        title = _text(keys.get("title"), "title", problem, at=_line(section_node))
        sections.append(PlanSection(title, tuple(_items(keys.get("cards"), section_node, problem))))
    return sections


def _items(node: yaml.Node | None, section: yaml.Node, problem) -> list[PlanItem]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problem(_line(node or section), "a section's 'cards' must be a list of card ids")
        return []
    items = []
    for item in node.value:
        minutes: int | None = None
        id_node = item
        if isinstance(item, yaml.MappingNode):
            keys = _mapping(item, ITEM_KEYS, problem)
            id_node = keys.get("id")
            minutes = _minutes(keys.get("minutes"), problem)
            if id_node is None:
                problem(_line(item), "a card entry needs an 'id'")
                continue
        if not isinstance(id_node, yaml.ScalarNode) or not is_slug(id_node.value):
            problem(_line(id_node), "a card id is a lowercase slug, or 'id: <slug>' with 'minutes: <n>'")
            continue
        items.append(PlanItem(id_node.value, minutes, _line(id_node)))
    return items


def _minutes(node: yaml.Node | None, problem) -> int | None:
    if node is None:
        return None
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    if not (isinstance(value, str) and value.isdigit() and 1 <= int(value) <= MAX_MINUTES):
        problem(_line(node), f"'minutes' must be a whole number from 1 to {MAX_MINUTES}")
        return None
    return int(value)


def check_plan_cards(
    plan: ParsedPlan, shown: str, ids: set[str], aliases: dict[str, str], archived: set[str]
) -> list[Problem]:
    """The rules against the bank: every card exists, is current, and appears once."""
    problems = []
    first_line: dict[str, int] = {}
    for item in plan.items:
        if item.card_id in first_line:
            message = f"card '{item.card_id}' is already in this plan (line {first_line[item.card_id]})"
        elif item.card_id in aliases:
            message = f"card '{item.card_id}' is now '{aliases[item.card_id]}'"
        elif item.card_id in archived:
            message = f"card '{item.card_id}' is archived (its file was removed); take it out of the plan"
        elif item.card_id not in ids:
            hint = difflib.get_close_matches(item.card_id, ids, n=1)
            message = f"unknown card '{item.card_id}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
        else:
            first_line[item.card_id] = item.line
            continue
        problems.append(Problem(shown, item.line, message))
    if len(plan.items) > MAX_PLAN_CARDS:
        problems.append(Problem(shown, 1, f"a plan may hold at most {MAX_PLAN_CARDS} cards"))
    return problems

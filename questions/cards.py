"""Parsing one card file: front matter, prompt and answer, fenced code.

Everything here is pure: text in, a ``ParsedCard`` and a list of ``Problem``
out. No database, no filesystem, so the rules are cheap to test one by one and
the sync can run them in any process.
"""

from __future__ import annotations

import ast
import difflib
import re
import textwrap
import warnings
from dataclasses import dataclass, field

import yaml

from .nesting import NESTING_MESSAGE, too_deep

DIFFICULTIES = ("easy", "medium", "hard")
ALLOWED_KEYS = ("id", "title", "tags", "difficulty", "aliases", "topic")
REQUIRED_KEYS = ("title", "difficulty")
PYTHON_LANGUAGES = {"python", "py", "python3"}
RUNNABLE_FLAG = "runnable"
OUTPUT_FLAG = "output"
# A runnable block that check_examples runs but the page does not offer to run:
# it needs what Python in the browser lacks (threads, sqlite3, 64-bit sizes...).
SERVER_ONLY_FLAG = "server-only"
FENCE_FLAGS = (RUNNABLE_FLAG, OUTPUT_FLAG, SERVER_ONLY_FLAG)
# A bare word after the language is one of our flags; attributes (title="x") have an "=".
_FLAG_WORD_RE = re.compile(r"^[A-Za-z][\w-]*$")
OUTPUT_LANGUAGE = "text"
OUTPUT_TITLE = "Output"
ANSWER_HEADING = "## Answer"
# Bump when the rules change, so that stored summaries of unchanged files are
# parsed and checked again by the next sync.
PARSER_VERSION = 4
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TITLE_LENGTH = 200

# The C implementation of PyYAML's safe loader when it is built in: the same
# safe subset of YAML, several times faster, which is most of a no-op sync.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_SAFE_LOADER):
    """The safe loader, noting top-level keys given twice (YAML keeps the last without a word).

    Lines are 0-based within the front matter, which starts on the file's second line.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self.repeated: list[tuple[str, int, int]] = []

    def construct_document(self, node):
        if isinstance(node, yaml.MappingNode):
            self._note_repeats(node)
        return super().construct_document(node)

    def _note_repeats(self, node: yaml.MappingNode) -> None:
        first: dict[str, int] = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                continue
            if key in first:
                self.repeated.append((key, key_node.start_mark.line, first[key]))
            else:
                first[key] = key_node.start_mark.line


_FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
_CARD_LINK_RE = re.compile(r"\]\(id:(?P<target>[^)\s]*)\)")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a card file, printed as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def formatted(self, style: str, title: str) -> str:
        """``text``: ``path:line: message``; ``github``: a workflow command that annotates the line."""
        if style == "github":
            return f"::error file={_escape_property(self.path)},line={self.line},title={_escape_property(title)}::{_escape_data(self.message)}"
        return str(self)


PROBLEM_FORMATS = ("text", "github")


def _escape_data(value: str) -> str:
    # The escapes GitHub's workflow-command parser undoes (as in @actions/core).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True)
class Fence:
    line: int  # line of the opening fence, 1-based, in the whole file
    end_line: int  # line of the closing fence
    language: str
    code: str
    runnable: bool
    # For a ```text output block: the line of the runnable block just above, whose stdout it states.
    output_of: int | None = None
    server_only: bool = False  # runnable, but only by check_examples: the page shows no Run button


@dataclass(frozen=True)
class Example:
    """A runnable block, and the output it must print when the card states one."""

    code: Fence
    expected: Fence | None


@dataclass(frozen=True)
class CardLink:
    target: str
    line: int


@dataclass
class ParsedCard:
    path: str  # posix path inside the content folder, e.g. "python/fastapi/x.md"
    id: str
    title: str
    difficulty: str
    topic_path: str
    topic_name: str | None
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    prompt: str = ""
    answer: str = ""
    fences: list[Fence] = field(default_factory=list)
    links: list[CardLink] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict:
        """What the rules across files need, to store beside the card and skip re-parsing it."""
        return {
            "version": PARSER_VERSION,
            "id": self.id,
            "title": self.title,
            "difficulty": self.difficulty,
            "topic_path": self.topic_path,
            "topic_name": self.topic_name,
            "tags": self.tags,
            "aliases": self.aliases,
            "links": [[link.target, link.line] for link in self.links],
            "key_lines": self.key_lines,
        }

    @classmethod
    def from_summary(cls, path: str, summary: dict) -> ParsedCard | None:
        """The card as stored by an earlier sync, without its text; None if the rules changed since."""
        if summary.get("version") != PARSER_VERSION:
            return None
        fields = {key: value for key, value in summary.items() if key not in ("version", "links")}
        return cls(path=path, links=[CardLink(target, line) for target, line in summary["links"]], **fields)

    @property
    def is_summary(self) -> bool:
        return not self.answer

    @property
    def runnable_blocks(self) -> list[Fence]:
        return [fence for fence in self.fences if fence.runnable]

    @property
    def examples(self) -> list[Example]:
        """Runnable blocks paired with their output blocks (validation made sure each follows one)."""
        expected = {fence.output_of: fence for fence in self.fences if fence.output_of is not None}
        return [Example(fence, expected.get(fence.line)) for fence in self.runnable_blocks]

    @property
    def link_targets(self) -> list[str]:
        return list(dict.fromkeys(link.target for link in self.links))


def default_topic_name(topic_path: str) -> str:
    """``system-design/caching`` -> ``System Design / Caching``."""
    return " / ".join(part.replace("-", " ").title() for part in topic_path.split("/"))


def is_slug(value: object) -> bool:
    return isinstance(value, str) and bool(SLUG_RE.match(value))


Found = list[tuple[int, str]]  # (line, message) of each problem a stage finds


@dataclass(frozen=True)
class _Keys:
    """The front matter's values as given; a card is built from them only when no stage found a problem."""

    id: object
    title: object
    difficulty: object
    tags: list[str]
    aliases: list[str]
    topic_name: str | None


def parse_card(text: str, path: str, display_path: str | None = None) -> tuple[ParsedCard | None, list[Problem]]:
    """Parse and check one card, stage by stage: path, front matter, keys, fences, answer, links.

    ``path`` is the file's path inside the content folder; ``display_path`` is
    what problems are reported against (defaults to ``path``). Returns the card
    when it is usable, with every problem found, not only the first.
    """
    shown = display_path or path
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    topic_path, stem = _split_path(path)
    found = _path_problems(topic_path)
    meta, body_start, front_found = _front_matter(lines)
    found += front_found
    if meta is None:
        return None, [Problem(shown, line, message) for line, message in found]
    key_lines = _key_lines(lines[1 : body_start - 1])
    keys, key_found = _check_keys(meta, key_lines, stem)
    body, fences, body_found = _scan_body(lines[body_start - 1 :], body_start)
    prompt, answer, answer_found = _split_answer(body, fences, body_start)
    links, link_found = _card_links(body, fences, body_start)
    found += key_found + body_found + answer_found + _nesting_problems(body, fences, body_start) + link_found
    if found:
        return None, [Problem(shown, line, message) for line, message in found]
    card = ParsedCard(
        path=path,
        id=keys.id,
        title=keys.title.strip(),
        difficulty=keys.difficulty,
        topic_path=topic_path,
        topic_name=keys.topic_name,
        tags=keys.tags,
        aliases=keys.aliases,
        prompt=prompt,
        answer=answer,
        fences=fences,
        links=links,
        key_lines=key_lines,
    )
    return card, []


def _split_path(path: str) -> tuple[str, str]:
    folder, _, name = path.rpartition("/")
    return folder, name.removesuffix(".md")


def _path_problems(topic_path: str) -> Found:
    if not topic_path:
        return [(1, "a card must live in a topic folder: content/<topic>/<slug>.md")]
    return [
        (1, f"topic folder '{part}' must be a lowercase slug (letters, digits, hyphens)")
        for part in topic_path.split("/")
        if not is_slug(part)
    ]


def _front_matter(lines: list[str]) -> tuple[dict | None, int, Found]:
    """The YAML mapping, the 1-based line where the body starts, and what is wrong with it."""
    if not lines or lines[0].strip() != "---":
        return None, 0, [(1, "missing front matter: the file must start with a '---' line")]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        return None, 0, [(1, "front matter is not closed: add a '---' line after the keys")]
    loader = _FrontMatterLoader("\n".join(lines[1:index]))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            meta = loader.get_single_data()
    except yaml.YAMLError as error:
        return None, 0, [_yaml_problem(error)]
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, 0, [(2, "front matter must be a mapping of keys (key: value lines)")]
    repeated = [
        (line + 2, f"key '{key}' is given twice (first on line {first + 2}); YAML would silently keep the last")
        for key, line, first in loader.repeated
    ]
    return meta, index + 2, repeated


def _yaml_problem(error: yaml.YAMLError) -> tuple[int, str]:
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    # A quote or bracket left open is only noticed later; point at where it opened.
    mark = context_mark or problem_mark
    line = mark.line + 2 if mark is not None else 1
    context = getattr(error, "context", None)
    return line, f"front matter is not valid YAML: {context + ', ' if context else ''}{reason}"


def _key_lines(front_lines: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for offset, line in enumerate(front_lines):
        match = re.match(r"^([^\s:#][^:]*?)\s*:", line)
        if match:
            found.setdefault(match.group(1).strip("'\""), offset + 2)
    return found


def _check_keys(meta: dict, key_lines: dict[str, int], stem: str) -> tuple[_Keys, Found]:
    """Every key known and every required one there, each value of the right shape."""

    def at(key: str) -> int:
        return key_lines.get(key, 1)

    found: Found = []
    for key in meta:
        if key not in ALLOWED_KEYS:
            hint = difflib.get_close_matches(str(key), ALLOWED_KEYS, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            found.append((at(str(key)), f"unknown key '{key}'{suggestion}; allowed keys: {', '.join(ALLOWED_KEYS)}"))
    found += [(1, f"missing '{key}' in the front matter") for key in REQUIRED_KEYS if key not in meta]
    card_id = meta.get("id", stem)
    if "id" in meta and not is_slug(card_id):
        found.append((at("id"), f"id {card_id!r} must be a lowercase slug like 'fastapi-async-vs-def'"))
    elif "id" not in meta and not is_slug(stem):
        found.append((1, f"file name '{stem}' is not a lowercase slug; rename the file or set 'id'"))
    found += _title_problems(meta, at("title"))
    difficulty = meta.get("difficulty")
    if "difficulty" in meta and difficulty not in DIFFICULTIES:
        found.append((at("difficulty"), f"unknown difficulty {difficulty!r}; use one of: {', '.join(DIFFICULTIES)}"))
    tags, tag_found = _slug_list(meta, "tags", at("tags"))
    aliases, alias_found = _slug_list(meta, "aliases", at("aliases"))
    found += tag_found + alias_found
    if isinstance(card_id, str) and card_id in aliases:
        found.append((at("aliases"), f"alias '{card_id}' is the card's own id"))
    topic_name = meta.get("topic")
    if "topic" in meta and (not isinstance(topic_name, str) or not topic_name.strip()):
        found.append((at("topic"), "topic must be non-empty text, e.g. 'Python / FastAPI'"))
        topic_name = None
    topic_name = topic_name.strip() if topic_name else None
    return _Keys(card_id, meta.get("title"), difficulty, tags, aliases, topic_name), found


def _title_problems(meta: dict, line: int) -> Found:
    if "title" not in meta:
        return []
    title = meta["title"]
    if not isinstance(title, str) or not title.strip():
        return [(line, "title must be non-empty text")]
    if len(title) > MAX_TITLE_LENGTH:
        return [(line, f"title is {len(title)} characters long; keep it under {MAX_TITLE_LENGTH}")]
    return []


def _slug_list(meta: dict, key: str, line: int) -> tuple[list[str], Found]:
    value = meta.get(key)
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [(line, f"{key} must be a list, e.g. {key}: [one, two]")]
    result: list[str] = []
    found: Found = []
    for item in value:
        if not is_slug(item):
            found.append((line, f"{key} entry {item!r} must be a lowercase slug (letters, digits, hyphens)"))
        elif item in result:
            found.append((line, f"{key} entry '{item}' is listed twice"))
        else:
            result.append(item)
    return result, found


def _scan_body(body: list[str], body_start: int) -> tuple[list[str], list[Fence], Found]:
    """The body with our fence flags taken out, its fenced blocks, and what is wrong with them."""
    fences, found, rewritten = _scan_fences(body, first_line=body_start)
    for fence in fences:
        found += _check_fence(fence)
    return rewritten, fences, found


def _split_answer(body: list[str], fences: list[Fence], body_start: int) -> tuple[str, str, Found]:
    """The prompt and the answer, either side of the answer heading."""
    index = _find_answer_heading(body, fences, body_start)
    if index is None:
        return "", "", [(body_start, f"missing '{ANSWER_HEADING}' heading that separates the prompt from the answer")]
    prompt = "\n".join(body[:index]).strip()
    answer = "\n".join(body[index + 1 :]).strip()
    if not answer:
        return prompt, answer, [(body_start + index, "the answer after '## Answer' is empty")]
    return prompt, answer, []


def _nesting_problems(body: list[str], fences: list[Fence], body_start: int) -> Found:
    """The first line outside code nested deeper than the renderer will follow."""
    inside = _fenced_indexes(fences, body_start)
    for index, line in enumerate(body):
        if index not in inside and too_deep(line):
            return [(body_start + index, NESTING_MESSAGE)]
    return []


def _scan_fences(body: list[str], first_line: int) -> tuple[list[Fence], list[tuple[int, str]], list[str]]:
    """Find fenced code blocks; also return the body with our own fence flags removed.

    The ``runnable`` and ``output`` flags are ours, not Markdown's, so they are
    taken out of the fence line before the text reaches the renderer, which
    gets classes (and for an output block the title "Output") instead.
    """
    fences: list[Fence] = []
    problems: list[tuple[int, str]] = []
    rewritten = list(body)
    index = 0
    while index < len(body):
        match = _FENCE_OPEN_RE.match(body[index])
        if not match or (match.group("marker")[0] == "`" and "`" in match.group("info")):
            index += 1
            continue
        indent, marker = match.group("indent"), match.group("marker")
        words = match.group("info").strip().split()
        language = _fence_language(words)
        flags = {word for word in words[1:] if word in FENCE_FLAGS}
        problems += [(first_line + index, message) for message in _flag_problems(words, flags)]
        if flags:
            rewritten[index] = f"{indent}{marker}{_marked_info(words, flags)}"
        close = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        end = index + 1
        while end < len(body) and not close.match(body[end]):
            end += 1
        opening_line = first_line + index
        if end == len(body):
            problems.append((opening_line, "code block is never closed"))
            break
        output_of = None
        if OUTPUT_FLAG in flags:
            output_of = _output_owner(fences, body, first_line, index)
            if output_of is None:
                problems.append((opening_line, "an output block must directly follow a ```python runnable block"))
            elif language != OUTPUT_LANGUAGE:
                problems.append((opening_line, f"an output block is ```{OUTPUT_LANGUAGE} output, not '{language}'"))
        code = textwrap.dedent("\n".join(line.removeprefix(indent) for line in body[index + 1 : end]))
        fences.append(
            Fence(
                line=opening_line,
                end_line=first_line + end,
                language=language,
                code=code,
                runnable=RUNNABLE_FLAG in flags,
                output_of=output_of,
                server_only=SERVER_ONLY_FLAG in flags,
            )
        )
        index = end + 1
    return fences, problems, rewritten


def _flag_problems(words: list[str], flags: set[str]) -> list[str]:
    """What is wrong with the flags on one fence line: classes written by hand, unknown or misplaced flags."""
    found = []
    if {f".{flag}" for flag in FENCE_FLAGS} & {word.strip("{}") for word in words}:
        found.append("write ```python runnable or ```text output, not the classes")
    if words and not words[0].startswith("{"):
        known = ", ".join(FENCE_FLAGS)
        found += [
            f"unknown code block flag '{word}' (known: {known})"
            for word in words[1:]
            if _FLAG_WORD_RE.match(word) and word not in FENCE_FLAGS
        ]
    if SERVER_ONLY_FLAG in flags and RUNNABLE_FLAG not in flags:
        found.append(f"'{SERVER_ONLY_FLAG}' marks a runnable block: write ```python runnable {SERVER_ONLY_FLAG}")
    return found


def _marked_info(words: list[str], flags: set[str]) -> str:
    """The fence's info string with our flags turned into classes on the rendered block.

    The page finds runnable blocks, and the output blocks to hide for "predict
    the output", by these classes; an info string already in braces is left
    without them.
    """
    rest = [word for word in words[1:] if word not in flags]
    if OUTPUT_FLAG in flags:
        rest.append(f'title="{OUTPUT_TITLE}"')
    if words[0].startswith("{"):
        return " ".join([words[0], *rest])
    # A server-only block is rendered as a plain highlighted block: no "runnable" class, no Run button.
    shown = flags - {RUNNABLE_FLAG} if SERVER_ONLY_FLAG in flags else flags
    classes = [f".{words[0]}", *(f".{flag}" for flag in sorted(shown))]
    return "{" + " ".join(classes + rest) + "}"


def _fence_language(words: list[str]) -> str:
    language = words[0].lower() if words else ""
    return language.lstrip("{.").rstrip("}") if language.startswith("{") else language


def _output_owner(fences: list[Fence], body: list[str], first_line: int, index: int) -> int | None:
    """The line of the runnable block an output block at ``index`` belongs to, if only blank lines part them."""
    if not fences or not fences[-1].runnable:
        return None
    previous = fences[-1]
    between = body[previous.end_line - first_line + 1 : index]
    return previous.line if all(not line.strip() for line in between) else None


def _check_fence(fence: Fence) -> list[tuple[int, str]]:
    if not fence.language:
        return [(fence.line, "code block has no language; write e.g. ```python or ```text")]
    if fence.runnable and fence.language not in PYTHON_LANGUAGES:
        return [(fence.line, f"only python blocks can be runnable, not '{fence.language}'")]
    if fence.language in PYTHON_LANGUAGES:
        try:
            ast.parse(fence.code)
        except SyntaxError as error:
            line = fence.line + (error.lineno or 1)
            return [(line, f"python code does not parse: {error.msg}")]
    return []


def _fenced_indexes(fences: list[Fence], body_start: int) -> set[int]:
    """Body indexes inside code blocks, where headings and links mean nothing."""
    return {index for fence in fences for index in range(fence.line - body_start, fence.end_line - body_start + 1)}


def _find_answer_heading(body: list[str], fences: list[Fence], body_start: int) -> int | None:
    inside = _fenced_indexes(fences, body_start)
    for index, line in enumerate(body):
        if index not in inside and line.rstrip() == ANSWER_HEADING:
            return index
    return None


def _find_links(body: list[str], fences: list[Fence], body_start: int) -> list[CardLink]:
    inside = _fenced_indexes(fences, body_start)
    return [
        CardLink(target=match.group("target"), line=body_start + index)
        for index, line in enumerate(body)
        if index not in inside
        for match in _CARD_LINK_RE.finditer(line)
    ]


def _card_links(body: list[str], fences: list[Fence], body_start: int) -> tuple[list[CardLink], Found]:
    links = _find_links(body, fences, body_start)
    return links, [
        (link.line, f"card link 'id:{link.target}' must name a card id") for link in links if not is_slug(link.target)
    ]

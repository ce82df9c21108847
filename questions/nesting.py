"""How deeply a text nests lists and quotes, so that too-deep text is refused before it is rendered.

Python-Markdown recurses once per level of lists and quotes; far below the
interpreter's limit no real text goes. Deeper input (a note made of thousands
of ``- `` markers) is refused up front with a clear message, here for notes
and at validation for card files.
"""

from __future__ import annotations

import re

MAX_NESTING = 32
_BLOCK_MARKER = re.compile(r"(?:[-+*](?:[ \t]+|$)|\d{1,9}[.)](?:[ \t]+|$)|>[ \t]*)")


def nesting_depth(line: str) -> int:
    """How deep one line nests: its list and quote markers, plus one level per four columns of indent."""
    stripped = line.lstrip(" \t")
    indent = len(line.expandtabs(4)) - len(stripped.expandtabs(4)) if stripped else 0
    depth, position = indent // 4, 0
    while (match := _BLOCK_MARKER.match(stripped, position)) and match.end() > position:
        depth, position = depth + 1, match.end()
    return depth


def too_deep(line: str) -> bool:
    # Each level takes at least one character, so short lines need no look.
    return len(line) > MAX_NESTING and nesting_depth(line) > MAX_NESTING


NESTING_MESSAGE = f"lists or quotes nested more than {MAX_NESTING} levels deep; flatten them"


def nesting_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first line nested deeper than ``MAX_NESTING``, else None."""
    for number, line in enumerate(text.split("\n"), start=1):
        if too_deep(line):
            return number, NESTING_MESSAGE
    return None

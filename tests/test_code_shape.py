"""No function outside migrations and tests over 60 lines, no class over 150: the house rule, checked."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {"tests", "migrations", ".venv", "node_modules"}
MAX_FUNCTION, MAX_CLASS = 60, 150


def _sources() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED & set(path.relative_to(ROOT).parts) and not path.relative_to(ROOT).parts[0].startswith(".")
    ]


def _too_long() -> list[str]:
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                limit = MAX_CLASS if isinstance(node, ast.ClassDef) else MAX_FUNCTION
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} is {length} lines")
    return found


def test_no_function_over_60_lines_and_no_class_over_150():
    assert _too_long() == []


def test_the_check_sees_the_code_it_is_about():
    assert ROOT / "practice" / "learners" / "account.py" in _sources()
    assert not any("migrations" in path.parts for path in _sources())

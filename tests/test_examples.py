"""check_examples: runnable blocks run in a fresh interpreter, stated output is compared exactly."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.cards import parse_card
from questions.examples import output_mismatch, run_code
from questions.loader import load_bank

from .conftest import card_text

PRINTS_TWO = "```python runnable\nprint(1 + 1)\n```\n\n```text output\n2\n```"


def test_an_output_block_pairs_with_the_runnable_block_above_it():
    card, problems = parse_card(card_text(answer=f"Text.\n\n{PRINTS_TWO}"), "python/a.md")
    assert problems == []
    [example] = card.examples
    assert example.code.code == "print(1 + 1)"
    assert example.expected.code == "2"


def test_an_output_block_is_titled_output_when_rendered():
    card, _ = parse_card(card_text(answer=PRINTS_TWO), "python/a.md")
    assert '```{.text .output title="Output"}' in card.answer


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("```text output\n2\n```", "an output block must directly follow a ```python runnable block"),
        ("```python\nprint(2)\n```\n\n```text output\n2\n```", "an output block must directly follow"),
        ("```python runnable\nprint(2)\n```\n\nWords.\n\n```text output\n2\n```", "must directly follow"),
        ("```python runnable\nprint(2)\n```\n```json output\n2\n```", "an output block is ```text output, not 'json'"),
    ],
)
def test_a_misplaced_output_block_is_a_problem_at_its_line(bank, answer, message):
    lines = bank.write("python/a.md", answer=answer).read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.endswith(" output"))
    [problem] = [str(p) for p in load_bank(bank.root).problems]
    assert problem.startswith(f"{bank.shown('python/a.md')}:{line}: ")
    assert message in problem


def test_a_block_cannot_claim_the_runnable_class_without_the_flag(bank):
    # Such a block would get Run buttons on the page without ever being checked.
    bank.write("python/a.md", answer="```{.python .runnable}\nprint(2)\n```")
    [problem] = [str(p) for p in load_bank(bank.root).problems]
    assert "write ```python runnable or ```text output, not the classes" in problem


def test_output_mismatch_ignores_trailing_white_space_only():
    assert output_mismatch("a\nb\n", "a  \nb\n\n") is None
    diff = output_mismatch("[1, 2]\n", "[2, 1]\n")
    assert "-[1, 2]" in diff and "+[2, 1]" in diff
    assert output_mismatch("a", " a") is not None


def test_run_code_is_isolated_from_the_environment(monkeypatch):
    monkeypatch.setenv("PYTHONSTARTUP", "/nonexistent")
    monkeypatch.setenv("SECRET_KEY", "do-not-leak")
    run = run_code("import os, sys; print(sys.flags.isolated, os.environ.get('SECRET_KEY'))")
    assert run.stdout == "1 None\n"


def test_command_passes_a_true_claim_and_counts_it(bank, capsys):
    bank.write("python/a.md", answer=PRINTS_TWO)
    call_command("check_examples")
    assert "1 examples ran, 1 with their output checked." in capsys.readouterr().out


def test_command_reports_a_wrong_claim_with_path_line_and_diff(bank, capsys):
    path = bank.write("python/a.md", answer=PRINTS_TWO.replace("\n2\n", "\n3\n"))
    line = path.read_text().splitlines().index("```python runnable") + 1
    with pytest.raises(CommandError) as raised:
        call_command("check_examples")
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert f"{bank.shown('python/a.md')}:{line}: printed output differs from the output block:" in err
    assert "-3" in err and "+2" in err


def test_command_reports_an_exception_and_a_timeout(bank, capsys):
    bank.write("python/a.md", answer="```python runnable\nassert 1 == 2, 'nope'\n```")
    bank.write("python/b.md", answer="```python runnable\nwhile True:\n    pass\n```")
    with pytest.raises(CommandError, match="2 of 2 example"):
        call_command("check_examples", "--timeout", "3")
    err = capsys.readouterr().err
    assert "runnable block failed: AssertionError: nope" in err
    assert "runnable block did not finish in 3 s" in err


def test_command_checks_only_the_given_folder(bank, capsys):
    bank.write("python/a.md", answer=PRINTS_TWO)
    bank.write("sql/b.md", answer="```python runnable\nraise SystemExit(3)\n```")
    call_command("check_examples", str(bank.root / "python"))
    assert "1 examples ran" in capsys.readouterr().out


def test_command_annotates_for_github(bank, capsys):
    path = bank.write("python/a.md", answer=PRINTS_TWO.replace("\n2\n", "\n3\n"))
    line = path.read_text().splitlines().index("```python runnable") + 1
    with pytest.raises(CommandError):
        call_command("check_examples", "--format", "github")
    out = capsys.readouterr().out
    assert out.startswith(f"::error file={bank.shown('python/a.md')},line={line},title=Example failed::printed output")
    assert "%0A" in out and "\n-3" not in out

"""One test per validation rule; each checks the exact ``path:line: message``."""

import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.loader import MAX_CARD_BYTES, load_bank


def problems_of(bank) -> list[str]:
    return [str(problem) for problem in load_bank(bank.root).problems]


def test_it_accepts_a_valid_bank(bank):
    bank.write("python/a.md")
    result = load_bank(bank.root)
    assert result.ok
    assert [f.card.id for f in result.files] == ["a"]


def test_it_reports_a_file_that_is_not_utf8(bank):
    path = bank.root / "python" / "latin1.md"
    path.parent.mkdir()
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert problems_of(bank) == [f"{bank.shown('python/latin1.md')}:2: file is not valid UTF-8 text"]


def test_it_reports_an_unreadable_file(bank):
    path = bank.write("python/secret.md")
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as root: file permissions cannot make a file unreadable")
    assert problems_of(bank) == [f"{bank.shown('python/secret.md')}:1: cannot read file: Permission denied"]


def test_it_reports_missing_front_matter(bank):
    bank.write("python/a.md", "Just text\n\n## Answer\n\nText\n")
    assert problems_of(bank) == [
        f"{bank.shown('python/a.md')}:1: missing front matter: the file must start with a '---' line"
    ]


def test_it_reports_unclosed_front_matter(bank):
    bank.write("python/a.md", "---\ntitle: x\n\n## Answer\n")
    assert problems_of(bank) == [
        f"{bank.shown('python/a.md')}:1: front matter is not closed: add a '---' line after the keys"
    ]


def test_it_reports_malformed_yaml_with_its_line(bank):
    bank.write("python/a.md", "---\ntitle: ok\ntags: [a, b\ndifficulty: easy\n---\n\n## Answer\n\nx\n")
    (problem,) = problems_of(bank)
    assert problem.startswith(f"{bank.shown('python/a.md')}:3: front matter is not valid YAML:")  # where [ opened


def test_it_reports_front_matter_that_is_not_a_mapping(bank):
    bank.write("python/a.md", "---\n- just\n- a list\n---\n\n## Answer\n\nx\n")
    assert problems_of(bank) == [
        f"{bank.shown('python/a.md')}:2: front matter must be a mapping of keys (key: value lines)"
    ]


def test_it_reports_a_missing_title(bank):
    bank.write("python/a.md", "---\ndifficulty: easy\n---\n\n## Answer\n\nx\n")
    assert problems_of(bank) == [f"{bank.shown('python/a.md')}:1: missing 'title' in the front matter"]


def test_it_reports_an_unknown_key_with_a_suggestion(bank):
    bank.write("python/a.md", card_text_with("dificulty: hard"))
    assert problems_of(bank) == [
        f"{bank.shown('python/a.md')}:5: unknown key 'dificulty' (did you mean 'difficulty'?); "
        "allowed keys: id, title, tags, difficulty, aliases, topic"
    ]


def test_it_reports_an_unknown_difficulty(bank):
    bank.write("python/a.md", "---\ntitle: T\ndifficulty: medum\n---\n\n## Answer\n\nx\n")
    assert problems_of(bank) == [
        f"{bank.shown('python/a.md')}:3: unknown difficulty 'medum'; use one of: easy, medium, hard"
    ]


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ("fastapi", "tags must be a list, e.g. tags: [one, two]"),
        ("[Async IO]", "tags entry 'Async IO' must be a lowercase slug (letters, digits, hyphens)"),
        ("[a, a]", "tags entry 'a' is listed twice"),
    ],
)
def test_it_reports_tags_that_are_not_a_list_of_slugs(bank, tags, message):
    bank.write("python/a.md", tags=tags)
    assert problems_of(bank) == [f"{bank.shown('python/a.md')}:4: {message}"]


def test_it_reports_a_duplicate_id_across_files(bank):
    bank.write("python/a.md", extra="id: shared")
    bank.write("sql/b.md", extra="id: shared")
    assert problems_of(bank) == [
        f"{bank.shown('sql/b.md')}:5: id 'shared' is already used as the id of {bank.shown('python/a.md')}"
    ]


def test_it_reports_an_alias_that_clashes_with_another_card(bank):
    bank.write("python/a.md")
    bank.write("python/b.md", extra="aliases: [a]")
    assert problems_of(bank) == [
        f"{bank.shown('python/b.md')}:5: alias 'a' is already used as the id of {bank.shown('python/a.md')}"
    ]


def test_it_reports_a_missing_answer_heading(bank):
    bank.write("python/a.md", "---\ntitle: T\ndifficulty: easy\n---\n\nOnly a prompt.\n")
    assert problems_of(bank) == [
        f"{bank.shown('python/a.md')}:5: missing '## Answer' heading that separates the prompt from the answer"
    ]


def test_it_reports_an_empty_answer(bank):
    bank.write("python/a.md", "---\ntitle: T\ndifficulty: easy\n---\n\nPrompt.\n\n## Answer\n\n")
    assert problems_of(bank) == [f"{bank.shown('python/a.md')}:8: the answer after '## Answer' is empty"]


def test_it_reports_a_code_block_without_a_language(bank):
    bank.write("python/a.md", answer="Text\n\n```\nplain\n```")
    assert problems_of(bank) == [
        f"{bank.shown('python/a.md')}:13: code block has no language; write e.g. ```python or ```text"
    ]


def test_it_reports_an_unclosed_code_block(bank):
    bank.write("python/a.md", answer="```python\nx = 1")
    assert problems_of(bank) == [f"{bank.shown('python/a.md')}:11: code block is never closed"]


def test_it_reports_python_that_does_not_parse_at_its_line(bank):
    bank.write("python/a.md", answer="Text\n\n```python\nx = 1\ndef broken(:\n    pass\n```")
    assert problems_of(bank) == [f"{bank.shown('python/a.md')}:15: python code does not parse: invalid syntax"]


def test_it_reports_a_file_over_the_size_limit(bank):
    bank.write("python/big.md", answer="x" * (MAX_CARD_BYTES + 1))
    assert problems_of(bank) == [f"{bank.shown('python/big.md')}:1: file is 256 KiB; a card may be at most 256 KiB"]


def test_it_reports_a_symlinked_file(bank, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: T\ndifficulty: easy\n---\n\n## Answer\n\nx\n")
    (bank.root / "python").mkdir()
    (bank.root / "python" / "link.md").symlink_to(outside)
    assert problems_of(bank) == [
        f"{bank.shown('python/link.md')}:1: symbolic link; cards must be real files inside the content folder"
    ]


def test_it_reports_a_symlinked_folder(bank, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    bank.root.joinpath("linked").symlink_to(tmp_path / "elsewhere")
    assert problems_of(bank) == [
        f"{bank.shown('linked')}:1: symbolic link to a folder; cards must be real files inside the content folder"
    ]


def test_it_reports_a_card_outside_a_topic_folder(bank):
    bank.write("loose.md")
    assert problems_of(bank) == [
        f"{bank.shown('loose.md')}:1: a card must live in a topic folder: content/<topic>/<slug>.md"
    ]


def test_it_reports_a_link_to_a_missing_card(bank):
    bank.write("python/a.md", answer="See [b](id:nowhere).")
    assert problems_of(bank) == [f"{bank.shown('python/a.md')}:11: link to unknown card 'id:nowhere'"]


def test_it_reports_two_topic_names_for_one_folder(bank):
    bank.write("python/a.md", extra="topic: Python")
    bank.write("python/b.md", extra="topic: Snakes")
    assert problems_of(bank) == [
        f"{bank.shown('python/b.md')}:5: topic 'Snakes' differs from 'Python' in {bank.shown('python/a.md')}; "
        "cards in one folder share a topic name"
    ]


def test_it_lists_every_problem_in_one_run(bank):
    bank.write("python/a.md", "---\ntitle: ''\ndifficulty: medum\ncolour: red\n---\n\nNo answer.\n")
    bank.write("python/b.md", answer="```\nx\n```")
    assert len(problems_of(bank)) == 5


def test_command_prints_path_line_and_exits_1(bank, capsys):
    bank.write("python/ok.md")
    bank.write("python/bad.md", "---\ntitle: T\ndifficulty: medum\n---\n\n## Answer\n\nx\n")
    with pytest.raises(CommandError) as raised:
        call_command("validate_questions")
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert f"{bank.shown('python/bad.md')}:3: unknown difficulty 'medum'" in err


def test_command_reports_on_the_given_paths_only(bank, capsys):
    bank.write("python/ok.md")
    bank.write("sql/bad.md", "---\ntitle: T\ndifficulty: medum\n---\n\n## Answer\n\nx\n")
    call_command("validate_questions", str(bank.root / "python"))
    assert "1 cards and 0 plans OK" in capsys.readouterr().out


def test_command_refuses_a_path_outside_the_content_folder(bank, tmp_path, capsys):
    bank.write("python/ok.md")
    stray = tmp_path / "stray.md"
    stray.write_text("x")
    with pytest.raises(CommandError):
        call_command("validate_questions", str(stray))
    assert f"{stray}:1: outside the content folder 'content/'" in capsys.readouterr().err


def card_text_with(line: str) -> str:
    return f"---\ntitle: T\ndifficulty: easy\ntags: [a]\n{line}\n---\n\n## Answer\n\nx\n"


def test_command_annotates_each_problem_for_github(bank, capsys):
    bank.write("python/bad.md", "---\ntitle: T\ndifficulty: medum\n---\n\n## Answer\n\nSee [x](id:nowhere).\n")
    with pytest.raises(CommandError):
        call_command("validate_questions", "--format", "github")
    assert capsys.readouterr().out.splitlines() == [
        f"::error file={bank.shown('python/bad.md')},line=3,title=Card problem::unknown difficulty 'medum'; use one of: easy, medium, hard",
    ]


def test_github_annotations_escape_what_the_runner_would_misread():
    from questions.cards import Problem

    problem = Problem("content/a,b:c.md", 4, "50% off\nsecond line")
    assert (
        problem.formatted("github", "T, 1")
        == "::error file=content/a%2Cb%3Ac.md,line=4,title=T%2C 1::50%25 off%0Asecond line"
    )
    assert problem.formatted("text", "T") == "content/a,b:c.md:4: 50% off\nsecond line"


def test_it_reports_lists_nested_too_deep_at_their_line(bank):
    bank.write("python/a.md", answer="Fine.\n\n" + "- " * 200 + "deep")
    [problem] = problems_of(bank)
    lines = (bank.root / "python/a.md").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("- - -"))
    assert (
        problem == f"{bank.shown('python/a.md')}:{line}: lists or quotes nested more than 32 levels deep; flatten them"
    )


def test_it_reports_a_front_matter_key_given_twice(bank):
    bank.write("python/a.md", "---\ntitle: First\ndifficulty: easy\ntitle: Second\n---\n\n## Answer\n\nx\n")
    assert problems_of(bank) == [
        f"{bank.shown('python/a.md')}:4: key 'title' is given twice (first on line 2); YAML would silently keep the last"
    ]


def test_an_alias_clashing_with_a_later_cards_id_is_reported_at_the_alias(bank):
    bank.write("python/a.md", extra="aliases: [zz]")
    bank.write("python/zz.md")
    assert problems_of(bank) == [
        f"{bank.shown('python/a.md')}:5: alias 'zz' is already used as the id of {bank.shown('python/zz.md')}"
    ]

"""The card parser on its own: text in, card or problems out, no database."""

from questions.cards import default_topic_name, parse_card

from .conftest import card_text


def parse(text: str, path: str = "python/fastapi/sample.md"):
    return parse_card(text, path)


def test_it_reads_front_matter_and_splits_prompt_from_answer():
    text = card_text(
        "Why async?", difficulty="hard", tags="[fastapi, asyncio]", extra="aliases: [old-id]\ntopic: Python / FastAPI"
    )
    card, problems = parse(text)
    assert problems == []
    assert card.id == "sample"
    assert card.title == "Why async?"
    assert card.difficulty == "hard"
    assert card.tags == ["fastapi", "asyncio"]
    assert card.aliases == ["old-id"]
    assert card.topic_path == "python/fastapi"
    assert card.topic_name == "Python / FastAPI"
    assert card.prompt == "Some context."
    assert card.answer == "A card used by the tests."


def test_it_uses_the_id_key_over_the_file_name():
    card, _ = parse(card_text(extra="id: explicit-id"))
    assert card.id == "explicit-id"


def test_it_splits_at_the_first_answer_heading_only():
    card, _ = parse(card_text(answer="First part.\n\n## Answer\n\nStill the answer."))
    assert card.prompt == "Some context."
    assert "## Answer" in card.answer and card.answer.endswith("Still the answer.")


def test_it_ignores_an_answer_heading_inside_a_code_block():
    text = card_text(prompt="```markdown\n## Answer\n```", answer="Real answer.")
    card, problems = parse(text)
    assert problems == []
    assert card.prompt == "```markdown\n## Answer\n```"
    assert card.answer == "Real answer."


def test_it_accepts_windows_line_endings_and_a_bom():
    card, problems = parse("\ufeff" + card_text().replace("\n", "\r\n"))
    assert problems == []
    assert card.title == "What is a test card?"


def test_it_finds_fences_with_file_line_numbers():
    text = card_text(answer="Text.\n\n```python runnable\nprint('hi')\n```\n\n```sql\nSELECT 1;\n```")
    card, _ = parse(text)
    assert [(f.language, f.runnable) for f in card.fences] == [("python", True), ("sql", False)]
    first_line = text.splitlines()[card.fences[0].line - 1]
    assert first_line == "```python runnable"


def test_it_turns_the_runnable_flag_into_a_class_before_rendering():
    card, _ = parse(card_text(answer='```python runnable title="demo.py"\nx = 1\n```'))
    assert card.answer.splitlines()[0] == '```{.python .runnable title="demo.py"}'
    assert card.runnable_blocks[0].code == "x = 1"


def test_a_server_only_block_is_still_an_example_but_rendered_without_the_runnable_class():
    text = card_text(answer="```python runnable server-only\nimport sqlite3\nprint(1)\n```\n\n```text output\n1\n```")
    card, problems = parse(text)
    assert problems == []
    assert [(ex.code.server_only, ex.expected.code) for ex in card.examples] == [(True, "1")]
    assert card.answer.splitlines()[0] == "```{.python .server-only}"


def test_unknown_and_misplaced_fence_flags_are_reported_at_their_line():
    text = card_text(answer="```python runnable server_only\nx = 1\n```\n\n```python server-only\ny = 2\n```")
    _, problems = parse(text)
    lines = text.splitlines()
    messages = {(lines[p.line - 1], p.message.split(" (")[0].split(":")[0]) for p in problems}
    assert messages == {
        ("```python runnable server_only", "unknown code block flag 'server_only'"),
        ("```python server-only", "'server-only' marks a runnable block"),
    }


def test_it_collects_card_links_outside_code():
    text = card_text(
        answer="See [a](id:first) and [b](id:second).\n\n```text\n[c](id:in-code)\n```\n\n[a again](id:first)"
    )
    card, _ = parse(text)
    assert card.link_targets == ["first", "second"]


def test_default_topic_name_title_cases_each_folder():
    assert default_topic_name("system-design/caching") == "System Design / Caching"

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.loader import load_bank


def test_it_writes_a_card_that_validates_and_prints_its_path(bank, capsys):
    call_command("new_question", "python/fastapi", 'What does "Depends" do: really?', tags="fastapi,di")
    path = capsys.readouterr().out.strip()
    assert path == str(bank.root / "python/fastapi/what-does-depends-do-really.md")
    result = load_bank(bank.root)
    assert result.ok, result.problems
    (item,) = result.files
    assert item.card.title == 'What does "Depends" do: really?'
    assert item.card.tags == ["fastapi", "di"]


def test_it_picks_a_unique_id(bank, capsys):
    bank.write("python/other/what-is-a-test-card.md")
    call_command("new_question", "python/fastapi", "What is a test card?")
    assert capsys.readouterr().out.strip().endswith("python/fastapi/what-is-a-test-card-2.md")
    assert load_bank(bank.root).ok


@pytest.mark.parametrize(
    ("topic", "title", "tags", "message"),
    [
        ("Python/FastAPI", "Title?", "", "topic 'Python/FastAPI' must be a folder path of lowercase slugs"),
        ("python", "   ", "", "the title must not be empty"),
        ("python", "Title?", "Bad Tag", "tags must be lowercase slugs: Bad Tag"),
    ],
)
def test_it_refuses_bad_arguments_with_a_clear_message(bank, topic, title, tags, message):
    with pytest.raises(CommandError, match=message):
        call_command("new_question", topic, title, tags=tags)
    assert list(bank.root.rglob("*.md")) == []

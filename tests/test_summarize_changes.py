"""The pull request's job summary: the cards added, changed and removed since the base, with their titles."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from questions.changes import CardChange, parse_name_status, summary_markdown

from .gitrepo import git_bank


@pytest.fixture
def repo(tmp_path, settings):
    bank = git_bank(tmp_path, settings)
    # Answers of their own, so that git never takes one card for a rename of another.
    bank.write("python/keep.md", title="Which card stays as it is?", answer="Kept as it is. " * 9)
    bank.write("python/edit.md", title="Which card is edited?", answer="Edited later on. " * 9)
    bank.write("python/retitle.md", title="What was this card called?", answer="Titled again. " * 9)
    bank.write("git/remove.md", title="Which card goes away?", answer="Removed in the pull request. " * 9)
    bank.write("git/move.md", title="Which card moves to another topic?", answer="Moved elsewhere. " * 9)
    bank.write("README.md", "# Not a card\n")
    bank.base = bank.commit("base")
    return bank


def summary(ref: str) -> str:
    out = StringIO()
    call_command("summarize_changes", ref, stdout=out)
    return out.getvalue()


def test_it_lists_added_changed_and_removed_cards_with_their_titles(repo):
    repo.write("python/new.md", title="Which card is new?", answer="Brand new. " * 9)
    repo.write("python/edit.md", title="Which card is edited?", answer="Edited later on, and better. " * 9)
    repo.write("python/retitle.md", title="What is this card called now?", answer="Titled again. " * 9)
    (repo.root / "git/remove.md").unlink()
    (repo.root / "sql").mkdir()
    (repo.root / "git/move.md").rename(repo.root / "sql/move.md")
    (repo.root / "README.md").write_text("# Still not a card, edited\n")
    repo.commit("the pull request")

    text = summary(repo.base)

    assert "2 added, 3 changed, 1 removed" not in text  # a move is a change, not an addition
    assert "1 added, 3 changed, 1 removed" in text
    added, rest = text.split("### Added (1)")[1].split("### Changed (3)")
    changed, removed = rest.split("### Removed (1)")
    assert "Which card is new? — `content/python/new.md`" in added
    assert "Which card is edited? — `content/python/edit.md`" in changed
    assert "What is this card called now? — `content/python/retitle.md` (was: What was this card called?)" in changed
    assert "Which card moves to another topic? — `content/sql/move.md`, moved from `content/git/move.md`" in changed
    assert "Which card goes away? — `content/git/remove.md`" in removed
    assert "keep.md" not in text and "README" not in text


def test_uncommitted_and_untracked_cards_count_too(repo):
    repo.write("python/draft.md", title="Which card is only a draft?")
    repo.write("python/edit.md", title="Which card is edited?", answer="Edited, not committed.")
    text = summary("HEAD")
    assert "Which card is only a draft? — `content/python/draft.md`" in text.split("### Added (1)")[1]
    assert "Which card is edited?" in text.split("### Changed (1)")[1]


def test_no_change_says_so(repo):
    assert "No card files were added, changed or removed." in summary(repo.base)


def test_a_broken_card_is_still_named_by_its_title(repo):
    repo.write("python/broken.md", "---\ntitle: Which card forgot its answer?\ndifficulty: easy\n---\n\nNo answer.\n")
    assert "Which card forgot its answer? — `content/python/broken.md`" in summary(repo.base)


def test_titles_are_shown_literally(repo):
    repo.write("python/odd.md", title="Why is `a | b` <b>*bold*</b>?")
    text = summary(repo.base)
    assert r"Why is \`a \| b\` &lt;b&gt;\*bold\*&lt;/b&gt;?" in text


def test_an_unknown_ref_is_an_error(repo):
    with pytest.raises(CommandError, match="no-such-ref"):
        summary("no-such-ref")


def test_renames_copies_and_non_card_files_in_git_output():
    fields = ["M", "a/x.md", "R090", "a/y.md", "b/y.md", "A", "a/README.md", "D", "a/z.md"]
    fields += ["R100", "notes.txt", "a/w.md", "C075", "a/x.md", "c/x.md", "R100", "a/v.md", "a/v.txt"]
    assert parse_name_status("\0".join(fields) + "\0") == [
        CardChange("removed", "a/v.md"),
        CardChange("added", "a/w.md"),
        CardChange("changed", "a/x.md"),
        CardChange("removed", "a/z.md"),
        CardChange("changed", "b/y.md", "a/y.md"),
        CardChange("added", "c/x.md"),
    ]


def test_an_empty_summary_renders_without_a_change():
    assert summary_markdown([]).startswith("## Question cards in this pull request")

"""The card page's "Report a problem" link opens the repository's issue form with the card filled in."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from questions.models import issues_url_from_edit_url

from .conftest import REPO_ROOT

FORM = REPO_ROOT / ".github" / "ISSUE_TEMPLATE" / "report-a-problem.yml"


def report_link(client, path: str) -> str:
    body = client.get(path).content.decode()
    links = [chunk.split('"', 1)[0].replace("&amp;", "&") for chunk in body.split('href="')[1:]]
    return next(url for url in links if "/issues/new" in url)


def test_the_link_fills_in_the_issue_forms_card_fields(client, synced, settings):
    settings.QUESTIONBANK_ISSUE_URL = "https://github.com/example/bank/issues/new"
    url = urlsplit(report_link(client, "/questions/indexes/"))
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://github.com/example/bank/issues/new"
    assert query["template"] == [FORM.name]
    assert query["card-id"] == ["indexes"] and query["card-path"] == ["content/databases/sql/indexes.md"]
    assert query["title"] == ["Problem with card indexes"]
    fields = {item.get("id") for item in yaml.safe_load(FORM.read_text())["body"]}
    assert {"card-id", "card-path"} <= fields  # the parameters name real fields of the form


def test_a_github_edit_url_is_enough_to_show_the_link(client, synced, settings):
    settings.QUESTIONBANK_ISSUE_URL = ""
    settings.QUESTIONBANK_EDIT_URL = "https://github.com/example/bank/edit/main/content/"
    assert report_link(client, "/questions/indexes/").startswith("https://github.com/example/bank/issues/new?")


def test_no_repository_no_link(client, synced, settings):
    settings.QUESTIONBANK_ISSUE_URL = ""
    settings.QUESTIONBANK_EDIT_URL = "https://code.example/bank/edit/main/content/"
    assert "/issues/new" not in client.get("/questions/indexes/").content.decode()


def test_issue_urls_come_only_from_github_edit_urls():
    assert issues_url_from_edit_url("https://github.com/o/r/edit/main/content/") == "https://github.com/o/r/issues/new"
    assert issues_url_from_edit_url("https://gitlab.com/o/r/-/edit/main/content/") == ""
    assert issues_url_from_edit_url("") == ""


def test_every_issue_form_parses_and_names_its_fields():
    for path in sorted(Path(FORM.parent).glob("*.yml")):
        form = yaml.safe_load(path.read_text())
        if path.name == "config.yml":
            continue
        assert form["name"] and form["description"] and form["body"], path.name
        ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
        assert len(ids) == len(set(ids)), path.name

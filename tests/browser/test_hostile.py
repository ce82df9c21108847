"""The hostile corpus in a real browser: nothing runs, nothing is even attempted."""

import pytest
from playwright.sync_api import expect

from questions.sync import sync_bank

from ..test_rendering import HOSTILE

pytestmark = pytest.mark.browser


@pytest.fixture
def hostile_site(live_server, transactional_db, bank):
    payloads = "\n\n".join(f"Payload {number}:\n\n{source}" for number, (source, _) in enumerate(HOSTILE))
    bank.write("security/hostile.md", title="Hostile card", answer=f"Start.\n\n{payloads}\n\nEnd of corpus.")
    result = sync_bank(bank.root)
    assert result.ok, result.problems
    return live_server.url


def test_no_payload_runs_or_is_blocked_in_the_browser(page, hostile_site, screenshot, console_errors):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{hostile_site}/questions/hostile/")
    page.get_by_text("Show answer", exact=True).click()
    expect(page.locator(".answer-body")).to_contain_text("Payload 0")
    page.locator(".answer-body").hover()
    page.keyboard.press("Tab")
    assert dialogs == []
    assert not [url for url in requests if "evil.example" in url]
    assert (
        page.evaluate("document.querySelectorAll('.answer-body script, .answer-body iframe, .answer-body svg').length")
        == 0
    )
    assert (
        page.evaluate(
            "[...document.querySelectorAll('.answer-body *')].some(el => [...el.attributes].some(a => a.name.startsWith('on')))"
        )
        is False
    )
    screenshot("hostile-card")
    # Harmless leftovers: plain <img src="x"> tags that point at nothing on this site.
    console_errors[:] = [error for error in console_errors if "status of 404" not in error or "/hostile/x" not in error]
    # the page fixture fails the test on any other console error, CSP violations included

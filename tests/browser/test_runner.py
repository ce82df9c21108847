"""Running the bank's Python examples in the page, with Pyodide in a Web Worker."""

import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from questions.loader import load_bank

from ..conftest import REPO_ROOT

pytestmark = pytest.mark.browser

CLOSURES = "/questions/python-closures-late-binding/"
CLOSURES_OUTPUT = "[20, 20, 20]\n['c', 'c', 'c']\n[0, 10, 20]"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# One block runs in the page; the other asserts 64-bit reference counts, so it is ```python runnable server-only.
MIXED_CARD = "/questions/memory-reference-counting-getrefcount/"


@pytest.fixture
def offsite(context) -> list[str]:
    """Every request the browser tried to send beyond this machine; the test asserts there were none."""
    attempted: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield attempted
    assert attempted == [], f"requests left the site: {attempted}"


@pytest.fixture
def csp_violations(page) -> list[str]:
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield page
    assert page.evaluate("window.__csp") == []


def open_answer(page, site, path=CLOSURES):
    page.goto(f"{site}{path}")
    page.get_by_text("Show answer", exact=True).click()
    return page.locator(".run-block").first


def test_run_shows_the_output_of_a_real_card_and_a_prediction_is_judged(
    page, bank_site, offsite, csp_violations, screenshot
):
    block = open_answer(page, bank_site)
    expect(block.locator(".highlight.output")).to_be_hidden()
    prediction = block.get_by_label("What will it print?")
    prediction.fill("[0, 10, 20]\n['a', 'b', 'c']\n[0, 10, 20]")
    block.get_by_role("button", name="Run").click()
    expect(block.locator(".run-verdict")).to_have_text(re.compile("Not quite"), timeout=60_000)
    expect(block.locator(".run-compare .run-output").last).to_have_text(CLOSURES_OUTPUT)
    screenshot("runner-prediction-miss")

    prediction.fill(CLOSURES_OUTPUT + "\n")
    prediction.press("Control+Enter")
    expect(block.locator(".run-verdict")).to_have_text("✓ Your prediction matches the output.")


def test_an_exception_shows_its_traceback_and_edit_run_reset(page, bank_site, offsite, csp_violations, screenshot):
    block = page.locator(".run-block").nth(1)
    open_answer(page, bank_site)
    block.get_by_role("button", name="Edit").click()
    editor = block.get_by_label("Edit the code")
    expect(editor).to_be_focused()
    editor.fill("def f():\n    return 1 / 0\n\nprint('before')\nf()")
    editor.press("Control+Enter")
    output = block.locator(".run-output")
    expect(output).to_contain_text("ZeroDivisionError: division by zero", timeout=60_000)
    expect(output).to_contain_text('File "<string>", line 5, in <module>')
    expect(output.locator(".run-stdout")).to_have_text("before\n")
    expect(block.locator(".run-status")).to_have_text("Exited with an error.")
    screenshot("runner-traceback")

    editor.fill("print(sum(range(5)))")
    block.get_by_role("button", name="Run").click()
    expect(output).to_have_text("10\n")
    block.get_by_role("button", name="Reset").click()
    expect(editor).to_have_count(0)
    expect(block.locator("pre .k").first).to_be_visible()  # highlighted again
    block.get_by_role("button", name="Run").click()
    expect(output).to_have_text("(no output)")
    expect(block.locator(".run-status")).to_have_text(re.compile(r"Ran in \d+ ms"))


def test_an_endless_loop_is_stopped_after_five_seconds_and_the_next_run_works(page, bank_site, offsite):
    open_answer(page, bank_site)
    block = page.locator(".run-block").nth(2)  # prints nothing, has no output block
    block.get_by_role("button", name="Run").click()  # load Python first: the limit is on the run
    expect(block.locator(".run-status")).to_have_text(re.compile("Ran in"), timeout=60_000)

    block.get_by_role("button", name="Edit").click()
    block.get_by_label("Edit the code").fill("while True:\n    pass")
    started = time.monotonic()
    block.get_by_role("button", name="Run").click()
    status = block.locator(".run-status")
    expect(status).to_have_text(re.compile("Stopped after 5 seconds"), timeout=15_000)
    assert 4.5 < time.monotonic() - started < 9

    block.get_by_label("Edit the code").fill("print('alive')")
    block.get_by_role("button", name="Run").click()
    expect(block.locator(".run-output")).to_have_text("alive\n", timeout=60_000)


def test_without_javascript_the_card_is_the_plain_rendered_page(browser, bank_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{bank_site}{CLOSURES}")
    assert page.locator(".run-block, .run-bar, .run-button").count() == 0
    assert page.locator(".highlight.runnable").count() == 3
    output = page.locator(".highlight.output")
    assert output.get_attribute("hidden") is None
    assert output.text_content().strip().endswith("[0, 10, 20]")
    context.close()


def test_without_webassembly_nothing_is_added(page, bank_site):
    page.add_init_script("delete window.WebAssembly;")
    open_answer(page, bank_site)
    assert page.locator(".run-bar").count() == 0
    expect(page.locator(".highlight.output")).to_be_visible()


def test_the_runner_fits_a_phone(page, bank_site, offsite, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    block = open_answer(page, bank_site)
    block.get_by_label("What will it print?").fill("[20, 20, 20]")
    block.get_by_role("button", name="Run").click()
    expect(block.locator(".run-verdict")).to_be_visible(timeout=60_000)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    block.scroll_into_view_if_needed()
    screenshot("runner-phone")


RUN_ALL = """async (examples) => {
  const url = document.querySelector("script[data-worker]").dataset.worker;
  let worker, results = [];
  function start() {
    worker = new Worker(url);
    return new Promise((resolve, reject) => {
      worker.onmessage = (e) => e.data.type === "ready" ? resolve() : e.data.type === "failed" && reject(e.data.message);
      worker.postMessage({type: "load"});
    });
  }
  await start();
  for (const [index, code] of examples.entries()) {
    const out = await new Promise((resolve) => {
      let stdout = "", stderr = "";
      const timer = setTimeout(() => resolve({timedOut: true}), 10000);
      worker.onmessage = (e) => {
        if (e.data.type === "stream") { if (e.data.stream === "stdout") stdout += e.data.text; else stderr += e.data.text; }
        else if (e.data.type === "done") { clearTimeout(timer); resolve({status: e.data.status, stdout, stderr}); }
        else if (e.data.type === "crashed") { clearTimeout(timer); resolve({crashed: e.data.message}); }
      };
      worker.postMessage({type: "run", id: index, code});
    });
    // The next example gets a working interpreter, so one failure is reported as one.
    if (out.timedOut || out.crashed) { worker.terminate(); await start(); }
    results.push(out);
  }
  worker.terminate();
  return results;
}"""


@pytest.mark.one_database
def test_every_runnable_example_in_the_bank_prints_in_the_page_what_check_examples_expects(
    page, bank_site, offsite, console_errors
):
    """One Pyodide, every example not marked server-only: the same verdicts as ``manage.py check_examples``.

    No example may crash the worker or be let off: one that cannot run in a browser is marked
    ``server-only`` in its card, and the page offers no Run button for it.
    """
    from questions.examples import Run, judge

    bank = load_bank(REPO_ROOT / "content")
    examples = [(item.card.path, example) for item in bank.files for example in item.card.examples]
    browser_ready = [(path, example) for path, example in examples if not example.code.server_only]
    assert len(browser_ready) > 190 and sum(ex.expected is not None for _, ex in browser_ready) > 60
    page.goto(f"{bank_site}{CLOSURES}")
    page.set_default_timeout(600_000)
    outcomes = page.evaluate(RUN_ALL, [example.code.code for _, example in browser_ready])
    problems = []
    for (path, example), outcome in zip(browser_ready, outcomes, strict=True):
        stderr = outcome.get("stderr", outcome.get("crashed", ""))
        run = Run(outcome.get("status", -1), outcome.get("stdout", ""), stderr, "timedOut" in outcome)
        problem = judge(example, run, path, timeout=10)
        if problem:
            problems.append(("Python crashed: " if "crashed" in outcome else "") + str(problem))
    assert problems == [], "\n\n".join(problems)
    # A crash is also logged to the console by Pyodide, and the page fixture fails on it.


def test_a_server_only_example_is_a_plain_highlighted_block_without_a_run_button(page, site, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    open_answer(page, site, MIXED_CARD)
    server_only = page.locator(".prose .highlight.server-only")
    expect(server_only).to_have_count(1)
    expect(server_only.locator("pre .kn").first).to_be_visible()  # still highlighted
    expect(page.locator(".run-block")).to_have_count(1)  # the other block is offered as usual
    assert page.locator(".run-block .highlight.server-only").count() == 0
    expect(page.locator(".run-button")).to_have_count(1)
    server_only.scroll_into_view_if_needed()
    screenshot("runner-server-only-phone")


def tab_to_run_button(page) -> None:
    """Press Tab until a Run button has the focus, as someone without a mouse would."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.run-button')"):
            return
    raise AssertionError("Tab never reached a Run button")


def run_from_the_keyboard(page, shortcut: bool) -> None:
    """Run the revealed card's first block: Tab to its Run button and press Enter, or Ctrl+Enter inside it."""
    block = page.locator(".quiz-answer .run-block").first
    if shortcut:
        block.get_by_role("button", name="Edit").focus()
        page.keyboard.press("Control+Enter")
    else:
        tab_to_run_button(page)
        run_box = page.locator(".run-button:focus").bounding_box()
        bar = page.locator(".rating-form")
        if bar.count():  # the sticky rating bar must not hide the focused button
            assert run_box["y"] + run_box["height"] <= bar.bounding_box()["y"]
        page.keyboard.press("Enter")
    expect(block.locator(".run-status")).to_have_text(re.compile(r"Ran in \d+ ms"), timeout=60_000)
    expect(block.locator(".run-output").last).to_be_visible()


def practise_language_cards(page, site, mode: str) -> None:
    page.goto(f"{site}/practice/")
    page.get_by_role("radio", name=mode).check()
    page.get_by_label(re.compile(re.escape("Python / Language"))).check()
    page.get_by_label("Cards", exact=True).select_option("5")
    page.get_by_role("button", name="Start a quiz").click()
    page.wait_for_url(re.compile(r"/practice/quiz/[0-9a-f-]+/$"))


def run_on_two_cards(page, reveal, screenshot, name: str) -> None:
    """Run a block on a card, rate it, and after htmx swaps in the next one, run a block there too.

    All but one Python / Language card have a block that runs in the page, so in five cards
    at least two consecutive ones do.
    """
    ran = 0
    for number in range(1, 6):
        expect(page.locator(".quiz-count")).to_contain_text(f"{number} / 5")
        reveal()
        if page.locator(".quiz-answer .run-block").count():
            run_from_the_keyboard(page, shortcut=ran % 2 == 1)
            ran += 1
            if ran == 1:
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0
                page.locator(".quiz-answer .run-block").first.scroll_into_view_if_needed()
                screenshot(name)
            if ran == 2:
                return
        else:
            ran = 0
        page.keyboard.press("3")
    raise AssertionError("no two consecutive cards had a block to run")


def test_run_in_a_quiz_on_a_phone_from_the_keyboard_and_after_the_next_card_is_swapped_in(
    page, site, offsite, csp_violations, screenshot
):
    page.set_viewport_size({"width": 375, "height": 812})
    practise_language_cards(page, site, "Quiz")

    def reveal():
        page.keyboard.press("Space")
        expect(page.locator("#model-answer-heading")).to_be_focused()

    run_on_two_cards(page, reveal, screenshot, "runner-quiz-phone")


def test_run_in_a_mock_interview_on_a_phone_from_the_keyboard(page, site, offsite, csp_violations, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    practise_language_cards(page, site, "Mock interview")

    def reveal():
        answer = page.locator("#mock-answer")
        expect(answer).to_be_focused()
        answer.fill("It prints what the closure sees at call time.")
        page.keyboard.press("Control+Enter")
        expect(page.locator(".quiz-answer")).to_be_visible()

    run_on_two_cards(page, reveal, screenshot, "runner-mock-phone")


def test_a_long_output_line_scrolls_in_its_own_box_on_a_phone(page, bank_site, offsite, csp_violations, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    block = open_answer(page, bank_site, "/questions/python-tuple-augmented-assignment-puzzle/")
    block.get_by_role("button", name="Run").click()
    expect(block.locator(".run-status")).to_have_text(re.compile(r"Ran in \d+ ms"), timeout=60_000)
    expect(block.locator(".run-compare")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    output = block.locator(".run-compare .run-output").last  # what it printed, beside the prediction
    assert output.evaluate("box => box.scrollWidth > box.clientWidth")  # the line is longer than the box
    screenshot("runner-long-output-phone")

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
PYODIDE_FATAL = r"Pyodide has suffered a fatal error|The cause of the fatal error|Maximum call stack size exceeded"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Pyodide cannot start threads or processes, or open sockets; these examples need them.
SERVER_ONLY = re.compile(
    r"\b(threading|ThreadPoolExecutor|ProcessPoolExecutor|multiprocessing|subprocess|socket"
    r"|sqlite3|import ssl|pbkdf2_hmac)\b"
)
# These assert what 64-bit CPython does (pointer sizes, reference counts, allocation sizes), which
# 32-bit WebAssembly CPython does differently; the async test waits on a timeout Pyodide's event loop lets
# run to the end; the last three overflow a Chromium worker's JavaScript stack before CPython's recursion
# limit is reached (the lru_cache one in gc.collect(); it passes in Node), and the page says Python crashed.
# Now and then another example overflows it too, at random (WebAssembly frames differ in size before and
# after the engine optimises them), so a crash is retried once in a fresh worker.
PLATFORM_SPECIFIC = {
    "algorithms/algo-reverse-linked-list.md",
    "python/language/python-round-bankers-rounding.md",
    "python/language/python-lru-cache-pitfalls.md",
    "python/data-structures/ds-array-bytes-bytearray.md",
    "python/memory/memory-immortal-objects.md",
    "python/memory/memory-reference-counting-getrefcount.md",
    "python/memory/memory-tracemalloc-snapshots.md",
    "testing/testing-async-code-pytest-asyncio-anyio.md",
}


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
  let worker, results = [], crashes = 0;
  function start() {
    worker = new Worker(url);
    return new Promise((resolve, reject) => {
      worker.onmessage = (e) => e.data.type === "ready" ? resolve() : e.data.type === "failed" && reject(e.data.message);
      worker.postMessage({type: "load"});
    });
  }
  await start();
  for (const [index, code] of examples.entries()) {
   for (let attempt = 0; attempt < 2; attempt++) {
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
    if (out.timedOut || out.crashed) { worker.terminate(); await start(); }
    // A crash is retried once in a fresh worker: see the note on PLATFORM_SPECIFIC.
    if (out.crashed && attempt === 0) { crashes++; continue; }
    results.push(out);
    break;
   }
  }
  worker.terminate();
  return {results, crashes};
}"""


@pytest.mark.one_database
def test_every_runnable_example_in_the_bank_prints_in_the_page_what_check_examples_expects(
    page, bank_site, offsite, console_errors
):
    """One Pyodide, every example: the same verdicts as ``manage.py check_examples``."""
    from questions.examples import Run, judge

    bank = load_bank(REPO_ROOT / "content")
    examples = [(item.card.path, example) for item in bank.files for example in item.card.examples]
    browser_ready = [
        (path, ex) for path, ex in examples if not SERVER_ONLY.search(ex.code.code) and path not in PLATFORM_SPECIFIC
    ]
    assert len(browser_ready) > 150 and sum(ex.expected is not None for _, ex in browser_ready) > 60
    page.goto(f"{bank_site}{CLOSURES}")
    page.set_default_timeout(600_000)
    answer = page.evaluate(RUN_ALL, [example.code.code for _, example in browser_ready])
    outcomes = answer["results"]
    assert answer["crashes"] <= 3
    # Pyodide logs its fatal errors to the console; those of the crashes counted above are expected.
    console_errors[:] = [error for error in console_errors if not re.search(PYODIDE_FATAL, error)]
    problems = []
    for (path, example), outcome in zip(browser_ready, outcomes, strict=True):
        stderr = outcome.get("stderr", outcome.get("crashed", ""))
        run = Run(outcome.get("status", -1), outcome.get("stdout", ""), stderr, "timedOut" in outcome)
        problem = judge(example, run, path, timeout=10)
        if problem:
            problems.append(str(problem))
    assert problems == [], "\n\n".join(problems)

"""Largest contentful paint of the card and quiz pages in Chromium, against a bare response.

    python -m bench.lcp [--runs 7]

Serves the repository's bank from a throwaway SQLite database on 127.0.0.1,
loads each page in a fresh browser context (cold cache) and reads the LCP
from the Performance API. Writes bench/results/lcp.json.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import sync_playwright

from bench.common import collect_static, free_port, loopback_site_env, migrate, save, wait_until_healthy

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LCP_JS = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(null), 5000);
})"""


def measure(browser, url: str, runs: int, before=None) -> list[float]:
    samples = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        if before:
            before(page)
        else:
            page.goto(url)
        value = page.evaluate(LCP_JS)
        if value is not None:
            samples.append(value)
        context.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    migrate()
    call_command("sync_questions", verbosity=0)
    port = free_port()
    env = loopback_site_env(port)
    collect_static(env)  # the server runs with DEBUG off, so it serves the collected, hashed files
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    site = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(port)
        with sync_playwright() as playwright:
            launch = {"args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]}
            if CHROMIUM.exists():
                launch["executable_path"] = str(CHROMIUM)
            browser = playwright.chromium.launch(**launch)

            def quiz(page) -> None:
                page.goto(f"{site}/practice/")
                page.get_by_role("button", name="Start a quiz").click()
                page.wait_for_url(re.compile(r"/practice/quiz/"))

            figures = {
                "bare response (/healthz)": measure(browser, f"{site}/healthz", args.runs),
                "card page": measure(browser, f"{site}/questions/fastapi-async-vs-def/", args.runs),
                "quiz card": measure(browser, "", args.runs, before=quiz),
            }
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)

    base = statistics.median(figures["bare response (/healthz)"])
    print(f"Largest contentful paint in Chromium, {args.runs} cold loads each")
    results = {}
    for name, samples in figures.items():
        p50 = statistics.median(samples)
        results[name] = {"p50_ms": round(p50, 1), "max_ms": round(max(samples), 1), "ratio_p50": round(p50 / base, 2)}
        print(f"  {name:26} p50 {p50:7.1f} ms   max {max(samples):7.1f} ms   x{p50 / base:.2f} bare")
    print(f"  results: {save('lcp', results)}")


if __name__ == "__main__":
    main()

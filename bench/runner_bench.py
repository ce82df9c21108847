"""Running a card's example in the page: bytes downloaded and time to first output, cold and warm.

    python -m bench.runner_bench [--runs 3]

Collects static files (hashed and compressed, as in production) into a
temporary folder, serves the repository's bank with gunicorn on 127.0.0.1 and,
in Chromium, clicks Run on a real card: once in a fresh context (cold cache:
Pyodide is downloaded), then again on the same page (warm: Python is loaded).
Writes bench/results/runner.json.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from bench.common import collect_static, free_port, loopback_site_env, migrate, save, start_gunicorn, wait_until_healthy

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CARD = "/questions/python-closures-late-binding/"


def run_once(page) -> float:
    """Seconds from clicking the first Run to its output on screen."""
    block = page.locator(".run-block").first
    started = time.perf_counter()
    block.get_by_role("button", name="Run").click()
    expect(block.locator(".run-output").last).to_contain_text("[20, 20, 20]", timeout=120_000)
    return time.perf_counter() - started


def cold_and_warm(browser, site: str) -> tuple[int, float, float]:
    context = browser.new_context()
    received = []
    context.on("requestfinished", lambda request: received.append(request.sizes()["responseBodySize"]))
    page = context.new_page()
    page.goto(f"{site}{CARD}")
    page.get_by_text("Show answer", exact=True).click()
    page.wait_for_load_state("networkidle")
    before = sum(received)
    cold = run_once(page)
    downloaded = sum(received) - before
    warm = run_once(page)
    context.close()
    return downloaded, cold, warm


def serve(static_root: str, port: int) -> subprocess.Popen:
    env = {**loopback_site_env(port), "STATIC_ROOT": static_root}
    collect_static(env)
    return start_gunicorn(port, env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    migrate()
    call_command("sync_questions", verbosity=0)
    port = free_port()
    with tempfile.TemporaryDirectory() as static_root:
        server = serve(static_root, port)
        try:
            wait_until_healthy(port)
            with sync_playwright() as playwright:
                launch = {"args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]}
                if CHROMIUM.exists():
                    launch["executable_path"] = str(CHROMIUM)
                browser = playwright.chromium.launch(**launch)
                samples = [cold_and_warm(browser, f"http://127.0.0.1:{port}") for _ in range(args.runs)]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    downloaded = statistics.median(sample[0] for sample in samples)
    cold = statistics.median(sample[1] for sample in samples)
    warm = statistics.median(sample[2] for sample in samples)
    print(f"Run on {CARD} in Chromium, median of {args.runs} fresh contexts")
    print(f"  cold cache: {downloaded / 1e6:6.2f} MB downloaded, first output after {cold:6.2f} s")
    print(f"  warm run:   first output after {warm * 1000:6.0f} ms")
    results = {"downloaded_bytes": downloaded, "cold_first_output_s": round(cold, 3), "warm_run_ms": round(warm * 1000)}
    print(f"  results: {save('runner', results)}")


if __name__ == "__main__":
    main()

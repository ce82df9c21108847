"""Peak memory of the worst import files we can construct, above a warmed-up worker.

    python -m bench.import_bench

Each file is posted over loopback to a fresh gunicorn worker (production
settings), after one small import has warmed that worker up; the figure is
how far the worker's peak resident size (VmHWM) rose during the upload.
Target: under 100 MB. Prints a table and writes bench/results/import.json.
"""

from __future__ import annotations

import http.client
import json
import time
from pathlib import Path

from bench.common import (
    WORKDIR,
    collect_static,
    free_port,
    loopback_site_env,
    migrate,
    save,
    signed_in_cookies,
    start_gunicorn,
    wait_until_healthy,
    write_bank,
)

MB = 1024 * 1024
LIMIT = 20 * MB - 4096  # just under the upload limit, so every file reaches the parser


def _valid_reviews(count: int) -> bytes:
    reviews = [
        {
            "card": f"card-{n % 50:05d}",
            "rating": 1 + n % 4,
            "reviewed_at": "2026-01-01T10:00:00+00:00",
            "seconds": 30,
            "mode": "quiz",
            "token": f"t{n:039d}",
            "content_hash": "0" * 64,
            "answer_text": "",
        }
        for n in range(count)
    ]
    return json.dumps({"format": "questionbank-history", "version": 1, "reviews": reviews}).encode()


def _fill(unit: bytes, head: bytes = b"[", tail: bytes = b"0]") -> bytes:
    return head + unit * ((LIMIT - len(head) - len(tail)) // len(unit)) + tail


FILES = {
    "empty objects (the reported 20 MB file)": lambda: _fill(b"{},"),
    "short strings, as many as the value bound lets through": lambda: b"[" + b'"abcdefghijklmn",' * 590_000 + b"0]",
    "small integers, up to the value bound": lambda: b"[" + b"1," * 590_000 + b"0]",
    "one long string": lambda: b'{"format": "' + b"a" * (LIMIT - 20) + b'"}',
    "deep nesting": lambda: _fill(b"["),
    "59,000 reviews of unknown cards (every one a problem)": lambda: _valid_reviews(59_000).replace(
        b'"card-', b'"nope-'
    ),
    "59,000 well-formed reviews (about the largest real export that fits)": lambda: _valid_reviews(59_000),
}


def _worker_peak_kb(master: int) -> tuple[int, int]:
    """(pid, VmHWM in kB) of gunicorn's single worker: the peak resident size it has reached."""
    worker = int(Path(f"/proc/{master}/task/{master}/children").read_text().split()[0])
    for line in Path(f"/proc/{worker}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return worker, int(line.split()[1])
    raise SystemExit("no VmHWM in /proc")


def _post_file(port: int, cookies: str, token: str, data: bytes) -> int:
    boundary = "qb-bench-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="h.json"\r\n'
        "Content-Type: application/json\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {
        "Host": "127.0.0.1",
        "Cookie": cookies,
        "X-CSRFToken": token,
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    connection.request("POST", "/progress/import/", body=body, headers=headers)
    return connection.getresponse().status


def measure(kind: str, port: int, cookies: str, token: str) -> dict:
    """One fresh gunicorn worker: warm it with a small import, then post the hostile file."""
    env = {**loopback_site_env(port), "STATIC_ROOT": str(WORKDIR / "static"), "QUESTIONBANK_IMPORTS_PER_HOUR": "1000"}
    server = start_gunicorn(port, env, workers=1, options=("--timeout", "300"))
    try:
        wait_until_healthy(port)
        _post_file(port, cookies, token, _valid_reviews(10))
        worker, idle = _worker_peak_kb(server.pid)
        data = FILES[kind]()
        started = time.perf_counter()
        status = _post_file(port, cookies, token, data)
        seconds = time.perf_counter() - started
        same, peak = _worker_peak_kb(server.pid)
        assert same == worker, "the worker was replaced during the upload"
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "status": status,
        "seconds": round(seconds, 2),
        "idle_mb": round(idle / 1024),
        "peak_rise_mb": round((peak - idle) / 1024, 1),
    }


def main() -> None:
    from questions.sync import sync_bank

    root = write_bank(WORKDIR / "content", 50)
    migrate()
    sync_bank(root)
    env = {**loopback_site_env(0), "STATIC_ROOT": str(WORKDIR / "static")}
    collect_static(env)
    cookies, token = signed_in_cookies()
    port = free_port()
    rows = {}
    print(f"{'file (at most 20 MB)':68} {'status':>6} {'seconds':>8} {'idle':>6} {'peak rise':>10}")
    for kind in FILES:
        row = rows[kind] = measure(kind, port, cookies, token)
        print(f"{kind:68} {row['status']:>6} {row['seconds']:>8} {row['idle_mb']:>4} MB {row['peak_rise_mb']:>7} MB")
    worst = max(row["peak_rise_mb"] for row in rows.values())
    print(f"worst peak rise {worst} MB above the warmed-up worker (target: under 100 MB)")
    save("import", {"files": rows, "worst_peak_rise_mb": worst})


if __name__ == "__main__":
    main()

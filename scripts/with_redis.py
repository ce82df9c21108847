#!/usr/bin/env python3
"""Run a command against a throwaway Redis server.

    python scripts/with_redis.py -- pytest ...

Starts Debian's redis-server on 127.0.0.1 and a free port, in memory only
(no snapshots, no append-only file, its files in a temporary folder), sets
REDIS_URL for the command, then stops the server and removes the folder
whatever happens.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

READY_TIMEOUT = 15  # seconds to wait for the server to answer PING


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"error: Redis did not answer within {READY_TIMEOUT} s.")


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        sys.exit("usage: with_redis.py -- COMMAND [ARGS...]")
    command = argv[argv.index("--") + 1 :]
    binary = shutil.which("redis-server")
    if not binary:
        sys.exit("error: redis-server was not found; install Redis (Debian: apt-get install redis-server).")
    root = tempfile.mkdtemp(prefix="qb-redis-")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", root],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_ready(port, time.monotonic() + READY_TIMEOUT)
        print(f"Redis on 127.0.0.1:{port}", flush=True)
        return subprocess.run(command, env={**os.environ, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}).returncode
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

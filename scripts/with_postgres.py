#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server.

    python scripts/with_postgres.py [--durable] -- pytest ...

Starts a private server from the installed PostgreSQL binaries (initdb into a
temporary folder, trust authentication, listening on 127.0.0.1 on a free
port), sets DATABASE_URL for the command, then stops the server and removes
the folder whatever happens. As root, the server runs as the `postgres` user,
since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time

READY_TIMEOUT = 30  # seconds to wait for the server to accept connections


def find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    sys.exit(f"error: PostgreSQL's {name} was not found; install PostgreSQL (Debian: apt-get install postgresql).")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        sys.exit("error: running as root needs a 'postgres' system user to run the server as.")
    return ["runuser", "-u", "postgres", "--", *command]


def wait_until_ready(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
        except OSError:
            time.sleep(0.2)
            continue
        ready = subprocess.run(
            [find_binary("pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"],
            capture_output=True,
        )
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    sys.exit(f"error: PostgreSQL did not accept connections within {READY_TIMEOUT} s.")


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        sys.exit("usage: with_postgres.py [--durable] -- COMMAND [ARGS...]")
    command = argv[argv.index("--") + 1 :]
    # Tests trade durability for speed; a fault test that crashes the server needs
    # every acknowledged commit on disk, as a production server would.
    durable = "--durable" in argv[: argv.index("--")]
    root = tempfile.mkdtemp(prefix="qb-postgres-")
    data = os.path.join(root, "data")
    os.chmod(root, 0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = free_port()
    pg_ctl = find_binary("pg_ctl")
    started = False
    try:
        subprocess.run(
            as_server_user(
                [find_binary("initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root}"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off"
        subprocess.run(
            as_server_user([pg_ctl, "-D", data, "-l", os.path.join(root, "server.log"), "-o", options, "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        wait_until_ready(port, time.monotonic() + READY_TIMEOUT)
        subprocess.run(
            [find_binary("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "questionbank"], check=True
        )
        url = f"postgres://postgres@127.0.0.1:{port}/questionbank"
        server = " ".join(as_server_user([pg_ctl, "-D", data, "-o", f"'{options}'", "-w"]))
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "QB_TEST_POSTGRES_URL": url,
            # For fault tests: how to stop and start this server again.
            "QB_TEST_POSTGRES_STOP": f"{server} -m immediate stop",
            "QB_TEST_POSTGRES_START": f"{server} -l {os.path.join(root, 'server.log')} start",
        }
        print(f"PostgreSQL on 127.0.0.1:{port}", flush=True)
        return subprocess.run(command, env=env).returncode
    finally:
        if started:
            subprocess.run(as_server_user([pg_ctl, "-D", data, "-m", "fast", "-w", "stop"]), stdout=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

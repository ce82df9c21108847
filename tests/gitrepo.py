"""A throwaway git repository holding a content folder, for the tests of what changed since a ref."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .conftest import Bank

# No global or system configuration (signing, hooks, templates) leaks into the tests.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


class GitBank(Bank):
    """A bank whose folder sits in a git repository of its own."""

    def __init__(self, root: Path):
        super().__init__(root)
        self.repo = root.parent
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True
        )
        return done.stdout

    def commit(self, message: str = "cards") -> str:
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


def git_bank(tmp_path: Path, settings) -> GitBank:
    root = tmp_path / "repo" / "content"
    root.mkdir(parents=True)
    settings.QUESTIONBANK_CONTENT_DIR = root
    return GitBank(root)

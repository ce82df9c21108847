"""The repository's own bank: it validates, and its runnable examples run."""

import subprocess
import sys

import pytest

from questions.validation import display_path, load_bank

from .conftest import REPO_ROOT

CONTENT = REPO_ROOT / "content"
BANK = load_bank(CONTENT)
RUNNABLE = [
    pytest.param(block, id=f"{display_path(CONTENT, item.card.path)}:{block.line}")
    for item in BANK.files
    for block in item.card.runnable_blocks
]
RUN_TIMEOUT = 30  # seconds; generous for a loaded CI machine, the blocks take well under 2 s


def test_the_bank_validates():
    assert [str(problem) for problem in BANK.problems] == []
    assert len(BANK.files) >= 80


@pytest.mark.parametrize("block", RUNNABLE)
def test_runnable_block_runs(block, request):
    location = request.node.callspec.id
    try:
        result = subprocess.run(
            [sys.executable, "-I", "-c", block.code], capture_output=True, text=True, timeout=RUN_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{location}: runnable block did not finish in {RUN_TIMEOUT} s")
    assert result.returncode == 0, f"{location}: runnable block failed:\n{result.stderr[-2000:]}"

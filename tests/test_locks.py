"""The lock files pin what the requirements files ask for: `make lock` was run after the last change."""

import re

import pytest

from .conftest import REPO_ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def pins(name: str) -> dict[str, str]:
    text = (REPO_ROOT / name).read_text(encoding="utf-8")
    return {package.lower().replace("_", "-"): version for package, version in PIN.findall(text)}


@pytest.mark.parametrize(
    ("wanted", "lock"), [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_every_requirement_is_locked_at_its_version(wanted, lock):
    locked = pins(lock)
    stale = {package: version for package, version in pins(wanted).items() if locked.get(package) != version}
    assert stale == {}, f"run `make lock`: {lock} does not pin {stale}"


def test_every_locked_package_has_a_hash():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        blocks = re.split(r"\n(?=\S)", (REPO_ROOT / lock).read_text(encoding="utf-8"))
        unhashed = [block.split()[0] for block in blocks if "==" in block.split()[0] and "--hash=sha256:" not in block]
        assert unhashed == [], lock

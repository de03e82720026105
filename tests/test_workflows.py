"""The CI and publishing workflows cannot be hijacked: zizmor and actionlint find nothing, and the
rules a reviewer would check by eye hold (pinned actions, least privilege, no stored credentials)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mitp import yamlload

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    assert path, f"{name} is not installed: ./run.sh installs it from the test extra of pyproject.toml"
    return path


def _load(path: Path) -> dict:
    return yamlload.load_file(path, dates=False).data


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "publicar.yml", "enlaces.yml"}


def test_the_site_is_published_every_day_after_midnight_in_chile():
    """The home page shows a campaign during its period and activities move from upcoming to past
    by the build date: a static site needs a daily build for that (README, campaigns)."""
    triggers = _load(ROOT / ".github" / "workflows" / "publicar.yml")
    triggers = triggers.get("on", triggers.get(True))
    [schedule] = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*")
    # After midnight in continental Chile in both UTC-4 (winter) and UTC-3 (summer), before 06:00.
    assert 4 <= int(hour) <= 8 and minute.isdigit()


def _zizmor(target: Path) -> subprocess.CompletedProcess:
    # The strictest persona, with .github/zizmor.yml: every action (GitHub's own too) pinned by SHA.
    return subprocess.run([_tool("zizmor"), "--offline", "--no-progress", "--persona", "pedantic",
                           "--config", str(ROOT / ".github" / "zizmor.yml"), str(target)],
                          capture_output=True, text=True)


def test_zizmor_finds_nothing():
    proc = _zizmor(ROOT / ".github" / "workflows")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout + proc.stderr


def test_zizmor_would_catch_a_tag_pinned_checkout_that_keeps_its_token(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "name: x\non: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    permissions:\n      contents: read\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - uses: actions/upload-artifact@v4\n        with:\n          path: .\n", "utf-8")
    proc = _zizmor(bad)
    assert proc.returncode != 0
    assert "unpinned-uses" in proc.stdout and "artipacked" in proc.stdout


def test_actionlint_finds_nothing():
    proc = subprocess.run([_tool("actionlint"), "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned(path):
    text = path.read_text("utf-8")
    workflow = _load(path)
    assert "pull_request_target" not in workflow["on"], "pull_request_target runs PR code with write tokens"
    assert workflow.get("permissions") == {}, "no default permissions: each job asks for what it needs"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} must declare its permissions"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if not uses:
                continue
            assert PINNED.match(uses), f"{path.name}: {uses} is not pinned to a full commit SHA"
            line = next(l for l in text.splitlines() if uses in l)
            assert re.search(r"# v\d+\.\d+\.\d+$", line), f"{path.name}: {uses} needs its version in a comment"
            if uses.startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: {name} keeps the token"
        writes = {k for k, v in job["permissions"].items() if v == "write"}
        if writes:
            # a job that can write runs no code from the repository
            assert not any(str(s.get("uses", "")).startswith("actions/checkout@") for s in job.get("steps", [])), name
    if "pull_request" in workflow["on"]:
        for name, job in workflow["jobs"].items():
            assert all(v != "write" for v in job["permissions"].values()), f"{path.name}: {name} writes on a PR"


def test_codeowners_name_teams_for_channels_and_schemas():
    rules = {}
    for line in (ROOT / ".github" / "CODEOWNERS").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            rules[pattern] = owners
    assert rules["/data/channels.yaml"] and rules["/schemas/"]
    for owners in rules.values():
        for owner in owners:
            assert re.fullmatch(r"@[\w-]+/[\w-]+", owner), f"{owner}: a team handle (@org/team), never a person"

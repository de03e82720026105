"""`mitp validate` and `mitp export`: output format and exit codes, as a coordinator or CI sees them."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:]+): (?P<message>.+)$")


def mitp(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mitp.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_validate_shipped_catalogue_exits_zero():
    result = mitp("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data/resources.yaml: válido" in result.stderr


def test_validate_reports_every_error_in_the_documented_format():
    result = mitp("validate", "tests/fixtures/three_errors.yaml")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line]
    assert len(lines) == 3
    for line in lines:
        match = LINE.match(line)
        assert match, line
        assert match["path"] == "tests/fixtures/three_errors.yaml"
    assert "3 error(es)" in result.stderr


def test_warnings_come_after_errors_and_do_not_fail(tmp_path):
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8").replace(
        "last_verified: 2026-10-15", "last_verified: 2020-01-01")
    path = tmp_path / "old.yaml"
    path.write_text(text, encoding="utf-8")
    result = mitp("validate", str(path))
    assert result.returncode == 0
    assert "Advertencias (1):" in result.stdout
    assert result.stdout.strip().splitlines()[-1].endswith("[advertencia]")


def test_syntax_error_exit_code():
    result = mitp("validate", "tests/fixtures/syntax_error.yaml")
    assert result.returncode == 1
    assert LINE.match(result.stdout.splitlines()[0]) or result.stdout.startswith("tests/fixtures/syntax_error.yaml:")


def test_environment_variable_points_at_another_catalogue():
    result = mitp("validate", env={"MITP_RESOURCES": str(FIXTURES / "three_errors.yaml")})
    assert result.returncode == 1 and "three_errors.yaml" in result.stdout


def test_export_writes_the_open_data_and_refuses_a_broken_catalogue(tmp_path):
    result = mitp("export", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert {"resources.json", "resources.csv", "datapackage.json", "services.csv"} <= {
        p.name for p in (tmp_path / "out").iterdir()}
    broken = mitp("export", str(tmp_path / "nothing"), "--resources", "tests/fixtures/three_errors.yaml")
    assert broken.returncode == 1 and not (tmp_path / "nothing").exists()


def test_run_sh_validate_uses_the_same_validator():
    if not shutil.which("bash"):
        return
    result = subprocess.run(["bash", "run.sh", "validate", "tests/fixtures/three_errors.yaml"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert result.stdout.count("tests/fixtures/three_errors.yaml:") == 3

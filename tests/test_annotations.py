"""On GitHub Actions the validator's problems land on the changed line and in the run's summary."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from mitp.annotations import escape_data, escape_property, report_problems, summary_markdown, workflow_command
from mitp.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
COMMAND = re.compile(r"^::(?P<kind>error|warning) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def _commands(stdout: str) -> list[dict]:
    found = []
    for line in stdout.splitlines():
        match = COMMAND.match(line)
        if match:
            props = dict(item.split("=", 1) for item in match.group("props").split(","))
            found.append({"kind": match.group("kind"), **{k: _unescape(v) for k, v in props.items()},
                          "message": _unescape(match.group("message"))})
    return found


def _validate(args: list[str], env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "mitp.cli", "validate", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def test_broken_catalogue_is_annotated_on_its_lines_and_summarised(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("## Paso anterior\n", "utf-8")
    proc = _validate(["tests/fixtures/three_errors.yaml"],
                     {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1
    commands = _commands(proc.stdout)
    assert [(c["kind"], c["file"], c["line"], c["col"]) for c in commands] == [
        ("error", "tests/fixtures/three_errors.yaml", "7", "31"),
        ("error", "tests/fixtures/three_errors.yaml", "12", "9"),
        ("error", "tests/fixtures/three_errors.yaml", "14", "5"),
    ]
    assert "¿quisiste decir 'website'?" in commands[2]["message"]
    assert commands[2]["title"] == "Error en websit (entrada servicio-con-tres-errores)"
    assert "no es un teléfono válido en Chile" in commands[1]["message"]
    text = summary.read_text("utf-8")
    assert text.startswith("## Paso anterior\n"), "the summary is appended, not overwritten"
    assert "**3 error(es)**" in text
    assert "línea 14, columna 5 — campo `websit`" in text
    assert "Files changed" in text     # says where to look and what to do


def test_outside_github_actions_nothing_extra_is_printed(tmp_path):
    summary = tmp_path / "summary.md"
    proc = _validate(["tests/fixtures/three_errors.yaml"], {"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1
    assert "::error" not in proc.stdout
    assert not summary.exists()


def test_broken_channels_file_is_annotated(tmp_path):
    broken = tmp_path / "channels.yaml"
    broken.write_text("channels:\n  - id: x\n    dial: [\n", "utf-8")
    summary = tmp_path / "summary.md"
    proc = _validate(["--channels", str(broken)], {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1
    commands = _commands(proc.stdout)
    assert commands and commands[0]["kind"] == "error"
    assert commands[0]["file"].endswith("channels.yaml")
    assert "Revisión de los canales de ayuda" in summary.read_text("utf-8")


def test_data_text_cannot_break_out_of_a_workflow_command():
    problem = Problem("data/a,b:c.yaml", 3, 4, "name.es", "100% mal\r\n::error::inyectado", entry_id="x,y")
    line = workflow_command(problem)
    assert line == ("::error file=data/a%2Cb%3Ac.yaml,line=3,col=4,title=Error en name.es (entrada x%2Cy)"
                    "::100%25 mal%0D%0A::error::inyectado")
    assert "\n" not in line
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert escape_data("a:b,c") == "a:b,c"


def test_warnings_become_warning_commands():
    warning = Problem("data/resources.yaml", 9, 5, "last_verified", "verificada hace más de 12 meses",
                      severity="warning")
    assert workflow_command(warning).startswith("::warning file=data/resources.yaml,line=9,col=5,title=Advertencia")


def test_summary_escapes_text_from_data():
    problem = Problem("data/resources.yaml", 1, 1, "name.es",
                      "'<img src=x onerror=alert(1)>' [clic](javascript:alert(1)) | celda")
    text = summary_markdown([problem], [])
    assert "<img" not in text
    assert "[clic](javascript" not in text     # brackets escaped: no link is made
    assert "\\[clic\\]" in text
    assert "\\| celda" in text


def test_report_problems_appends_summary_only_on_github(tmp_path):
    summary = tmp_path / "s.md"
    import io
    out = io.StringIO()
    report_problems([], [], env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}, out=out)
    assert "Sin errores" in summary.read_text("utf-8")
    assert out.getvalue() == ""


def test_summary_says_when_github_shows_only_part_of_the_annotations():
    many = [Problem("data/resources.yaml", n, 5, "name", f"problema {n}") for n in range(1, 13)]
    text = summary_markdown(many, [])
    assert "solo los primeros 10 errores" in text
    assert "problema 12" in text
    assert "solo los primeros" not in summary_markdown(many[:3], [])

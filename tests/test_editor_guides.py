"""Every command the guides quote runs as written from a fresh clone (issue 22).

CONTRIBUTING.md (every code block and every inline command) and README.md's quick start are read
as an editor reads them: a command is ``./run.sh <subcommand> …`` (run.sh sets up ``.venv``
itself) or a program a fresh Debian machine has. A bare ``mitp …`` is "command not found" there.
Each ``./run.sh`` subcommand must be one run.sh knows, and the ones that reach the ``mitp`` tool
answer ``--help`` through run.sh itself; the data files the guides tell editors to validate are
valid.
"""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess

import pytest

from mitp.cli import main
from sitebuild import ROOT

RUN_SH = (ROOT / "run.sh").read_text("utf-8")
# The case branches of run.sh: "  traducciones|translations)" → {"traducciones", "translations"}.
SUBCOMMANDS = {name for names in re.findall(r"^  ([a-z|]+)\)$", RUN_SH, re.M) for name in names.split("|")}
PROGRAM = re.compile(r"^(\./run\.sh|mitp|\.venv/bin/\S+|python3?|git|sudo|apt-get)(?=\s|$)")
# In prose, a command is a span that starts with ./run.sh or with "mitp " (a bare tool command).
INLINE = re.compile(r"^(\./run\.sh(?=\s|$)|mitp\s)")


def _guide_commands() -> list[tuple[str, str]]:
    """(where, command) of every command CONTRIBUTING.md quotes, and README.md's quick start."""
    found = []
    contributing = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    readme = (ROOT / "README.md").read_text("utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    for name, text in (("CONTRIBUTING.md", contributing), ("README.md (Quick start)", quick)):
        blocks = re.findall(r"^ *```(\w*)\n(.*?)^ *```", text, re.M | re.S)
        for lang, body in blocks:
            if lang not in ("", "sh", "bash", "console"):
                continue
            for line in body.splitlines():
                command = line.split(" #", 1)[0].strip()
                if PROGRAM.match(command):
                    found.append((name, command))
        prose = re.sub(r"^ *```.*?^ *```", "", text, flags=re.M | re.S)
        for span in re.findall(r"`([^`\n]+)`", prose):
            if INLINE.match(span):
                found.append((name, span.strip()))
    return found


COMMANDS = _guide_commands()


def test_the_guides_quote_commands():
    assert len(COMMANDS) > 15
    assert any(c.startswith("./run.sh traducciones") for _, c in COMMANDS)
    assert any(c.startswith("./run.sh diff") for _, c in COMMANDS)


@pytest.mark.parametrize("where, command", COMMANDS, ids=[c for _, c in COMMANDS])
def test_each_quoted_command_exists_on_a_fresh_clone(where, command):
    words = shlex.split(command.replace("…", ""))
    program = words[0]
    assert program != "mitp", (f"{where}: «{command}» da 'command not found' en un clon nuevo "
                               "(mitp está solo en .venv/bin): escríbelo «./run.sh …»")
    if program == "./run.sh":
        sub = words[1] if len(words) > 1 else "help"
        assert sub in SUBCOMMANDS | {"help"}, f"{where}: run.sh no conoce «{sub}» ({command})"
    elif not program.startswith(".venv/bin/"):
        assert shutil.which(program), f"{where}: «{program}» no está instalado ({command})"


def _help_argv(command: str) -> list[str]:
    """The command's own --help, through run.sh: ./run.sh traducciones stamp X → … stamp --help."""
    words = shlex.split(command.replace("…", ""))
    argv = words[:2]
    if words[1] in ("traducciones", "translations") and "stamp" in words:
        argv.append("stamp")
    if words[1] == "mitp" and len(words) > 2 and not words[2].startswith("-"):
        argv.append(words[2])
    return argv + ["--help"]


HELP = sorted({tuple(_help_argv(c)) for _, c in COMMANDS
               if c.startswith("./run.sh ") and shlex.split(c)[1] in ("validate", "diff", "traducciones",
                                                                       "translations", "mitp")})


@pytest.mark.parametrize("argv", HELP, ids=[" ".join(a) for a in HELP])
def test_each_tool_command_answers_through_run_sh(argv):
    proc = subprocess.run(list(argv), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "usage: mitp" in proc.stdout
    assert "command not found" not in proc.stderr and "Traceback" not in proc.stderr


def test_run_sh_help_lists_every_subcommand():
    proc = subprocess.run(["./run.sh", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    for sub in ("serve", "test", "build", "validate", "diff", "traducciones", "mitp", "bench"):
        assert f"./run.sh {sub}" in proc.stdout, sub
    assert "every data file of mitp/registry.py" in proc.stdout   # what validate checks, said right


def test_run_sh_refuses_an_unknown_subcommand():
    proc = subprocess.run(["./run.sh", "no-existe"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2


def test_every_file_the_guides_tell_editors_to_validate_is_valid(capsys):
    """`./run.sh validate campaigns`, `… materials`, `… podcast`…: the shipped files pass."""
    names = sorted({shlex.split(c)[2] for _, c in COMMANDS
                    if re.match(r"\./run\.sh validate [a-z]+$", c)})
    assert {"campaigns", "activities", "podcast", "materials"} <= set(names)
    for name in names:
        assert main(["validate", name]) == 0, capsys.readouterr()

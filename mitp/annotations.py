"""Problems shown where a coordinator looks on GitHub: on the changed line, and in the run's summary.

Pure functions over a list of ``Problem`` (mitp/problems.py) plus one entry point,
``report_problems(problems, warnings, env=…)``, that the command line calls after printing its
usual ``file:line:col`` lines. Outside GitHub Actions it does nothing.

On GitHub Actions (``GITHUB_ACTIONS=true``):

- every problem is also printed as a workflow command, ``::error file=…,line=…,col=…,title=…::…``
  (``::warning`` for warnings): GitHub shows it next to the line in "Files changed";
- a Markdown summary (what is wrong, where, what to do) is appended to ``$GITHUB_STEP_SUMMARY``:
  it appears on the run's page, so nobody has to open a log.

Escaping follows GitHub's toolkit (``@actions/core``, ``command.ts``): in the message ``%``,
``\\r`` and ``\\n`` become ``%25``, ``%0D``, ``%0A``; in properties ``:`` and ``,`` also become
``%3A`` and ``%2C``. Text from a data file therefore cannot end a command early or start another.
"""
from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from mitp.problems import Problem

# What to do, in plain words, for the summary.
_WHAT_TO_DO_ERRORS = (
    "**Qué hacer:** abre la pestaña **Files changed** de tu solicitud de cambios: cada error aparece "
    "junto a su línea. Corrige el archivo en el editor web de GitHub y guarda el cambio (*Commit "
    "changes*) en la misma rama; la revisión corre sola otra vez. Si no entiendes un mensaje, "
    "pregunta en la conversación de la solicitud: nadie publica nada mientras haya errores."
)
# GitHub shows at most 10 error and 10 warning annotations per step (actions/toolkit,
# docs/problem-matchers.md, "Limitations"); the summary always has the whole list.
ANNOTATIONS_SHOWN_PER_STEP = 10
# A step summary may not exceed 1 MiB: list at most this many problems of each kind.
SUMMARY_MAX_ITEMS = 500
_WHAT_TO_DO_WARNINGS = (
    "Las **advertencias** no impiden publicar, pero conviene revisarlas (por ejemplo, una entrada "
    "sin verificar hace más de 12 meses)."
)


# Workflow commands


def escape_data(text: str) -> str:
    """The message part of a workflow command (after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (``file=``, ``title=``…) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(problem: Problem) -> str:
    """``::error file=data/resources.yaml,line=12,col=5,title=…::…`` for one problem."""
    command = "warning" if problem.severity == "warning" else "error"
    title = _title(problem)
    properties = ",".join(f"{name}={escape_property(str(value))}" for name, value in (
        ("file", problem.path), ("line", problem.line), ("col", problem.column), ("title", title)))
    return f"::{command} {properties}::{escape_data(_message(problem))}"


def _title(problem: Problem) -> str:
    kind = "Advertencia" if problem.severity == "warning" else "Error"
    where = f" en {problem.field}" if problem.field else ""
    entry = f" (entrada {problem.entry_id})" if problem.entry_id else ""
    return f"{kind}{where}{entry}"


def _message(problem: Problem) -> str:
    return problem.message


# Job summary


def md_text(text: object) -> str:
    """Plain text made safe inside Markdown: no HTML, no link, no table cell break, no emphasis."""
    text = html.escape(str(text), quote=False)
    text = re.sub(r"([\\`*_\[\]|#~!])", r"\\\1", text)
    return " ".join(text.splitlines())


def md_code(text: object) -> str:
    """Text shown as code (a field name, an identifier); backticks and line breaks removed."""
    clean = " ".join(str(text).replace("`", "'").splitlines()).replace("|", "\\|")
    return f"`{clean}`" if clean else ""


def summary_markdown(problems: Sequence[Problem], warnings: Sequence[Problem], *,
                     heading: str = "Revisión de los datos") -> str:
    """The job summary: counts, then every problem and warning with where it is and what to do."""
    files = sorted({p.path for p in [*problems, *warnings]})
    lines = [f"## {md_text(heading)}", ""]
    if not problems and not warnings:
        lines += ["✅ Sin errores ni advertencias.", ""]
        return "\n".join(lines)
    status = "❌" if problems else "⚠️"
    lines += [f"{status} **{len(problems)} error(es)** y **{len(warnings)} advertencia(s)** en "
              + ", ".join(md_code(f) for f in files) + ".", ""]
    if max(len(problems), len(warnings)) > ANNOTATIONS_SHOWN_PER_STEP:
        lines += [f"GitHub muestra junto a las líneas solo los primeros {ANNOTATIONS_SHOWN_PER_STEP} errores y "
                  f"{ANNOTATIONS_SHOWN_PER_STEP} advertencias; esta es la lista completa.", ""]
    if problems:
        lines += [_WHAT_TO_DO_ERRORS, "", "### Errores (hay que corregirlos)", ""]
        lines += _items(problems)
    if warnings:
        lines += [_WHAT_TO_DO_WARNINGS, "", "### Advertencias", ""]
        lines += _items(warnings)
    return "\n".join(lines)


def _items(problems: Sequence[Problem]) -> list[str]:
    lines = [_item(p) for p in problems[:SUMMARY_MAX_ITEMS]]
    if len(problems) > SUMMARY_MAX_ITEMS:
        lines.append(f"- … y {len(problems) - SUMMARY_MAX_ITEMS} más: ejecuta `./run.sh validate` para verlos todos.")
    return lines + [""]


def _item(problem: Problem) -> str:
    where = f"{md_code(problem.path)}, línea {problem.line}, columna {problem.column}"
    field = f" — campo {md_code(problem.field)}" if problem.field else ""
    entry = f" (entrada {md_code(problem.entry_id)})" if problem.entry_id else ""
    return f"- {where}{field}{entry}: {md_text(problem.message)}"


# Entry point for the command line


def on_github_actions(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("GITHUB_ACTIONS") == "true"


def report_problems(problems: Sequence[Problem], warnings: Sequence[Problem] = (), *,
                    env: Mapping[str, str] = os.environ, out: TextIO | None = None,
                    heading: str = "Revisión de los datos") -> None:
    """On GitHub Actions: print the workflow commands and append the summary. Elsewhere: nothing."""
    if not on_github_actions(env):
        return
    out = out or sys.stdout
    for problem in [*problems, *warnings]:
        print(workflow_command(problem), file=out)
    out.flush()
    summary_file = env.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(summary_markdown(problems, warnings, heading=heading) + "\n")

"""Each editor's section of CONTRIBUTING.md, followed as written (issue 22).

- the coordinator ("Editar una entrada…", "Marcar una entrada como verificada", "Validar en tu
  computador"): here, below;
- the campaign team ("Campañas y actividades", "Agregar una pieza"): tests/test_campaign_team.py;
- the podcast editor ("Agregar un episodio del podcast"): the guide's transcript and episode
  copied into a project and validated on today's date,
  tests/test_podcast_data.py::test_the_guides_examples_are_valid_on_any_day;
- the translator ("Traducciones"): here, below, with the build's notice in every language in
  tests/test_translations.py::test_changing_a_spanish_page_marks_its_translation_outdated.

Every command they run is the guide's own (tests/test_editor_guides.py checks each one exists).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mitp import changes, translations
from sitebuild import ROOT

ENV = dict(os.environ, GIT_AUTHOR_NAME="Prueba", GIT_AUTHOR_EMAIL="prueba@example.org",
           GIT_COMMITTER_NAME="Prueba", GIT_COMMITTER_EMAIL="prueba@example.org")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True, text=True).stdout


def _mitp(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """``./run.sh mitp …`` of the guide, in a copy of the project (the same tool, this checkout's code)."""
    env = dict(ENV, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "mitp.cli", *args], cwd=repo, env=env, capture_output=True, text=True)


def _section(title: str) -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    return text.split(title, 1)[1].split("\n## ", 1)[0]


def test_coordinator_adds_an_entry_by_copying_one_and_the_reviewer_sees_where_it_serves(tmp_path):
    """"Para agregar una entrada, copia una entrada parecida completa (desde su línea `- id:` hasta
    antes de la siguiente `- id:`), pégala al final de su grupo y cambia todos sus datos"; then
    `./run.sh validate` and, for the reviewer, `./run.sh diff origin/main HEAD`."""
    steps = _section("## Editar una entrada en el editor web de GitHub")
    assert "copia una\n   entrada parecida completa (desde su línea `- id:` hasta antes de la siguiente `- id:`)" in steps
    repo = tmp_path / "repo"
    for name in ("data", "schemas"):
        shutil.copytree(ROOT / name, repo / name)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")

    path = repo / "data" / "resources.yaml"
    text = path.read_text("utf-8")
    start = text.index("  - id: mesa-regional-valparaiso\n")
    end = text.index("  - id: ", start + 10)
    entry = text[start:end].rstrip("\n") + "\n"
    group_end = text.index("\n  # ---", start) + 1                 # the end of its group (the next comment line)

    # Pasted as copied, id not yet changed: the validator says so at the line of the new id.
    path.write_text(text[:group_end] + entry + text[group_end:], "utf-8")
    proc = _mitp(repo, "validate", "data/resources.yaml")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    line = text[:group_end].count("\n") + 1
    assert re.search(rf"^data/resources\.yaml:{line}:\d+: .*mesa-regional-valparaiso", proc.stdout, re.M), proc.stdout

    copied = entry.replace("id: mesa-regional-valparaiso", "id: mesa-regional-valparaiso-segunda")
    path.write_text(text[:group_end] + copied + text[group_end:], "utf-8")
    proc = _mitp(repo, "validate", "data/resources.yaml")
    assert "Traceback" not in proc.stderr
    for said in proc.stdout.splitlines():   # whatever is still to change: file:line:col, in Spanish
        if said and not said.startswith(("Advertencias", " ")):
            assert re.match(r"data/resources\.yaml:\d+:\d+: ", said), said

    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Agrega una entrada")
    report = changes.markdown(changes.compare_revisions("main~1", "main", repo=repo), base="main~1", head="main")
    assert "#### Agregada: `mesa-regional-valparaiso-segunda`" in report
    assert "| `service_area.region` | *(sin valor)* | `05` |" in report   # where it serves, for the reviewer


def test_translator_sees_what_changed_and_stamps_the_updated_page(tmp_path):
    """"Qué hay que hacer: ./run.sh traducciones … Debajo de cada página desactualizada muestra qué
    cambió", then "./run.sh traducciones stamp docs/en/…" — for English as for Kreyòl."""
    steps = _section("## Traducciones: al día, desactualizadas o pendientes de revisión")
    assert "./run.sh traducciones" in steps and "./run.sh traducciones stamp docs/ht/pide-ayuda.md" in steps
    repo = tmp_path / "repo"
    for name in ("docs", "data", "mitp", "schemas"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    spanish = repo / "docs" / "es" / "seguridad.md"
    spanish.write_text(spanish.read_text("utf-8") + "\nUna frase nueva para el ensayo.\n", "utf-8")
    _git(repo, "commit", "-qam", "Cambia una página en español")

    proc = _mitp(repo, "translations", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"desactualizada\s+docs/en/seguridad\.md\n    Lo que cambió en docs/es/seguridad\.md", out)
    assert "    +Una frase nueva para el ensayo." in out
    assert out.index("Páginas") < out.index("Textos de la interfaz")

    english = repo / "docs" / "en" / "seguridad.md"
    english.write_text(english.read_text("utf-8") + "\nA new sentence for the trial.\n", "utf-8")
    proc = _mitp(repo, "translations", "stamp", "docs/en/seguridad.md")
    assert proc.returncode == 0, proc.stderr
    assert translations.page_status(repo / "docs", "en", "seguridad.md").state == "pendiente-de-revision"
    assert translations.page_status(repo / "docs", "ht", "seguridad.md").state == "desactualizada"

"""`mitp diff BASE HEAD`: what a reviewer reads in the pull request's summary."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mitp import changes

ROOT = Path(__file__).resolve().parent.parent

RESOURCES = """\
resources:
  - id: linea-a
    name: {es: Línea A}
    phones:
      - number: "600 360 7777"
        type: voice
    emails: [contacto@ejemplo.gob.cl]
    website: https://www.ejemplo.gob.cl/
    last_verified: 2026-01-10
    source: {es: Sitio de la institución A}
  - id: linea-b
    name: {es: Línea B}
    phones:
      - number: "+56 2 2345 6789"
        type: voice
    last_verified: 2026-01-10
    source: {es: Sitio de la institución B}
"""
CHANNELS = """\
channels:
  - id: canal-1
    name: {es: Canal uno}
    dial: "133"
    last_verified: 2026-01-10
    source: {es: Fuente del canal}
"""


def _git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Prueba", GIT_AUTHOR_EMAIL="prueba@example.org",
               GIT_COMMITTER_NAME="Prueba", GIT_COMMITTER_EMAIL="prueba@example.org")
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def _commit(repo: Path, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, "utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)
    return _git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    _git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path


def _diff(repo: Path, base: str, head: str, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "mitp.cli", "diff", base, head, *extra], cwd=repo, env=env,
                          capture_output=True, text=True)


def test_changed_phone_is_shown_old_to_new_and_flagged_when_source_did_not_change(repo, tmp_path):
    base = _commit(repo, {"data/resources.yaml": RESOURCES, "data/channels.yaml": CHANNELS}, "base")
    head = _commit(repo, {"data/resources.yaml": RESOURCES.replace("600 360 7777", "600 360 7778")}, "un dígito")
    summary = tmp_path / "summary.md"
    proc = _diff(repo, base, head, "--output", str(summary))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "**Teléfono cambiado:** `600 360 7777` → `600 360 7778`" in out
    assert "#### ⚠️ Modificada: `linea-a` — Línea A" in out
    assert "la fuente (`source`) no cambió" in out
    assert "sigue en 2026-01-10" in out
    assert "| `phones[0].number` | `600 360 7777` | `600 360 7778` |" in out
    assert "linea-b" not in out                       # unchanged entries are not listed
    assert summary.read_text("utf-8").strip() == out.strip()
    named = _diff(repo, base, head, "--as", "main", "esta solicitud").stdout
    assert "Comparación de `main` (antes) con `esta solicitud` (propuesta)." in named


def test_file_not_in_utf8_is_reported(repo):
    base = _commit(repo, {"data/resources.yaml": RESOURCES}, "base")
    (repo / "data" / "resources.yaml").write_bytes(RESOURCES.replace("Línea A", "L\xednea A").encode("latin-1"))
    _git(repo, "commit", "-q", "-am", "latin-1")
    proc = _diff(repo, base, "HEAD")
    assert proc.returncode == 0, proc.stderr
    assert "No se pudo leer" in proc.stdout and "UTF-8" in proc.stdout


def test_phone_changed_with_new_source_and_date_is_not_flagged(repo):
    base = _commit(repo, {"data/resources.yaml": RESOURCES}, "base")
    updated = (RESOURCES.replace("600 360 7777", "600 360 7778")
               .replace("last_verified: 2026-01-10\n    source: {es: Sitio de la institución A}",
                        "last_verified: 2026-11-20\n    source: {es: Resolución exenta 12 de la institución A}"))
    head = _commit(repo, {"data/resources.yaml": updated}, "con fuente")
    out = _diff(repo, base, head).stdout
    assert "`600 360 7777` → `600 360 7778`" in out
    assert "⚠️" not in out
    assert "| `last_verified` | `2026-01-10` | `2026-11-20` |" in out


def test_reformatted_number_is_not_a_contact_change(repo):
    base = _commit(repo, {"data/resources.yaml": RESOURCES}, "base")
    head = _commit(repo, {"data/resources.yaml": RESOURCES.replace('"600 360 7777"', '"6003607777"')}, "formato")
    out = _diff(repo, base, head).stdout
    assert "Teléfono cambiado" not in out and "⚠️" not in out
    assert "| `phones[0].number` | `600 360 7777` | `6003607777` |" in out


def test_added_removed_and_channel_dial_changed(repo):
    base = _commit(repo, {"data/resources.yaml": RESOURCES, "data/channels.yaml": CHANNELS}, "base")
    without_b = RESOURCES.split("  - id: linea-b")[0]
    added = without_b + """\
  - id: linea-c
    name: {es: Línea C}
    level: regional
    service_area: {region: "05", comunas: ["05101"]}
    emails: [nueva@ejemplo.gob.cl]
    last_verified: 2026-11-20
    source: {es: Sitio de la institución C}
"""
    head = _commit(repo, {"data/resources.yaml": added, "data/channels.yaml": CHANNELS.replace('"133"', '"138"')},
                   "varios")
    out = _diff(repo, base, head).stdout
    assert "**Resumen:** 1 entrada(s) agregada(s), 1 retirada(s), 1 modificada(s)." in out
    assert "#### Agregada: `linea-c` — Línea C" in out
    assert "**Correo nuevo:** `nueva@ejemplo.gob.cl`" in out
    # Where the new entry serves, so the reviewer checks the región (issue 22).
    assert "| `service_area.region` | *(sin valor)* | `05` |" in out
    assert "| `level` | *(sin valor)* | `regional` |" in out
    assert "#### Retirada: `linea-b` — Línea B" in out
    assert "**Teléfono retirado:** `+56 2 2345 6789`" in out
    assert "### `data/channels.yaml`" in out
    assert "`133` → `138`" in out and "#### ⚠️ Modificada: `canal-1`" in out


def test_invalid_side_is_reported_not_raised(repo):
    base = _commit(repo, {"data/resources.yaml": RESOURCES}, "base")
    head = _commit(repo, {"data/resources.yaml": RESOURCES + "  - id: [roto\n"}, "roto")
    proc = _diff(repo, base, head)
    assert proc.returncode == 0
    assert "No se pudo leer" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_unknown_revision_is_explained(repo):
    _commit(repo, {"data/resources.yaml": RESOURCES}, "base")
    proc = _diff(repo, "no-existe", "HEAD")
    assert proc.returncode == 2
    assert "no es un archivo ni una revisión de git conocida" in proc.stderr


def test_two_file_paths(tmp_path):
    old, new = tmp_path / "antes.yaml", tmp_path / "despues.yaml"
    old.write_text(RESOURCES, "utf-8")
    new.write_text(RESOURCES.replace("https://www.ejemplo.gob.cl/", "https://otro.example.org/"), "utf-8")
    files = changes.compare_paths(old, new)
    text = changes.markdown(files, base="antes", head="después")
    assert "**Sitio web cambiado:** `https://www.ejemplo.gob.cl/` → `https://otro.example.org/`" in text


def test_names_from_data_are_escaped(tmp_path):
    old_text = RESOURCES
    new_text = RESOURCES.replace("Línea A", "'<img src=x onerror=alert(1)> [x](javascript:1)'")
    result = changes.compare_texts("data/resources.yaml", old_text, new_text)
    text = changes.markdown([result], base="a", head="b")
    heading = next(line for line in text.splitlines() if line.startswith("#### "))
    assert "&lt;img" in heading and "<img" not in heading
    assert "[x](javascript" not in heading
    # elsewhere the value is shown as code (rendered literally, never as HTML or a link)
    assert "| `<img src=x onerror=alert(1)> [x](javascript:1)` |" in text

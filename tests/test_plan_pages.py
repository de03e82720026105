"""The Plan pages as a reader sees them: the real site (no report yet) and fictitious fixture reports."""
from __future__ import annotations

import functools
import html as htmllib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "plan"


def _copy_project(dest: Path) -> Path:
    for name in ("docs", "overrides", "hooks", "data", "mitp", "schemas"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for generated in (dest / "docs").glob("*/plan/informes"):
        shutil.rmtree(generated)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def _build(reports: Path, today: str) -> subprocess.CompletedProcess:
    work = Path(tempfile.mkdtemp(prefix="mitp-plan-"))
    project = _copy_project(work / "project")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MITP_PLAN_REPORTS=str(reports), MITP_TODAY=today)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(work / "site")],
                          cwd=project, env=env, capture_output=True, text=True)
    proc.site = work / "site"
    return proc


@functools.lru_cache(maxsize=None)
def _fixture_site(today: str) -> Path:
    proc = _build(FIXTURES / "reports", today)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.site


def _main(site: Path, path: str) -> str:
    page = (site / path / "index.html").read_text("utf-8")
    return page[page.index("<article"):page.index("</article>")]


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)))


# The real site: no progress report has been published.


def test_no_report_yet_is_said_and_no_status_is_invented(site):
    summary = _text(_main(site, "plan"))
    assert "Este sitio todavía no tiene ningún informe de avance del Plan" in summary
    assert "No iniciada" in summary           # the scale is shown…
    for status in ("Completada", "Avance sustancial", "Avance limitado", "No iniciada"):
        # …but every action counts as "sin información publicada": 40 + 3 rows of zeros.
        row = re.search(rf"{status}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", summary)
        assert row and row.groups() == ("0",) * 5, status
    assert re.search(r"Sin información publicada\s+17\s+9\s+9\s+8\s+43", summary)
    reports = _text(_main(site, "plan/informes"))
    assert "Este sitio todavía no tiene ningún informe de avance del Plan" in reports
    assert "This site does not yet have any progress report of the Plan" in _text(_main(site, "en/plan/informes"))


def test_every_action_has_its_anchor_indicator_and_target_on_its_axis_page(site):
    from mitp.plan import data

    plan = data.load_plan()
    for number, expected in zip((1, 2, 3, 4), (17, 9, 9, 8)):
        for prefix in ("", "en/"):
            page = _main(site, f"{prefix}plan/eje-{number}")
            anchors = re.findall(rf'<h3 id="(accion-{number}-\d+-\d+)"', page)
            assert len(anchors) == expected
            assert page.count("Sin información publicada" if not prefix else "No information published") >= expected
    page = _main(site, "plan/eje-2")
    action = plan["actions"]["2-1.3"]
    assert htmllib.escape(action["texto"], quote=False) in page
    assert "Un Protocolo intersectorial actualizado al 31 de diciembre de 2024." in page


def test_english_pages_mark_the_plans_spanish_text(site):
    page = _main(site, "en/plan/eje-1")
    assert "The Plan exists only in Spanish" in page
    assert '<span lang="es">Elaboración de guía informativa de prevención' in page
    assert '<span lang="es">Elaboración' not in _main(site, "plan/eje-1")


def test_background_facts_of_2023_are_not_presented_as_progress(site):
    text = _text(_main(site, "plan"))
    background = text[text.index("Antes de este Plan"):]
    assert "antecedentes" in background and "no avance de este Plan" in background
    assert "25 en total" in background


# Fictitious reports (tests/fixtures/plan/reports): the mechanism.


def test_a_report_has_its_page_in_both_languages_listed_newest_first():
    site = _fixture_site("2026-11-24")
    listing = _main(site, "plan/informes")
    assert listing.index("Informe de prueba B") < listing.index("Informe de prueba A")
    assert 'href="2026-s1-a/"' in listing or 'href="../informes/2026-s1-a/"' in listing
    page = _text(_main(site, "plan/informes/2026-s1-a"))
    assert "Periodo informado: del 1 de enero de 2026 al 31 de marzo de 2026" in page
    assert "1 piezas gráficas" in page
    assert "Test report A (fictitious)" in _text(_main(site, "en/plan/informes/2026-s1-a"))


def test_status_is_the_latest_reports_with_history_and_evidence():
    site = _fixture_site("2026-11-24")
    page = _main(site, "plan/eje-1")
    action = page[page.index('id="accion-1-1-2"'):page.index('id="accion-1-1-3"')]
    text = _text(action)
    assert "Estado Completada" in text
    assert text.index("Informe de prueba B") < text.index("Informe de prueba A")   # newest first
    assert '<a href="https://example.org/piezas"' in action
    assert "Plazo vencido" not in text


def test_a_passed_deadline_without_completion_is_shown_as_overdue():
    page = _main(_fixture_site("2026-11-24"), "plan/eje-2")
    action = _text(page[page.index('id="accion-2-1-3"'):page.index('id="accion-2-1-4"')])
    assert "Avance sustancial" in action
    assert "Plazo vencido" in action and "31 de diciembre de 2024" in action
    early = _main(_fixture_site("2024-06-01"), "plan/eje-2")
    assert "Plazo vencido" not in _text(early[early.index('id="accion-2-1-3"'):early.index('id="accion-2-1-4"')])


def test_text_from_reports_is_escaped_and_only_safe_links_are_made():
    site = _fixture_site("2026-11-24")
    for path in ("plan/eje-2", "plan/informes/2026-s1-a", "en/plan/informes/2026-s1-a"):
        page = _main(site, path)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "javascript:" not in page


def test_an_invalid_report_stops_the_build_with_spanish_problems():
    proc = _build(FIXTURES / "bad_reports", "2026-11-24")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "Los datos del Plan de Acción no son válidos" in out
    assert "2026-s1.yaml:10:5: accion: la acción '1-1.99' no existe en el Plan" in out
    assert "Traceback" not in out

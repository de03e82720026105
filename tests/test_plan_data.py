"""data/plan/plan.yaml says exactly what chapter 7 of the Plan says; reports are checked."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from mitp.plan import data, status

HERE = Path(__file__).parent
SOURCE = HERE / "fixtures" / "plan" / "sources" / "plan-accion-2023-2026.txt"
REPORTS = HERE / "fixtures" / "plan" / "reports"
BAD = HERE / "fixtures" / "plan" / "bad_reports"


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _chapter7_rows() -> dict[tuple[int, str], list[str]]:
    """(axis, action id) -> [action cell, indicator cell, target cell], straight from the source."""
    rows, axis = {}, 0
    text = SOURCE.read_text("utf-8")
    for line in text[text.index("EJE N°1"):].splitlines():
        if m := re.match(r"EJE N°(\d)", line):
            axis = int(m.group(1))
        cells = line.split("\t")
        if len(cells) == 4 and (m := re.match(r"(\d+\.\d+) ", cells[1].strip())):
            rows[(axis, m.group(1))] = [_ws(c) for c in cells[1:]]
    return rows


def _cell(parts: list[str]) -> str:
    """Our parts, joined back: a bullet cell of the source is its parts, with bullets removed."""
    return " ".join(parts)


def _unbullet(cell: str) -> str:
    cell = cell.replace('<ul style="list-style-type: none">', " ")
    return _ws(re.sub(r"(?<!\S)[•·](?!\S)", " ", cell))


def test_the_plan_has_43_actions_17_9_9_8():
    plan = data.load_plan()
    per_axis = [sum(1 for a in plan["actions"].values() if a["eje"] == n) for n in (1, 2, 3, 4)]
    assert per_axis == [17, 9, 9, 8]
    assert len(_chapter7_rows()) == 43


def test_every_action_indicator_and_target_is_the_plans_text():
    plan, rows = data.load_plan(), _chapter7_rows()
    assert {(a["eje"], a["id"]) for a in plan["actions"].values()} == set(rows)
    for action in plan["actions"].values():
        text, indicator, target = rows[(action["eje"], action["id"])]
        where = f"eje {action['eje']}, acción {action['id']}"
        assert _ws(f"{action['id']} {action['texto']}") == text, where
        assert _ws(_cell(action["indicador"])) == _unbullet(indicator), where
        assert _ws(_cell([m["texto"] for m in action["meta"]])) == _unbullet(target), where


def test_axis_objective_coordinator_and_lines_are_the_plans_text():
    text = _ws(SOURCE.read_text("utf-8"))
    for eje in data.load_plan()["ejes"]:
        assert f"Objetivo del Eje: {eje['objetivo']}" in text
        assert f"Institución coordinadora:** {eje['coordinadora']}." in text
        assert eje["nombre"] in text
        for linea in eje["lineas"]:
            assert f"{linea['numero']}. {linea['texto']}" in text


def test_target_dates_are_the_dates_the_target_writes():
    months = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
    for action in data.load_plan()["actions"].values():
        for part in action["meta"]:
            if "fecha" in part:
                d = part["fecha"]
                assert re.search(rf"{d.day} de {months[d.month - 1]}\b.*{d.year}", part["texto"]), part
            for year in part.get("años", []):
                assert str(year) in part["texto"]


def test_reports_sorted_and_status_is_that_of_the_latest_report():
    reports = data.load_reports(REPORTS)
    assert [r["id"] for r in reports] == ["2026-s1-a", "2026-s1-b"]
    assert status.current("1-1.2", reports) == "completada"
    assert [e["estado"] for e in status.history("1-1.2", reports)] == ["limitado", "completada"]
    assert status.current("2-1.3", reports) == "sustancial"
    # No report mentions it: no invented status.
    assert status.current("3-1.3", reports) == "sin_informacion"
    assert status.current("3-1.3", []) == "sin_informacion"


def test_summary_counts_every_action_once_per_axis():
    plan = data.load_plan()
    rows = status.summary(plan, data.load_reports(REPORTS))
    assert [r["total"] for r in rows] == [17, 9, 9, 8]
    assert rows[0]["counts"]["completada"] == 1 and rows[0]["counts"]["sin_informacion"] == 16
    assert rows[3]["counts"]["no_iniciada"] == 1
    assert all(sum(r["counts"].values()) == r["total"] for r in rows)
    nothing = status.summary(plan, [])
    assert all(r["counts"]["sin_informacion"] == r["total"] for r in nothing)


def test_a_passed_target_date_without_completion_is_overdue():
    action = data.load_plan()["actions"]["2-1.3"]      # target: 31 de diciembre de 2024
    assert status.overdue(action, "sustancial", date(2024, 12, 31)) == []
    assert [p["fecha"] for p in status.overdue(action, "sustancial", date(2025, 1, 1))] == [date(2024, 12, 31)]
    assert status.overdue(action, "completada", date(2030, 1, 1)) == []
    yearly = data.load_plan()["actions"]["1-2.3"]      # parts for 2024, 2025, 2026
    assert len(status.overdue(yearly, "sin_informacion", date(2025, 6, 1))) == 1
    undated = data.load_plan()["actions"]["1-1.3"]     # "Cuatro gráficas elaboradas."
    assert status.overdue(undated, "sin_informacion", date(2030, 1, 1)) == []


def test_indicator_counts_activities_per_action_per_year():
    keys = ["1-1.7", "1-1.8", "1-1.2"]
    activities = [
        {"serves": ["1-1.7", "1-1.8"], "start": date(2025, 7, 30)},
        {"serves": "1-1.7", "start": "2025-08-02"},
        {"serves": ["1-1.7", "1-1.7"], "start": date(2026, 7, 30)},   # named twice: counted once
        {"serves": ["9-9.9"], "start": date(2026, 1, 1)},             # not an action: ignored
        {"title": "no serves", "start": date(2026, 1, 1)},
    ]
    assert status.indicator_counts(keys, activities) == {
        "1-1.7": {2025: 2, 2026: 1}, "1-1.8": {2025: 1}, "1-1.2": {}}


def test_report_problems_are_spanish_with_file_line_and_field():
    with pytest.raises(data.PlanDataError) as caught:
        data.load_reports(BAD)
    text = str(caught.value)
    assert "Traceback" not in text
    assert "2026-s1.yaml:10:5: accion: la acción '1-1.99' no existe en el Plan" in text
    assert "2026-s1.yaml:14:5: accion: la acción '1-1.2' ya aparece en este informe" in text
    assert "2026-s1.yaml:5:3: periodo.hasta: el periodo termina" in text
    assert "2026-s2.yaml:9:3: fuente.url:" in text and "javascript" in text
    assert "2026-s2.yaml:12:5: estado: valor 'en_curso' no válido" in text


def test_no_report_is_shipped_as_real():
    assert not list((Path(data.ROOT) / data.REPORTS_DIR).glob("*.yaml"))
    assert data.load_reports(Path(data.ROOT) / data.REPORTS_DIR) == []


def test_the_contributing_example_is_a_valid_report(tmp_path):
    text = (Path(data.ROOT) / "CONTRIBUTING.md").read_text("utf-8")
    section = text[text.index("## Publicar un informe de avance"):]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1).replace("https://…", "https://example.org/x")
    (tmp_path / "2026-s1-a.yaml").write_text(example, "utf-8")
    [report] = data.load_reports(tmp_path)
    assert report["acciones"][0]["estado"] == "completada"

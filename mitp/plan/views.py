"""What each Plan page shows, in one language, as plain data for the templates.

Texts of the Plan are Spanish only (no official translation exists): they travel as
(text, "es") so the template marks them ``lang="es"`` on pages in other languages. ``root`` is
the relative address of the Plan's first page from the page being built ("", "../", "../../").
"""
from __future__ import annotations

from datetime import date

from mitp.i18n import text_in
from mitp.plan import charts, stats, status
from mitp.plan.data import STATUSES

SAFE_SCHEMES = ("https://", "http://")


def format_date(d: date, language: str) -> str:
    """The site's one date rule (mitp.i18n.format_date, with the language's own month names)."""
    from mitp import i18n, ui

    return i18n.format_date(d, language, ui.strings_for(language))


def _es(text: str) -> dict[str, str]:
    return {"text": text, "lang": "es"}


def _safe(url: str | None) -> str | None:
    return url if url and url.startswith(SAFE_SCHEMES) else None


def _evidence(item: dict, language: str) -> dict:
    return {"title": text_in(item["titulo"], language), "kind": item["tipo"],
            "date": format_date(date.fromisoformat(item["fecha"]), language) if item.get("fecha") else None,
            "url": _safe(item.get("url"))}


def _report_ref(report: dict, language: str, root: str) -> dict:
    return {"id": report["id"], "title": text_in(report["titulo"], language),
            "date": format_date(report["fecha"], language), "iso": report["fecha"].isoformat(),
            "from": format_date(report["periodo"]["desde"], language),
            "to": format_date(report["periodo"]["hasta"], language),
            "url": f"{root}informes/{report['id']}/"}


def _entry(item: dict, language: str) -> dict:
    return {"status": item["estado"],
            "done": text_in(item.get("realizado"), language),
            "figures": [{"value": stats.fmt(f["valor"], language), "unit": text_in(f["unidad"], language)}
                        for f in item.get("cifras") or []],
            "evidence": [_evidence(e, language) for e in item.get("evidencia") or []]}


def anchor(action: dict) -> str:
    return f"accion-{action['eje']}-{action['id'].replace('.', '-')}"


def overview(plan: dict, reports: list[dict], language: str, today: date, root: str = "") -> dict:
    """The Plan at a glance: per axis, how many actions are in each status (computed)."""
    summary = status.summary(plan, reports)
    axes = []
    for eje, row in zip(plan["ejes"], summary):
        overdue = sum(1 for a in plan["actions"].values() if a["eje"] == eje["numero"]
                      and status.overdue(a, status.current(a["key"], reports), today))
        axes.append({"number": eje["numero"], "name": _es(eje["nombre"]), "url": f"{root}eje-{eje['numero']}/",
                     "coordinator": _es(eje["coordinadora"]), "total": row["total"],
                     "counts": [(s, row["counts"][s]) for s in STATUSES], "by_status": dict(row["counts"]),
                     "overdue": overdue})
    totals = {s: sum(r["counts"][s] for r in summary) for s in STATUSES}
    return {"axes": axes, "statuses": STATUSES, "totals": [(s, totals[s]) for s in STATUSES],
            "total": len(plan["actions"]), "reports": len(reports),
            "latest": _report_ref(reports[-1], language, root) if reports else None,
            "today": format_date(today, language), "title": _es(plan["plan"]["titulo"])}


def axis_page(plan: dict, reports: list[dict], number: int, language: str, today: date, root: str = "../",
              activity_counts: dict[str, dict[int, int]] | None = None) -> dict:
    """One axis: its objective and coordinator, and every action with status history."""
    eje = next((e for e in plan["ejes"] if e["numero"] == number), None)
    if eje is None:
        raise KeyError(f"el Plan no tiene un eje {number}")
    lines = []
    for linea in eje["lineas"]:
        actions = []
        for raw in linea["acciones"]:
            action = plan["actions"][f"{number}-{raw['id']}"]
            current = status.current(action["key"], reports)
            late = status.overdue(action, current, today)
            actions.append({
                "id": action["id"], "key": action["key"], "anchor": anchor(action),
                "text": _es(action["texto"]),
                "indicator": [_es(t) for t in action["indicador"]],
                "target": [{"text": _es(m["texto"]),
                            "deadline": format_date(d, language) if (d := status.deadline(m)) else None,
                            "explicit": "fecha" in m, "overdue": m in late} for m in action["meta"]],
                "status": current, "overdue": bool(late),
                # Activities of data/activities.yaml that serve this action, per year (not a status).
                "activities": [{"year": year, "count": count}
                               for year, count in sorted(((activity_counts or {}).get(action["key"]) or {}).items())],
                "history": [{"report": _report_ref(e["report"], language, root), **_entry(e, language)}
                            for e in reversed(status.history(action["key"], reports))],
            })
        lines.append({"number": linea["numero"], "text": _es(linea["texto"]), "actions": actions})
    return {"number": number, "name": _es(eje["nombre"]), "objective": _es(eje["objetivo"]),
            "coordinator": _es(eje["coordinadora"]), "note": _es(eje["nota"]) if eje.get("nota") else None,
            "lines": lines, "today": format_date(today, language), "source": _es(plan["plan"]["fuente"]),
            "activities_url": f"{root}../actividades/"}


def reports_list(reports: list[dict], language: str, root: str = "../") -> list[dict]:
    return [_report_ref(r, language, root) for r in reversed(reports)]


def report_page(report: dict, plan: dict, language: str, root: str = "../../") -> dict:
    items = []
    for item in report["acciones"]:
        action = plan["actions"][item["accion"]]
        items.append({"key": item["accion"], "id": action["id"], "axis": action["eje"],
                      "text": _es(action["texto"]),
                      "url": f"{root}eje-{action['eje']}/#{anchor(action)}", **_entry(item, language)})
    return {**_report_ref(report, language, root), "summary": text_in(report.get("resumen"), language),
            "source": _evidence(report["fuente"], language), "items": items}


def statistics(language: str) -> dict:
    out = []
    for chart in stats.CHARTS:
        out.append({"id": chart["id"], "title": chart["title"][language], "subtitle": chart["subtitle"][language],
                    "unit": chart["unit"][language], "percent": bool(chart.get("percent")),
                    "categories": [names[language] for _, names in chart["categories"]],
                    "rows": [{**row, "cells": [None if c is None else {**c, "text": stats.fmt(c["value"], language)}
                                               for c in row["cells"]]}
                             for row in stats.rows_of(chart, language)],
                    "notes": [n[language] for n in chart.get("notes", [])],
                    "svg": charts.layout(chart, language), "description": charts.describe(chart, language)})
    facts = [{"text": text[language], "period": period, "value": stats.fmt(cell["value"], language),
              "where": cell["where"], "label": cell["label"]} for text, period, cell in stats.FACTS]
    return {"charts": out, "facts": facts, "study": stats.STUDY[language]}

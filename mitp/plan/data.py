"""Plan data files: ``data/plan/plan.yaml`` (the Plan as written) and the progress reports.

Both are declared with the shared registry's ``DataFile`` and read with ``mitp.core.datafile``
(strict YAML with positions, the JSON Schema, the text rules of every file, then the checks
below); every problem is Spanish and names file:line:col and the field.

- ``FILE``: the Plan (listed in ``mitp/registry.py``: ``mitp validate plan``).
- ``REPORT``: one progress report, ``data/plan/reports/<id>.yaml``. The registry reads one file
  per declaration; the reports are a folder, so ``load_reports`` reads each file of it with
  ``REPORT`` (``$MITP_PLAN_REPORTS`` points at another folder: tests, previews). No report yet is
  "no content yet", not an error.
"""
from __future__ import annotations

import math

import os
from datetime import date
from pathlib import Path

from mitp.core import datafile, hygiene
from mitp.core.datafile import Checks, DataFile
from mitp.problems import DataFileError

ROOT = Path(__file__).resolve().parent.parent.parent
STATUSES = ("sin_informacion", "no_iniciada", "limitado", "sustancial", "completada")
UNKNOWN = "sin_informacion"
REPORTS_DIR = "data/plan/reports"


class PlanDataError(ValueError):
    """A plan file is invalid; ``str()`` lists every problem, one per line."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# The Plan


def _plan_checks(c: Checks) -> None:
    data = c.data if isinstance(c.data, dict) else {}
    span = data.get("plan") if isinstance(data.get("plan"), dict) else {}
    first, last = span.get("desde"), span.get("hasta")
    seen_axes: set = set()
    for e, eje in enumerate(data.get("ejes") or []):
        if not isinstance(eje, dict):
            continue
        if eje.get("numero") in seen_axes:
            c.error(("ejes", e, "numero"), f"el eje {eje.get('numero')} aparece dos veces; cada eje va una sola vez")
        seen_axes.add(eje.get("numero"))
        ids: set = set()
        for l, linea in enumerate(eje.get("lineas") or []):
            if not isinstance(linea, dict):
                continue
            for a, accion in enumerate(linea.get("acciones") or []):
                if not isinstance(accion, dict) or not isinstance(accion.get("id"), str):
                    continue
                here = ("ejes", e, "lineas", l, "acciones", a)
                if accion["id"].split(".")[0] != str(linea.get("numero")):
                    c.error(here + ("id",), f"la acción '{accion['id']}' está en la línea {linea.get('numero')}; "
                                            f"su número debería empezar por '{linea.get('numero')}.'")
                if accion["id"] in ids:
                    c.error(here + ("id",), f"la acción '{accion['id']}' ya existe en el eje {eje.get('numero')}")
                ids.add(accion["id"])
                for m, meta in enumerate(accion.get("meta") or []):
                    years = meta.get("años") if isinstance(meta, dict) else None
                    if (isinstance(years, list) and isinstance(first, int) and isinstance(last, int)
                            and not all(isinstance(y, int) and first <= y <= last for y in years)):
                        c.error(here + ("meta", m, "años"), f"los años deben estar entre {first} y {last}, los del Plan")


def _plan_records(data: dict) -> dict:
    """``{"plan", "ejes", "actions": {key: action}}``; an action's key is ``"<eje>-<id>"``
    ("1-1.2": axis 1, action 1.2), the form reports use. Target dates become dates."""
    actions: dict[str, dict] = {}
    for eje in data["ejes"]:
        for linea in eje["lineas"]:
            for accion in linea["acciones"]:
                for meta in accion["meta"]:
                    if isinstance(meta.get("fecha"), str):
                        meta["fecha"] = date.fromisoformat(meta["fecha"])
                accion.update(key=f"{eje['numero']}-{accion['id']}", eje=eje["numero"], linea=linea["numero"])
                actions[accion["key"]] = accion
    return {"plan": data["plan"], "ejes": data["ejes"], "actions": actions}


FILE = DataFile(name="plan", path="data/plan/plan.yaml", schema="schemas/plan.schema.json",
                records=_plan_records, checks=_plan_checks,
                title="el Plan de Acción 2023-2026 (ejes, líneas y acciones)")


def load_plan(path: Path | None = None, *, root: Path | None = None) -> dict:
    try:
        return datafile.load(FILE, path=path, root=root).records
    except DataFileError as exc:
        raise PlanDataError(list(exc.problems)) from None


# Progress reports


def _report_checks(c: Checks) -> None:
    data = c.data if isinstance(c.data, dict) else {}
    name = Path(c.document.path).stem
    if not all(ch.isdigit() or ("a" <= ch <= "z") or ch == "-" for ch in name):
        c.error((), f"el nombre del archivo '{name}.yaml' debe usar solo minúsculas, números y guiones "
                    "(es la dirección de la página del informe), por ejemplo '2026-s1-a.yaml'")
    periodo = data.get("periodo") if isinstance(data.get("periodo"), dict) else {}
    try:
        desde, hasta = date.fromisoformat(periodo["desde"]), date.fromisoformat(periodo["hasta"])
        fecha = date.fromisoformat(data["fecha"])
    except (KeyError, TypeError, ValueError):
        desde = hasta = fecha = None
    hygiene.check_title(c, ("titulo",), data.get("titulo"))
    if fecha and fecha > c.today:
        c.error(("fecha",), f"la fecha {fecha} está en el futuro: agrega el informe el día en que se publica")
    for i, item in enumerate(data.get("acciones") or []):
        for k, figure in enumerate((item.get("cifras") if isinstance(item, dict) else None) or []):
            value = figure.get("valor") if isinstance(figure, dict) else None
            if isinstance(value, float) and not math.isfinite(value):
                c.error(("acciones", i, "cifras", k, "valor"), f"'{value}' no es una cifra: escribe el número "
                                                               "(p. ej. 12 o 3.5)")
    if desde and desde > hasta:
        c.error(("periodo", "hasta"), f"el periodo termina ({hasta}) antes de empezar ({desde})")
    if fecha and hasta and fecha < hasta:
        c.error(("fecha",), f"el informe se publica ({fecha}) antes de terminar el periodo que informa "
                            f"({hasta}); la fecha debe ser igual o posterior")
    try:
        actions = list(load_plan(root=_PLAN_ROOT.get("root"))["actions"])
    except PlanDataError:
        return   # the Plan's own errors are reported with the Plan
    seen: set = set()
    for i, item in enumerate(data.get("acciones") or []):
        key = item.get("accion") if isinstance(item, dict) else None
        if not isinstance(key, str):
            continue
        if key not in actions:
            c.error(("acciones", i, "accion"),
                    f"la acción '{key}' no existe en el Plan; se escribe eje-acción, por ejemplo '1-1.2' "
                    f"(las válidas van de '{actions[0]}' a '{actions[-1]}')")
        elif key in seen:
            c.error(("acciones", i, "accion"), f"la acción '{key}' ya aparece en este informe")
        seen.add(key)


def _report_records(data: dict) -> dict:
    data["fecha"] = date.fromisoformat(data["fecha"])
    data["periodo"] = {k: date.fromisoformat(v) for k, v in data["periodo"].items()}
    return data


REPORT = DataFile(name="plan-report", path=f"{REPORTS_DIR}/informe.yaml", schema="schemas/plan-report.schema.json",
                  records=_report_records, checks=_report_checks, title="un informe de avance del Plan")
_PLAN_ROOT: dict = {}


def reports_dir(root: Path | None = None) -> Path:
    override = os.environ.get("MITP_PLAN_REPORTS")
    return Path(override) if override else datafile.project_root(root) / REPORTS_DIR


def load_reports(folder: Path | None = None, *, root: Path | None = None) -> list[dict]:
    """Every progress report of the folder (``*.yaml``), oldest first; [] when there is none.

    A report's ``id`` is its file name without ``.yaml`` (its page address). Raises
    PlanDataError with the problems of every file at once.
    """
    folder = Path(folder) if folder is not None else reports_dir(root)
    if not folder.is_dir():
        return []
    _PLAN_ROOT["root"] = root
    reports, problems = [], []
    for path in sorted(folder.glob("*.yaml")):
        try:
            report = dict(datafile.load(REPORT, path=path, root=root).records)
        except DataFileError as exc:
            problems += exc.problems
            continue
        report["id"] = path.stem
        reports.append(report)
    if problems:
        raise PlanDataError(problems)
    return sorted(reports, key=lambda r: (r["fecha"], r["periodo"]["hasta"], r["id"]))

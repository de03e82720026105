"""Plan data files: ``data/plan/plan.yaml`` (the Plan as written) and the progress reports.

Both are declared once here (``FILE`` / ``REPORTS``, the shape of the shared registry's
``DataFile``) and read with the project's bricks: strict YAML with positions (mitp.yamlload),
the JSON Schema (mitp.validation), then the checks a schema cannot say. Every problem is
Spanish and names file:line:col and the field.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
STATUSES = ("sin_informacion", "no_iniciada", "limitado", "sustancial", "completada")
UNKNOWN = "sin_informacion"


@dataclass(frozen=True)
class Declared:
    name: str        # CLI name and env override (MITP_PLAN, MITP_PLAN_REPORTS)
    path: str        # relative to the project root
    schema: str


FILE = Declared("plan", "data/plan/plan.yaml", "schemas/plan.schema.json")
# A folder: one YAML file per progress report; no report yet is "no content yet", not an error.
REPORTS = Declared("plan_reports", "data/plan/reports", "schemas/plan-report.schema.json")


class PlanDataError(ValueError):
    """A plan file is invalid; ``str()`` lists every problem, one per line."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def plan_path() -> Path:
    return Path(os.environ.get("MITP_PLAN") or ROOT / FILE.path)


def reports_dir() -> Path:
    return Path(os.environ.get("MITP_PLAN_REPORTS") or ROOT / REPORTS.path)


def _document(path: Path, schema: str):
    from mitp import validation, yamlload

    try:
        document = yamlload.load_file(path, dates=False)
    except yamlload.YAMLLoadError as exc:
        raise PlanDataError(list(exc.problems)) from None
    problems = validation.schema_problems(document, validation.load_validator(ROOT / schema))
    if problems:
        raise PlanDataError(problems)
    return document


# The Plan


_plan_cache: dict = {}


def load_plan(path: Path | None = None) -> dict:
    """The Plan as plain data: ``{"plan": {...}, "ejes": [...], "actions": {key: action}}``.

    An action's key is ``"<eje>-<id>"`` ("1-1.2": axis 1, action 1.2), the form reports use.
    Each action gets ``key``, ``eje``, ``linea`` and its target parts with ``fecha`` as a date.
    """
    path = Path(path or plan_path())
    stamp = (str(path), path.stat().st_mtime_ns)
    if _plan_cache.get("stamp") == stamp:
        return _plan_cache["plan"]
    from mitp.validation import make_problem

    document = _document(path, FILE.schema)
    data = document.data
    problems = []
    seen_axes: set[int] = set()
    actions: dict[str, dict] = {}
    for e, eje in enumerate(data["ejes"]):
        if eje["numero"] in seen_axes:
            problems.append(make_problem(document, ("ejes", e, "numero"),
                                         f"el eje {eje['numero']} aparece dos veces; cada eje va una sola vez"))
        seen_axes.add(eje["numero"])
        for l, linea in enumerate(eje["lineas"]):
            for a, accion in enumerate(linea["acciones"]):
                here = ("ejes", e, "lineas", l, "acciones", a)
                first = int(accion["id"].split(".")[0])
                if first != linea["numero"]:
                    problems.append(make_problem(
                        document, here + ("id",),
                        f"la acción '{accion['id']}' está en la línea {linea['numero']}; "
                        f"su número debería empezar por '{linea['numero']}.'"))
                key = f"{eje['numero']}-{accion['id']}"
                if key in actions:
                    problems.append(make_problem(document, here + ("id",),
                                                 f"la acción '{accion['id']}' ya existe en el eje {eje['numero']}"))
                    continue
                for m, meta in enumerate(accion["meta"]):
                    años = meta.get("años") or []
                    if años and not all(data["plan"]["desde"] <= y <= data["plan"]["hasta"] for y in años):
                        problems.append(make_problem(
                            document, here + ("meta", m, "años"),
                            f"los años deben estar entre {data['plan']['desde']} y {data['plan']['hasta']}, "
                            "los del Plan"))
                    if "fecha" in meta:
                        meta["fecha"] = date.fromisoformat(meta["fecha"])
                accion.update(key=key, eje=eje["numero"], linea=linea["numero"])
                actions[key] = accion
    if problems:
        raise PlanDataError(problems)
    plan = {"plan": data["plan"], "ejes": data["ejes"], "actions": actions}
    _plan_cache.update(stamp=stamp, plan=plan)
    return plan


# Progress reports


def load_reports(folder: Path | None = None, plan: dict | None = None) -> list[dict]:
    """Every progress report of ``folder`` (``*.yaml``), oldest first; [] when there is none.

    A report's ``id`` is its file name without ``.yaml`` (its page address). Raises
    PlanDataError with the problems of every file at once.
    """
    from mitp.validation import make_problem

    folder = Path(folder or reports_dir())
    plan = plan or load_plan()
    if not folder.is_dir():
        return []
    reports, problems = [], []
    for path in sorted(folder.glob("*.yaml")):
        try:
            document = _document(path, REPORTS.schema)
        except PlanDataError as exc:
            problems += exc.problems
            continue
        data = document.data
        here_problems = []
        if not path.stem.replace("-", "").isalnum() or path.stem != path.stem.lower():
            here_problems.append(make_problem(
                document, (), f"el nombre del archivo '{path.name}' debe usar solo minúsculas, números y "
                "guiones (es la dirección de la página del informe), por ejemplo '2026-s1-a.yaml'"))
        desde, hasta = (date.fromisoformat(data["periodo"][k]) for k in ("desde", "hasta"))
        if desde > hasta:
            here_problems.append(make_problem(document, ("periodo", "hasta"),
                                              f"el periodo termina ({hasta}) antes de empezar ({desde})"))
        fecha = date.fromisoformat(data["fecha"])
        if fecha < hasta:
            here_problems.append(make_problem(
                document, ("fecha",), f"el informe se publica ({fecha}) antes de terminar el periodo que "
                f"informa ({hasta}); la fecha debe ser igual o posterior"))
        seen: set[str] = set()
        for i, item in enumerate(data["acciones"]):
            if item["accion"] not in plan["actions"]:
                here_problems.append(make_problem(
                    document, ("acciones", i, "accion"),
                    f"la acción '{item['accion']}' no existe en el Plan; se escribe eje-acción, por "
                    f"ejemplo '1-1.2' (las válidas van de '1-1.1' a '{list(plan['actions'])[-1]}')"))
            elif item["accion"] in seen:
                here_problems.append(make_problem(document, ("acciones", i, "accion"),
                                                  f"la acción '{item['accion']}' ya aparece en este informe"))
            seen.add(item["accion"])
        problems += here_problems
        if here_problems:
            continue
        data.update(id=path.stem, fecha=fecha, periodo={"desde": desde, "hasta": hasta}, path=path)
        reports.append(data)
    if problems:
        raise PlanDataError(problems)
    return sorted(reports, key=lambda r: (r["fecha"], r["periodo"]["hasta"], r["id"]))

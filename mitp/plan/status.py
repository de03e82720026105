"""An action's status, its history and deadlines; counts per axis; activities per indicator.

Two questions kept apart, as Open SDG does: *is there published information?* (an action no
report mentions is "sin_informacion", never a guessed status) and *how far along is it?* (the
OGP completion scale: no iniciada, limitado, sustancial, completada). Plain functions of plain
data: ``today`` is always passed in, so tests choose the date.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Iterable

from mitp.plan.data import STATUSES, UNKNOWN

DONE = "completada"


def history(key: str, reports: list[dict]) -> list[dict]:
    """What every report says about one action, oldest report first."""
    entries = []
    for report in reports:
        for item in report["acciones"]:
            if item["accion"] == key:
                entries.append({"report": report, **item})
    return entries


def current(key: str, reports: list[dict]) -> str:
    """The status of the latest report that mentions the action; else "sin_informacion"."""
    entries = history(key, reports)
    return entries[-1]["estado"] if entries else UNKNOWN


def deadline(part: dict) -> date | None:
    """When a target part falls due: its date, or the last day of the last year it names."""
    if part.get("fecha"):
        return part["fecha"]
    if part.get("años"):
        return date(max(part["años"]), 12, 31)
    return None


def overdue(action: dict, status: str, today: date) -> list[dict]:
    """The target parts whose deadline has passed while no report says the action is complete."""
    if status == DONE:
        return []
    return [part for part in action["meta"] if (d := deadline(part)) is not None and d < today]


def summary(plan: dict, reports: list[dict]) -> list[dict]:
    """Per axis: how many actions are in each status (every status listed, zeros too) and %."""
    rows = []
    for eje in plan["ejes"]:
        keys = [a["key"] for a in plan["actions"].values() if a["eje"] == eje["numero"]]
        counts = Counter(current(k, reports) for k in keys)
        total = len(keys)
        rows.append({
            "eje": eje["numero"],
            "total": total,
            "counts": {s: counts.get(s, 0) for s in STATUSES},
            "percent": {s: round(100 * counts.get(s, 0) / total) if total else 0 for s in STATUSES},
        })
    return rows


def indicator_counts(actions: Iterable[str] | dict, activities: Iterable[dict]) -> dict[str, dict[int, int]]:
    """How many activities serve each action, per year: ``{"1-1.7": {2025: 2, 2026: 1}}``.

    ``actions`` are the Plan's action keys (or the plan's ``actions`` dict). An activity serves
    the actions named in its ``serves`` (a key or a list of keys, "1-1.7"); its year is that of
    its ``start`` (or ``date``), a date or an ISO text. Every action is in the result, with {}
    when no activity serves it; a key that is not an action of the Plan is ignored here (the
    activities' own checks report it).
    """
    result: dict[str, dict[int, int]] = {key: {} for key in actions}
    counts: dict[str, Counter] = defaultdict(Counter)
    for activity in activities:
        serves = activity.get("serves") or []
        if isinstance(serves, str):
            serves = [serves]
        when = activity.get("start") or activity.get("date")
        if when is None:
            continue
        year = when.year if isinstance(when, date) else int(str(when)[:4])
        for key in dict.fromkeys(serves):
            if key in result:
                counts[key][year] += 1
    for key, by_year in counts.items():
        result[key] = dict(sorted(by_year.items()))
    return result

"""Plan indicator counts computed from the activities, as plain data (for the Plan tracker).

Cancelled activities are counted apart: an indicator such as "número de actividades
implementadas" (Plan de Acción Nacional 2023-2026, acciones 1.7 a 1.10) counts held ones only.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping


def counts(activities: Iterable[Mapping]) -> dict:
    """{"total", "cancelled", "by_year", "by_campaign", "by_plan_action", "by_year_and_plan_action"}.

    Keys are strings (JSON-ready); only activities that are not cancelled are counted by group.
    """
    activities = list(activities)
    held = [a for a in activities if a["status"] != "cancelada"]
    cancelled = len(activities) - len(held)
    by_year = Counter(str(a["start"].year) for a in held)
    by_campaign = Counter(a["campaign"] for a in held if a.get("campaign"))
    by_action = Counter(action for a in held for action in a["plan_actions"])
    by_year_action: dict[str, Counter] = {}
    for a in held:
        for action in a["plan_actions"]:
            by_year_action.setdefault(str(a["start"].year), Counter())[action] += 1
    return {
        "total": len(held),
        "cancelled": cancelled,
        "by_year": dict(sorted(by_year.items())),
        "by_campaign": dict(sorted(by_campaign.items())),
        "by_plan_action": dict(sorted(by_action.items(), key=lambda kv: _action_key(kv[0]))),
        "by_year_and_plan_action": {
            year: dict(sorted(c.items(), key=lambda kv: _action_key(kv[0])))
            for year, c in sorted(by_year_action.items())
        },
    }


def _action_key(action: str) -> tuple[int, ...]:
    """"1-1.7" (eje-acción, the keys of data/plan/plan.yaml) → (1, 1, 7), for sorting."""
    return tuple(int(part) for part in action.replace("-", ".").split("."))

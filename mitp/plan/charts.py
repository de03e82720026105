"""Geometry of the horizontal bar charts of the statistics page, as plain data.

overrides/partials/plan/chart.svg.html draws what this returns; colours come from CSS classes
(``mitp-chart__bar--0``…), never from inline styles (the site's CSP forbids them). Each bar has
its category written above it and its value beside it, so colour is never the only cue.
The drawing is 320 units wide, the width of a small phone: its text stays readable there.
"""
from __future__ import annotations

from mitp.plan import stats

WIDTH = 320
VALUE_ROOM = 64        # right of the longest bar: its value
BAR = 16
LABEL = 17             # a line of text above a bar
HEADING = 24
GAP = 12


def layout(chart: dict, language: str) -> dict:
    rows = stats.rows_of(chart, language)
    values = [c["value"] for r in rows for c in r["cells"] if c is not None]
    top = max(values)
    grouped = len(chart["categories"]) > 1
    items, y = [], 4
    for row in rows:
        if grouped:
            y += HEADING - 6
            items.append({"kind": "heading", "x": 0, "y": y, "text": row["label"]})
            y += 6
        for index, ((_, names), cell) in enumerate(zip(chart["categories"], row["cells"])):
            if cell is None:
                continue
            y += LABEL - 4
            items.append({"kind": "label", "x": 0, "y": y,
                          "text": names[language] if grouped else row["label"]})
            y += 4
            width = max(1.0, round((WIDTH - VALUE_ROOM) * cell["value"] / top, 1))
            text = stats.fmt(cell["value"], language) + (" %" if chart.get("percent") and language == "es"
                                                        else "%" if chart.get("percent") else "")
            items.append({"kind": "bar", "x": 0, "y": y, "w": width, "h": BAR, "cls": index})
            items.append({"kind": "value", "x": round(width + 6, 1), "y": y + BAR - 3,
                          "text": text + (" †" if cell["label"] else "")})
            y += BAR + 6
        y += GAP - 6
    return {"width": WIDTH, "height": y, "items": items}


def describe(chart: dict, language: str) -> str:
    """The chart's numbers in one sentence per row: its long description."""
    parts = []
    for row in stats.rows_of(chart, language):
        cells = [f"{names[language]}: {stats.fmt(c['value'], language)}"
                 for (_, names), c in zip(chart["categories"], row["cells"]) if c is not None]
        parts.append(f"{row['label']} ({row['period']}): " + ", ".join(cells) + ".")
    return " ".join(parts)

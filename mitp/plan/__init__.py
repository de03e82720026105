"""The Plan de Acción Nacional contra la Trata de Personas 2023-2026 in the open.

data.py     reads and validates data/plan/plan.yaml and the progress reports (data/plan/reports/)
status.py   an action's status and history, deadlines, the summary per axis, indicator counts
stats.py    the figures of the study (chapter 4), as plain data (page, chart and CSV read the same dict)
charts.py   the geometry of the bar charts (drawn by overrides/partials/plan/chart.svg.html)
views.py    what each page shows, in one language, as plain data for the templates
"""

"""Hook: the Plan de Acción 2023-2026 pages and the statistics page (issue 13).

- ``on_config`` loads data/plan/plan.yaml and the progress reports (data/plan/reports/), stops
  the build with every problem (file:line:col) if one is invalid, and writes one small page per
  report into ``docs/<lang>/plan/informes/`` (git-ignored);
- ``on_page_content`` swaps the markers ``<!-- mitp:plan-resumen -->``, ``plan-eje N``,
  ``plan-informes``, ``plan-informe ID`` and ``plan-estadisticas`` for markup rendered by
  ``overrides/partials/plan/`` (autoescaped);
- ``on_post_build`` writes the statistics CSV once (default language's build).

The logic lives in mitp/plan/. ``MITP_TODAY`` (AAAA-MM-DD) sets the date deadlines are
compared with (tests); by default it is the day of the build.
"""
from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mitp import ui
from mitp.plan import data, pages, views
from mitp.plan.stats import csv_rows

_MARKER = re.compile(r"<!--\s*mitp:(plan-[a-z]+)((?:\s+[a-z0-9-]+)?)\s*-->")
CSV_PATH = "datos/plan/estadisticas.csv"


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        plan = data.load_plan()
        reports = data.load_reports(plan=plan)
    except data.PlanDataError as exc:
        raise PluginError(f"Los datos del Plan de Acción no son válidos:\n{exc}") from None
    _state.update(plan=plan, reports=reports,
                  today=date.fromisoformat(os.environ["MITP_TODAY"]) if os.environ.get("MITP_TODAY") else date.today())
    pages.sync(Path(config.docs_dir), reports, _languages(config))
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "mitp:plan-" not in html:
        return html
    return _MARKER.sub(lambda m: _render(m.group(1), m.group(2).strip(), page, config), html)


def on_post_build(*, config: MkDocsConfig) -> None:
    if ui.current_language(config) != ui.DEFAULT_LANGUAGE:
        return
    out = Path(config.site_dir) / CSV_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows("es"))
    out.write_text(buffer.getvalue(), encoding="utf-8")


# Helper functions

_state: dict = {}


def _languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [config.theme["language"]]
    return [lang.locale for lang in i18n.config.languages if lang.build]


def _render(kind: str, arg: str, page: Page, config: MkDocsConfig) -> str:
    language = ui.current_language(config)
    plan, reports, today = _state["plan"], _state["reports"], _state["today"]
    url = page.url
    root = "../" * url[url.index("plan/") + len("plan/"):].count("/") if "plan/" in url else ""
    env = ui.content_environment(config)
    if kind == "plan-resumen":
        return env.get_template("partials/plan/summary.html").render(plan=views.overview(plan, reports, language, today, root))
    if kind == "plan-eje" and arg.isdigit():
        try:
            axis = views.axis_page(plan, reports, int(arg), language, today, root)
        except KeyError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc.args[0]}") from None
        return env.get_template("partials/plan/axis.html").render(axis=axis)
    if kind == "plan-informes":
        return env.get_template("partials/plan/reports.html").render(reports=views.reports_list(reports, language, root))
    if kind == "plan-informe":
        report = next((r for r in reports if r["id"] == arg), None)
        if report is None:
            raise PluginError(f"{page.file.src_uri}: no hay un informe de avance '{arg}' en data/plan/reports/")
        return env.get_template("partials/plan/report.html").render(report=views.report_page(report, plan, language, root))
    if kind == "plan-estadisticas":
        stats = views.statistics(language)
        stats["csv_url"] = "../" * url.count("/") + CSV_PATH
        return env.get_template("partials/plan/statistics.html").render(stats=stats)
    raise PluginError(f"{page.file.src_uri}: marcador desconocido 'mitp:{kind} {arg}'; los válidos son "
                      "plan-resumen, plan-eje N, plan-informes, plan-informe ID y plan-estadisticas")

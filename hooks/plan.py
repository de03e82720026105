"""Hook: the Plan de Acción 2023-2026 pages and the statistics page (issue 13).

- ``on_config`` loads data/plan/plan.yaml and the progress reports (data/plan/reports/), stops
  the build with every problem (file:line:col) if one is invalid, and writes one small page per
  report into ``docs/<lang>/plan/informes/`` (git-ignored);
- the markers ``<!-- mitp:plan-resumen -->``, ``plan-eje N``, ``plan-informes``,
  ``plan-informe ID`` and ``plan-estadisticas`` are registered with ``mitp.core.render`` (which
  hooks/markers.py runs) and rendered by ``overrides/partials/plan/`` (autoescaped);
- the statistics CSV is an output declared in ``mitp/registry.py`` (``mitp.plan.outputs``).

The logic lives in mitp/plan/. ``MITP_TODAY`` (AAAA-MM-DD) sets the date deadlines are
compared with (tests); by default it is the day of the build.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from mitp import i18n
from mitp.core import clock, render
from mitp.plan import data, outputs, pages, stats, status, views


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    try:
        plan = data.load_plan(root=root)
        reports = data.load_reports(root=root)
    except data.PlanDataError as exc:
        raise PluginError(f"Los datos del Plan de Acción no son válidos:\n{exc}") from None
    _state.update(plan=plan, reports=reports, today=clock.today(),
                  activities=_activity_counts(plan, root))
    pages.sync(Path(config.docs_dir), reports, i18n.languages(config))
    return config


# Helper functions

_state: dict = {}


def _activity_counts(plan: dict, root: Path) -> dict[str, dict[int, int]]:
    """Activities published on the site (data/activities.yaml, not cancelled) per Plan action and
    year: the indicators of actions 1.7 to 1.10 count them (hooks/campaigns.py stops the build on a
    broken activities file, with its own messages)."""
    from mitp.campaigns import data as campaigns
    from mitp.core import datafile
    from mitp.problems import DataFileError

    try:
        activities = datafile.load(campaigns.ACTIVITIES, root=root).records
    except DataFileError:
        return {}
    held = [{"serves": a["plan_actions"], "start": a["start"]} for a in activities if a["status"] != "cancelada"]
    return status.indicator_counts(plan["actions"], held)


def _root(page: Page) -> str:
    """From this page back to the Plan's first page ("", "../", "../../")."""
    url = page.url
    return "../" * url[url.index("plan/") + len("plan/"):].count("/") if "plan/" in url else ""


def _template(config: MkDocsConfig, name: str):
    return render.content_environment(config).get_template(f"partials/plan/{name}.html")


def _summary(args: str, page: Page, config: MkDocsConfig) -> str:
    view = views.overview(_state["plan"], _state["reports"], i18n.current(config), _state["today"], _root(page))
    return _template(config, "summary").render(plan=view)


def _axis(args: str, page: Page, config: MkDocsConfig) -> str:
    try:
        view = views.axis_page(_state["plan"], _state["reports"], int(args), i18n.current(config),
                               _state["today"], _root(page), activity_counts=_state["activities"])
    except (KeyError, ValueError):
        numbers = ", ".join(str(e["numero"]) for e in _state["plan"]["ejes"])
        raise PluginError(f"{page.file.src_uri}: 'mitp:plan-eje {args}': el Plan tiene los ejes {numbers}") from None
    return _template(config, "axis").render(axis=view)


def _reports(args: str, page: Page, config: MkDocsConfig) -> str:
    view = views.reports_list(_state["reports"], i18n.current(config), _root(page))
    return _template(config, "reports").render(reports=view)


def _report(args: str, page: Page, config: MkDocsConfig) -> str:
    report = next((r for r in _state["reports"] if r["id"] == args), None)
    if report is None:
        raise PluginError(f"{page.file.src_uri}: no hay un informe de avance '{args}' en data/plan/reports/")
    view = views.report_page(report, _state["plan"], i18n.current(config), _root(page))
    return _template(config, "report").render(report=view)


def _statistics(args: str, page: Page, config: MkDocsConfig) -> str:
    # The study's figures have their words in es/en only; another language's page (Kreyòl: the
    # Spanish page shown as fallback, marked lang="es") shows them in Spanish.
    language = i18n.current(config)
    view = views.statistics(language if language in stats.STUDY else i18n.DEFAULT)
    view["csv_url"] = "../" * page.url.count("/") + outputs.CSV_PATH
    return _template(config, "statistics").render(stats=view)


render.register("plan-resumen", _summary, stylesheet="plan.css")
render.register("plan-eje", _axis, stylesheet="plan.css")
render.register("plan-informes", _reports, stylesheet="plan.css")
render.register("plan-informe", _report, stylesheet="plan.css")
render.register("plan-estadisticas", _statistics, stylesheet="plan.css")

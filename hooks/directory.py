"""Hook: the directory of support services, built from data/resources.yaml in every language.

- ``on_config`` reads the catalogue through the registry (``mitp.core.datafile.load``: cached on
  the file's mtime, every problem listed, the build stops with the validator's messages) and
  writes the small generated page files of the directory into ``docs/<lang>/directorio/``
  (git-ignored), only where they changed.
- The marker ``<!-- mitp:directorio -->`` of a directory page becomes the listing, rendered by
  ``overrides/partials/directory/page.html`` (the page's front matter says which listing).

The plain logic (which page lists which entry, what an entry and a page show) is in
``mitp/directory.py``; the open-data files are an output (``mitp/registry.py``).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from mitp import catalogue, directory, i18n, ui
from mitp.core import clock, datafile, render
from mitp.problems import DataFileError

log = logging.getLogger("mkdocs.hooks.directory")

TEMPLATE = "partials/directory/page.html"
# Linked from the national page, in this order (their descriptions: data/ui.yaml directory_open_data_*).
OPEN_DATA_FILES = ("resources.json", "resources.csv", "datapackage.json")


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state = _state(config)
    docs_dir = Path(config.docs_dir)
    if state["synced_for"] != (docs_dir, state["key"]):
        strings = {language: ui.strings_for(language) for language in i18n.languages(config)}
        changed = directory.sync_generated_pages(docs_dir, state["pages"], state["territories"], strings)
        if changed:
            log.info(f"Directorio: {len(changed)} archivos de páginas generados o retirados")
        state["synced_for"] = (docs_dir, state["key"])
    return config


# Helper functions


def _render(args: str, page: Page, config: MkDocsConfig) -> str:
    meta = page.meta.get("directorio")
    if not isinstance(meta, dict):
        raise PluginError(f"{page.file.src_uri}: el marcador mitp:directorio necesita 'directorio:' en el "
                          "encabezado de la página (qué listado muestra)")
    state = _state(config)
    language = i18n.current(config)
    target = directory.find_page(state["pages"], meta)
    if target is None:
        raise PluginError(f"{page.file.src_uri}: página del directorio desconocida ({meta!r})")
    data = directory.page_data(
        target, pages=state["pages"], resources_by_id=state["by_id"], views=_views(state, language, config),
        territories=state["territories"], taxonomy=state["taxonomy"], language=language, page_url=page.url,
        open_data=[f"{directory.OPEN_DATA_DIR}/{name}" for name in OPEN_DATA_FILES], site_url=config.site_url or "",
    )
    return render.content_environment(config).get_template(TEMPLATE).render(directory=data, route=_victim_line(config))


def _victim_line(config: MkDocsConfig) -> dict | None:
    """The victims' support line of data/channels.yaml: how to reach an entry with no contact."""
    from mitp import channels

    try:
        records = datafile.load(channels.FILE, root=Path(config.config_file_path).parent).records
    except DataFileError:
        return None  # hooks/channels.py stops the build with the file's problems
    found = channels.for_purposes(records, {"orientacion-victimas"}, i18n.current(config))
    return found[0] if found else None


render.register("directorio", _render)


def _render_coverage(args: str, page: Page, config: MkDocsConfig) -> str:
    """``<!-- mitp:cobertura -->``: what each region of the directory lacks (``mitp cobertura``)."""
    from mitp.directory import coverage

    state = _state(config)
    try:
        kinds = datafile.load(coverage.FILE, root=Path(config.config_file_path).parent).records
    except DataFileError as exc:
        raise PluginError(f"La lista de referencia de la cobertura no es válida:\n{exc}") from None
    areas = coverage.build(state["records"], state["territories"], kinds, today=state["today"],
                           languages=i18n.languages(config))
    data = coverage.page_view(areas, kinds, state["by_id"], language=i18n.current(config), today=state["today"])
    return render.content_environment(config).get_template(COVERAGE_TEMPLATE).render(coverage=data)


COVERAGE_TEMPLATE = "partials/directory/coverage.html"
render.register("cobertura", _render_coverage, stylesheet="coverage.css")

_STATE: dict[str, Any] = {"key": None, "synced_for": None}


def _state(config: MkDocsConfig) -> dict[str, Any]:
    """The validated catalogue and the page plan, rebuilt only when a file they come from changed."""
    from mitp.taxonomy import load_taxonomy
    from mitp.territories import load_territories

    root = Path(config.config_file_path).parent
    try:
        loaded = datafile.load(catalogue.FILE, root=root)
    except DataFileError as exc:
        raise PluginError(f"El catálogo de recursos no es válido:\n{exc}") from None
    territories, taxonomy = load_territories(), load_taxonomy()
    key = (id(loaded.records), id(territories), id(taxonomy), id(ui.load()))
    if _STATE["key"] == key:
        return _STATE
    for warning in loaded.warnings:
        log.info(f"Catálogo: {warning}")
    _STATE.update(
        key=key, territories=territories, taxonomy=taxonomy, records=loaded.records,
        by_id={r["id"]: r for r in loaded.records},
        pages=directory.plan_pages(loaded.records, territories),
        views={},  # language → id → entry view, filled on demand
        today=clock.today(),
    )
    return _STATE


def _views(state: dict[str, Any], language: str, config: MkDocsConfig) -> dict[str, dict]:
    if language not in state["views"]:
        extra = config.extra or {}
        # Reports go by e-mail only if the catalogue gives one for the coordinating institution
        # (extra.catalogue_coordinator: its entry's id); else to the repository's issue form
        # (extra.catalogue_report_url, or the repository GitHub Actions builds the site from).
        coordinator = state["by_id"].get(str(extra.get("catalogue_coordinator") or "")) or {}
        report_email = next(iter(coordinator.get("emails") or ()), "")
        state["views"][language] = {
            resource["id"]: directory.entry_view(
                resource, language=language, territories=state["territories"], taxonomy=state["taxonomy"],
                today=state["today"],
                report_url=directory.report_url_template(str(extra.get("catalogue_report_url") or ""), os.environ),
                report_email=report_email,
            )
            for resource in state["records"]
        }
    return state["views"][language]

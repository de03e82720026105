"""Hook: the directory of support services, built from data/resources.yaml in every language.

- ``on_config`` loads and validates the catalogue (once per change of the data files; the
  i18n plugin runs every event once per language) and writes the small generated page files
  of the directory into ``docs/<lang>/directorio/`` (git-ignored), only where they changed.
  An invalid catalogue stops the build with the validator's messages.
- ``on_page_content`` swaps the marker of a directory page for the listing, rendered by
  ``overrides/partials/directory/page.html`` with the theme's Jinja environment (MkDocs renders
  page content before ``on_env``, so the hook asks the theme for it and passes ``ui`` itself).
- ``on_post_build`` writes the open-data files into ``<site>/datos/`` once, in the default
  language's build.

The plain logic (which page lists which entry, what an entry and a page show, as plain data
with ready links) is in ``mitp/directory.py``.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mitp import directory, ui

log = logging.getLogger("mkdocs.hooks.catalogue")

TEMPLATE = "partials/directory/page.html"
OPEN_DATA_DIR = "datos"
# Linked from the national page, in this order (their descriptions: data/ui.yaml directory_open_data_*).
OPEN_DATA_FILES = ("resources.json", "resources.csv", "datapackage.json")


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state = _state(config)
    docs_dir = Path(config.docs_dir)
    if state["synced_for"] != (docs_dir, state["key"]):
        strings = {language: ui.strings_for(language) for language in _languages(config)}
        changed = directory.sync_generated_pages(docs_dir, state["pages"], state["territories"], strings)
        if changed:
            log.info(f"Directorio: {len(changed)} archivos de páginas generados o retirados")
        state["synced_for"] = (docs_dir, state["key"])
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = page.meta.get("directorio")
    if not isinstance(meta, dict) or directory.MARKER not in html:
        return html  # not a directory page (its front matter names what it lists)
    state = _state(config)
    language = ui.current_language(config)
    target = directory.find_page(state["pages"], meta)
    if target is None:
        raise PluginError(f"{page.file.src_uri}: página del directorio desconocida ({meta!r})")
    data = directory.page_data(
        target, pages=state["pages"], resources_by_id=state["by_id"], views=_views(state, language, config),
        territories=state["territories"], taxonomy=state["taxonomy"], language=language, page_url=page.url,
        open_data=[f"{OPEN_DATA_DIR}/{name}" for name in OPEN_DATA_FILES], site_url=config.site_url or "",
    )
    template = ui.content_environment(config).get_template(TEMPLATE)
    rendered = template.render(directory=data, ui=ui.strings_for(language), route=_victim_line(language))
    return html.replace(directory.MARKER, rendered, 1)


def on_post_build(*, config: MkDocsConfig) -> None:
    if ui.current_language(config) != ui.DEFAULT_LANGUAGE:
        return
    from mitp import exports

    state = _state(config)
    out = Path(config.site_dir) / OPEN_DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    exports.write_all(state["catalogue"], state["territories"], state["taxonomy"], out)


# Helper functions

_STATE: dict[str, Any] = {"key": None, "synced_for": None}


def _victim_line(language: str) -> dict | None:
    """The victims' support line of data/channels.yaml: how to reach an entry with no contact."""
    from mitp import channels

    try:
        found = channels.for_purposes(channels.load_channels(), {"orientacion-victimas"}, language)
    except channels.ChannelsError:
        return None  # hooks/channels.py stops the build with the file's problems
    return found[0] if found else None


def _resources_path(config: MkDocsConfig) -> Path:
    """``MITP_RESOURCES`` (tests, benchmarks) or the repository's ``data/resources.yaml``."""
    override = os.environ.get("MITP_RESOURCES")
    root = Path(config.config_file_path).parent
    return Path(override) if override else root / "data" / "resources.yaml"


def _state(config: MkDocsConfig) -> dict[str, Any]:
    """The validated catalogue and the page plan, reloaded only when a data file changed."""
    path = _resources_path(config)
    data_dir = Path(config.config_file_path).parent / "data"
    key = (str(path), _mtime(path), tuple(sorted((p.name, _mtime(p)) for p in data_dir.glob("*") if p.is_file())))
    if _STATE["key"] == key:
        return _STATE
    from mitp.catalogue import CatalogueError, load_catalogue
    from mitp.taxonomy import load_taxonomy
    from mitp.territories import load_territories

    try:
        catalogue = load_catalogue(path=path)
    except CatalogueError as exc:
        raise PluginError(f"El catálogo de recursos no es válido:\n{exc}") from exc
    for warning in getattr(catalogue, "warnings", ()):
        log.info(f"Catálogo: {warning}")
    territories = load_territories()
    taxonomy = load_taxonomy()
    _STATE.update(
        key=key,
        catalogue=catalogue,
        territories=territories,
        taxonomy=taxonomy,
        by_id={r["id"]: r for r in catalogue.resources},
        pages=directory.plan_pages(catalogue.resources, territories),
        views={},  # language → id → entry view, filled on demand
        today=dt.date.today(),
    )
    return _STATE


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _i18n(config: MkDocsConfig):
    return config.plugins.get("i18n")


def _languages(config: MkDocsConfig) -> list[str]:
    i18n = _i18n(config)
    if i18n is None:
        return [config.theme["language"]]
    return [lang.locale for lang in i18n.config.languages if lang.build]


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
            for resource in state["catalogue"].resources
        }
    return state["views"][language]

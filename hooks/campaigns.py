"""Hook: campaigns and activities (data/campaigns.yaml, data/activities.yaml) in every language.

- ``on_config`` reads both files through the registry (a broken file stops the build with every
  problem as file:line:col) and writes the generated page files under docs/<lang>/actividades/
  and docs/<lang>/campanas/ (git-ignored), only where they changed;
- the markers ``<!-- mitp:KIND [ARG] -->`` of mitp.campaigns.site.KINDS (activities, one
  activity, a región, campaigns, one campaign, the home page's running-campaign notice) are
  registered with the one marker grammar (hooks/markers.py swaps them);
- the calendars and Plan counts are a declared output (mitp/registry.py, hooks/outputs.py).

The logic is in mitp/campaigns/ (no MkDocs there).
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from mitp import i18n, ui
from mitp.campaigns import pages, site
from mitp.core import pages as core_pages
from mitp.core import render
from mitp.problems import DataFileError

log = logging.getLogger("mkdocs.hooks.campaigns")


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state = _state(config)
    languages = i18n.languages(config)
    strings = {language: ui.strings_for(language) for language in languages}
    docs = Path(config.docs_dir)
    wanted = {docs / rel: text for rel, text in
              pages.wanted_pages(state.activities, state.campaigns, state.territories, strings).items()}
    folders = [docs / language / folder for language in languages for folder in (pages.views.ACTIVITIES,
                                                                                 pages.views.CAMPAIGNS)]
    changed = core_pages.sync(folders, wanted, pages.HEADER_MARK)
    if changed:
        log.info(f"Campañas y actividades: {len(changed)} archivos de páginas generados o retirados")
    return config


# Helper functions


def _state(config: MkDocsConfig) -> site.State:
    try:
        return site.load_state(Path(config.config_file_path).parent, config.site_url or "")
    except DataFileError as exc:
        raise PluginError(f"Campañas o actividades no válidas:\n{exc}") from None


def _render(kind: str):
    def render_kind(args: str, page: Page, config: MkDocsConfig) -> str:
        language = i18n.current(config)
        env = render.content_environment(config)
        try:
            return site.render_marker(
                kind, args or None, state=_state(config), language=language, prefix=i18n.prefix(language),
                page_url=page.url, strings=ui.strings_for(language),
                render=lambda name, **kw: env.get_template(name).render(**kw))
        except site.MarkerError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None
    return render_kind


for _kind in site.KINDS:
    render.register(_kind, _render(_kind), stylesheet="campaigns.css")

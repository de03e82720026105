"""Hook: campaigns and activities (data/campaigns.yaml, data/activities.yaml) in every language.

- ``on_config`` loads and checks both files (a broken file stops the build with every problem as
  file:line:col) and writes the generated page files under docs/<lang>/actividades/ and
  docs/<lang>/campanas/ (git-ignored), only where they changed;
- ``on_page_content`` swaps the markers ``<!-- mitp:KIND [ARG] -->`` for their markup
  (overrides/partials/campaigns/), including the home page's running-campaign notice;
- ``on_post_build`` writes the iCalendar files of the language just built, and once the
  indicator counts for the Plan tracker.

The logic is in mitp/campaigns/ (no MkDocs there).
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mitp import ui
from mitp.campaigns import data, pages, site, views

log = logging.getLogger("mkdocs.hooks.campaigns")
_STATE: dict = {}


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    from mitp.territories import load_territories

    day = views.today()
    try:
        campaigns = data.load_campaigns(today=day)
        activities = data.load_activities(today=day)
    except data.DataFileError as exc:
        raise PluginError(f"Campañas o actividades no válidas:\n{exc}") from None
    state = site.State(campaigns, activities, load_territories(), day, config.site_url or "")
    _STATE["state"] = state
    languages = _languages(config)
    strings = {language: ui.strings_for(language) for language in languages}
    wanted = pages.wanted_pages(activities, campaigns, state.territories, strings)
    changed = pages.sync(Path(config.docs_dir), wanted, languages)
    if changed:
        log.info(f"Campañas y actividades: {len(changed)} archivos de páginas generados o retirados")
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "mitp:" not in html:
        return html
    language = ui.current_language(config)
    env = ui.content_environment(config)
    try:
        return site.render_markers(
            html, state=_STATE["state"], language=language, prefix=_prefix(language), page_url=page.url,
            strings=ui.strings_for(language), render=lambda name, **kw: env.get_template(name).render(**kw))
    except site.MarkerError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from None


def on_post_build(*, config: MkDocsConfig) -> None:
    language = ui.current_language(config)
    root = _site_root(config, language)
    for rel, content in site.files(_STATE["state"], language=language, prefix=_prefix(language),
                                   strings=ui.strings_for(language)).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


# Helper functions


def _prefix(language: str) -> str:
    return "" if language == ui.DEFAULT_LANGUAGE else f"{language}/"


def _site_root(config: MkDocsConfig, language: str) -> Path:
    """The site's root folder: the i18n plugin builds other languages into <root>/<language>."""
    out = Path(config.site_dir)
    return out.parent if language != ui.DEFAULT_LANGUAGE and out.name == language else out


def _languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [config.theme["language"]]
    return [lang.locale for lang in i18n.config.languages if lang.build]

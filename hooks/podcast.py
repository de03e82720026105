"""Hook: the podcast (data/podcast.yaml) in every language.

- ``on_config`` reads the file through the registry (the build stops with the validator's
  messages), writes one generated page per episode into ``docs/<lang>/podcast/`` (git-ignored)
  and, once there is an episode, puts the podcast page in the navigation.
- ``on_post_page``: the podcast's pages (list and episodes) announce each feed in their <head>
  (RSS autodiscovery: ``<link rel="alternate" type="application/rss+xml">``), in every language.
- ``<!-- mitp:podcast -->`` becomes the list of episodes (overrides/partials/podcast/list.html);
  ``<!-- mitp:podcast-episodio ID -->`` the player and transcript of one
  (overrides/partials/podcast/episode.html).

The plain logic is in ``mitp/podcast/``; the feeds and media files are outputs (``mitp/registry.py``).
"""
from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from mitp import i18n, ui
from mitp.core import datafile, render
from mitp.podcast import media, views
from mitp.podcast.data import FILE
from mitp.problems import DataFileError

log = logging.getLogger("mkdocs.hooks.podcast")

NAV_TITLE = "Podcast"
NAV_PAGE = "podcast/index.md"
NAV_AFTER = "guion.md"   # the entry goes right after "Guion informativo" (section "Campañas y materiales")


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    records = _records(config)
    languages = i18n.languages(config)
    strings = {language: ui.strings_for(language) for language in languages}
    changed = views.sync_pages(Path(config.docs_dir), records["episodes"], languages, strings)
    if changed:
        log.info(f"Podcast: {len(changed)} páginas de episodios generadas o retiradas")
    if records["episodes"] and isinstance(config.nav, list) and not _in_nav(config.nav):
        if not _insert_after(config.nav, NAV_AFTER, {NAV_TITLE: NAV_PAGE}):
            config.nav.append({NAV_TITLE: NAV_PAGE})
    return config


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    language = i18n.current(config)
    if not page.url.startswith(i18n.prefix(language) + views.BASE + "/") or "</head>" not in output:
        return output
    records = _records(config)
    links = "".join(
        f'<link rel="alternate" type="application/rss+xml" hreflang="{feed["lang"]}" '
        f'title="{html.escape(i18n.plain(records["podcast"]["title"], feed["lang"]))} (RSS)" '
        f'href="{html.escape(feed["href"])}">'
        for feed in views.feed_links(records, language=language, from_url=page.url))
    return output.replace("</head>", links + "</head>", 1) if links else output


# Helper functions


def _records(config: MkDocsConfig) -> dict:
    try:
        return datafile.load(FILE, root=_root(config)).records
    except DataFileError as exc:
        raise PluginError(f"data/podcast.yaml no es válido:\n{exc}") from None


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def _insert_after(nav: list, page: str, entry: dict) -> bool:
    """Put ``entry`` right after the navigation item of ``page``, inside its section."""
    for index, item in enumerate(nav):
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if value == page:
            nav.insert(index + 1, entry)
            return True
        if isinstance(value, list) and _insert_after(value, page, entry):
            return True
    return False


def _in_nav(nav: list) -> bool:
    return NAV_PAGE in str(nav)


def _render(template: str, page: Page, config: MkDocsConfig, **data) -> str:
    env = render.content_environment(config)
    return env.get_template(template).render(**data)


def _listing(args: str, page: Page, config: MkDocsConfig) -> str:
    language = i18n.current(config)
    try:
        listing = views.listing_view(_records(config), root=_root(config), language=language, from_url=page.url)
    except media.MediaError as exc:
        raise PluginError(f"Podcast: {exc}") from None
    return _render("partials/podcast/list.html", page, config, podcast=listing)


def _episode(args: str, page: Page, config: MkDocsConfig) -> str:
    episode = next((e for e in _records(config)["episodes"] if e["id"] == args), None)
    if episode is None:
        raise PluginError(f"{page.file.src_uri}: no hay un episodio '{args}' en data/podcast.yaml")
    try:
        view = views.episode_view(episode, root=_root(config), language=i18n.current(config), from_url=page.url)
    except media.MediaError as exc:
        raise PluginError(f"Podcast: {exc}") from None
    return _render("partials/podcast/episode.html", page, config, episode=view)


render.register("podcast", _listing)
render.register("podcast-episodio", _episode)

"""Hook: the site search index (Pagefind), written once every language is built.

The logic lives in mitp/search.py. The i18n plugin builds the other languages from inside the
default language's `on_post_build`; this hook runs after it (lower priority) and only in that
outermost build, so Pagefind reads the whole site once.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from mitp import search


# Hooks


@event_priority(-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a language built from inside the outermost build: index once, at its end
    try:
        search.build_index(config.site_dir)
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from error

"""Hook: what each language's build needs from the site's own i18n data.

The i18n plugin runs one MkDocs build per language, so these events run once per
language. The interface strings of the language being built become globals of
that build's templates (pages and static templates such as 404.html alike).
"""
from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from mitp import ui


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Every language's build writes static templates to the site root; the 404
    # page must be the default language's (it is bilingual, see overrides/404.html).
    if ui.current_language(config) == ui.DEFAULT_LANGUAGE:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals.update(ui.template_globals(ui.current_language(config), _language_homes(config)))
    return env


# Helper functions


def _language_homes(config: MkDocsConfig) -> list[dict[str, str]]:
    """Each built language with its name and home link, for pages that have no alternates."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return []
    return [
        {"lang": lang.locale, "name": lang.name, "link": lang.link}
        for lang in i18n.config.languages
        if lang.build
    ]

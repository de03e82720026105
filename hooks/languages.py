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
    if _current_language(config) == ui.DEFAULT_LANGUAGE:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    language = _current_language(config)
    env.globals["ui"] = ui.strings_for(language)
    env.globals["ui_all"] = ui.load()
    env.globals["page_language"] = language
    # Prefix of this language's pages: "" for Spanish (the default, at /), "en/" for English.
    env.globals["lang_prefix"] = "" if language == ui.DEFAULT_LANGUAGE else f"{language}/"
    env.globals["language_homes"] = _language_homes(config)
    return env


# Helper functions


def _i18n(config: MkDocsConfig):
    return config.plugins.get("i18n")


def _current_language(config: MkDocsConfig) -> str:
    language = getattr(_i18n(config), "current_language", None)
    return language or config.theme["language"]


def _language_homes(config: MkDocsConfig) -> list[dict[str, str]]:
    """Each built language with its name and home link, for pages that have no alternates."""
    i18n = _i18n(config)
    if i18n is None:
        return []
    return [
        {"lang": lang.locale, "name": lang.name, "link": lang.link}
        for lang in i18n.config.languages
        if lang.build
    ]

"""The site's languages in one place: which exist, which is being built, how a text is shown.

- ``languages(config)`` / ``current(config)`` ask the i18n plugin (mkdocs-static-i18n), which
  builds the whole site once per language; ``prefix(language)`` is where its pages live.
- A text in several languages is a mapping ``{"es": "…", "en": "…"}`` in the data;
  ``text_in(value, language)`` gives ``{"text": …, "lang": …}``: the text in ``language``, or
  the Spanish one (marked with its language so templates write ``lang="es"`` around it).
  ``overrides/partials/mitp/text.html`` has the one macro ``t()`` that writes it.
- ``format_date(day, language)``: Babel's CLDR data, except where a language's own month names
  are given in ``data/ui.yaml`` (``date_months``, ``date_pattern``): CLDR has no Haitian Creole
  dates (Babel falls back to French for ``ht``).

Adding a language: its entry in ``mkdocs.yml`` (plugins → i18n → languages), its pages in
``docs/<code>/``, its strings in ``data/ui.yaml`` and, where Material has none, its theme partial
``overrides/partials/languages/<code>.html``. ``check_language_assets`` fails the build, saying
what to add, when a built language lacks a string or a theme partial (CONTRIBUTING explains).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict

DEFAULT = "es"


class Text(TypedDict):
    text: str
    lang: str


# Languages of the build


def languages(config) -> list[str]:
    """The languages the site is built in, the default first (from the i18n plugin's config)."""
    i18n = config.plugins.get("i18n") if config is not None else None
    if i18n is None:
        return [DEFAULT]
    built = [lang.locale for lang in i18n.config.languages if lang.build]
    return sorted(built, key=lambda code: code != DEFAULT)


def configured_languages(root: Path) -> list[str]:
    """The built languages as mkdocs.yml lists them, default first, without starting MkDocs
    (for ``mitp validate``, the CLI and the tests)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV and friends
    try:
        config = yaml.load((Path(root) / "mkdocs.yml").read_text("utf-8"), Loader=_Loader) or {}
    except OSError:
        return [DEFAULT]
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            built = [lang["locale"] for lang in plugin["i18n"].get("languages", []) if lang.get("build", True)]
            return sorted(built, key=lambda code: code != DEFAULT)
    return [DEFAULT]


def language_facts(config) -> list[dict[str, str]]:
    """Each built language: code, name as the plugin knows it, and the link of its home page."""
    i18n = config.plugins.get("i18n") if config is not None else None
    if i18n is None:
        return [{"lang": DEFAULT, "name": DEFAULT, "link": "/"}]
    return [{"lang": lang.locale, "name": lang.name, "link": lang.link}
            for lang in i18n.config.languages if lang.build]


def current(config) -> str:
    """The language being built: the i18n plugin builds one language at a time."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def is_default(language: str) -> bool:
    return language == DEFAULT


def prefix(language: str) -> str:
    """Where a language's pages live below the site root: "" for Spanish, "en/" for English."""
    return "" if language == DEFAULT else f"{language}/"


# Texts in several languages


def text_in(value: Any, language: str) -> Text | None:
    """The text of ``value`` in ``language``, else the Spanish one; None when there is none.

    A plain string is taken as Spanish (a few catalogue fields are written that way).
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = {DEFAULT: value}
    if not isinstance(value, Mapping):
        return None
    for code in (language, DEFAULT):
        text = value.get(code)
        if isinstance(text, str) and text.strip():
            return {"text": text, "lang": code}
    return None


def plain(value: Any, language: str) -> str:
    """Just the words of ``text_in`` (for sorting, titles, attributes)."""
    found = text_in(value, language)
    return found["text"] if found else ""


def languages_of(value: Any) -> list[str]:
    """The language codes a multilingual text has (``url`` and other non-language keys skipped)."""
    if not isinstance(value, Mapping):
        return []
    return [key for key, text in value.items() if isinstance(text, str) and _looks_like_code(key)]


def _looks_like_code(key: Any) -> bool:
    return isinstance(key, str) and 2 <= len(key) <= 3 and key.isalpha() and key.islower()


# Dates


def format_date(day: dt.date, language: str, strings: Mapping[str, str] | None = None) -> str:
    """``day`` written out in ``language`` ("23 de noviembre de 2026", "November 23, 2026").

    ``strings`` are the interface strings of that language: when they give ``date_months``
    (twelve names separated by spaces) and ``date_pattern`` ("{d} {month} {y}"), those are used;
    otherwise Babel's long date.
    """
    strings = strings or {}
    months = (strings.get("date_months") or "").split()
    pattern = strings.get("date_pattern") or ""
    if len(months) == 12 and pattern:
        return pattern.format(d=day.day, month=months[day.month - 1], y=day.year)
    from babel.dates import format_date as babel_date

    return babel_date(day, format="long", locale=language)


# What a built language needs


def missing_theme_partial(language: str, overrides_dir: Path) -> Path | None:
    """The theme partial a language needs and nobody ships, or None.

    Material ships ``partials/languages/<code>.html`` for ~69 languages (not Haitian Creole);
    the site's own ``overrides/`` may add one.
    """
    own = overrides_dir / "partials" / "languages" / f"{language}.html"
    if own.exists():
        return None
    try:
        import material

        shipped = Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{language}.html"
    except ImportError:  # pragma: no cover - Material is a dependency
        return own
    return None if shipped.exists() else own


def missing_strings(strings: Mapping[str, Mapping[str, str]], language: str) -> list[str]:
    """Keys of ``data/ui.yaml`` with no text in ``language`` (empty for the default language)."""
    return sorted(key for key, texts in strings.items()
                  if not (isinstance(texts.get(language), str) and texts[language].strip())
                  and not key.startswith("date_"))


# Review state of each language's interface (issue 12)

# Whether a native speaker has reviewed a language's interface strings (data/ui.yaml) and theme
# strings (overrides/partials/languages/<code>.html): "pendiente-de-revision" until then, then
# "revisada". Pages record their own state in their front matter (mitp/translations.py). A
# language not listed has no recorded state (Spanish is the source).
INTERFACE_REVIEW: dict[str, str] = {
    "ht": "pendiente-de-revision",
}


def interface_review(language: str) -> str | None:
    return INTERFACE_REVIEW.get(language)


# Languages whose dates Babel writes in another language's words (CLDR's Haitian Creole data
# inherits French month names): dates in these go through format_date with data/ui.yaml's
# date_months and date_pattern, never through Babel directly.
OWN_DATES: tuple[str, ...] = ("ht",)

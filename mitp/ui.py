"""Interface strings of the site, kept per language in ``data/ui.yaml``.

Every visible word of the templates lives there, so a new language is one more
key per string, and a test can check that no string is missing a translation.
"""
from __future__ import annotations

from pathlib import Path

from mitp import i18n
from mitp.yamlload import reference_file

ROOT = Path(__file__).resolve().parent.parent
UI_FILE = ROOT / "data" / "ui.yaml"
DEFAULT_LANGUAGE = i18n.DEFAULT


class UIStringsError(ValueError):
    """A string of data/ui.yaml is missing or malformed."""


@reference_file
def _load(data, path: Path) -> dict[str, dict[str, str]]:
    if not isinstance(data, dict):
        raise UIStringsError(f"{path}: se esperaba un mapeo clave → {{idioma: texto}}")
    for key, value in data.items():
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise UIStringsError(f"{path}: '{key}' debe ser un mapeo idioma → texto")
        if DEFAULT_LANGUAGE not in value:
            raise UIStringsError(f"{path}: '{key}' no tiene texto en '{DEFAULT_LANGUAGE}'")
    return data


def load(path: Path = UI_FILE) -> dict[str, dict[str, str]]:
    return _load(path)


def strings_for(language: str, path: Path = UI_FILE) -> dict[str, str]:
    """All strings in ``language``, falling back to Spanish for any not translated yet."""
    return {key: texts.get(language) or texts[DEFAULT_LANGUAGE] for key, texts in load(path).items()}


def template_globals(language: str, homes: list[dict[str, str]] | None = None) -> dict:
    """What every template of one language's build gets: strings and language facts."""
    return {
        "ui": strings_for(language),
        "ui_all": load(),
        "page_language": language,
        # Prefix of this language's pages: "" for Spanish (the default, at /), "en/" for English.
        "lang_prefix": i18n.prefix(language),
        "language_homes": homes or [],
    }


def current_language(config) -> str:
    """The language being built (``mitp.i18n.current``)."""
    return i18n.current(config)


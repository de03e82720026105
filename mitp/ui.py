"""Interface strings of the site, kept per language in ``data/ui.yaml``.

Every visible word of the templates lives there, so a new language is one more
key per string, and a test can check that no string is missing a translation.

A declared data file (``FILE``, in ``mitp/registry.py``): read by the strict reader, checked by
``schemas/ui.schema.json``, the text rules of every file (``mitp.core.hygiene``) and ``_checks``
(placeholders, one line, file names), every problem as ``data/ui.yaml:LINE:COL: key.lang: …``.
"""
from __future__ import annotations

import string
from pathlib import Path

from markupsafe import escape

from mitp import i18n
from mitp.core import datafile
from mitp.core.datafile import DataFile
from mitp.problems import DataFileError

ROOT = Path(__file__).resolve().parent.parent
UI_FILE = None   # data/ui.yaml of the project being built ($MITP_UI wins): mitp.core.datafile
DEFAULT_LANGUAGE = i18n.DEFAULT


class UIStringsError(ValueError):
    """A string of data/ui.yaml is missing or malformed."""


_FORMATTER = string.Formatter()


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of ``text``; ValueError for a brace left open or a positional ``{}``."""
    names = set()
    for _, field, spec, conversion in _FORMATTER.parse(text):
        if field is None:
            continue
        if not field.isidentifier():
            raise ValueError(f"'{{{field}}}'")
        if spec or conversion:
            raise ValueError(f"'{{{field}...}}'")
        names.add(field)
    return names


def _checks(c) -> None:
    """What the schema cannot say: placeholders that exist in Spanish, names usable as file names.
    (Control and direction-changing characters, long texts: mitp.core.hygiene, as every file.)"""
    from mitp.core import files, hygiene

    data = c.data if isinstance(c.data, dict) else {}
    for key, texts in data.items():
        if not isinstance(texts, dict):
            continue
        wanted = None
        if isinstance(texts.get(DEFAULT_LANGUAGE), str):
            try:
                wanted = _placeholders(texts[DEFAULT_LANGUAGE])
            except ValueError:
                wanted = None
        for language, text in texts.items():
            if not isinstance(text, str):
                continue
            if hygiene.line_problem(text):
                c.error((key, language), hygiene.line_problem(text))
            try:
                names = _placeholders(text)
            except ValueError as exc:
                c.error((key, language), f"el marcador {exc} no es válido: los marcadores se escriben con un "
                                         "nombre entre llaves, como en español (p. ej. {name}); una llave sola "
                                         "se escribe {{ o }}")
                continue
            if wanted is not None and language != DEFAULT_LANGUAGE and not names <= wanted:
                extra = ", ".join(f"{{{n}}}" for n in sorted(names - wanted))
                valid = ", ".join(f"{{{n}}}" for n in sorted(wanted)) or "ninguno"
                c.error((key, language), f"el marcador {extra} no existe en el texto en español; los válidos "
                                         f"son: {valid}")
            if key.endswith("_file"):
                problem = files.name_problem(text)
                if problem:
                    c.error((key, language), problem)


FILE = DataFile(
    name="ui", path="data/ui.yaml", schema="schemas/ui.schema.json",
    title="los textos de la interfaz", checks=_checks,
)


def load(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Every interface string (validated: ``mitp validate ui``); raises UIStringsError naming
    file:line:col and the field of each problem, in Spanish."""
    try:
        return datafile.load(FILE, path=path).records
    except DataFileError as exc:
        raise UIStringsError(str(exc)) from None


def strings_for(language: str, path: Path | None = UI_FILE) -> dict[str, str]:
    """All strings in ``language``, falling back to Spanish for any not translated yet."""
    return {key: texts.get(language) or texts[DEFAULT_LANGUAGE] for key, texts in load(path).items()}


def template_globals(language: str, homes: list[dict[str, str]] | None = None) -> dict:
    """What every template of one language's build gets: strings and language facts."""
    return {
        # Escaped once here (Markup): the theme's templates do not autoescape, and a string lands in
        # text and attributes alike; an autoescaping template does not escape a Markup twice.
        "ui": {key: escape(text) for key, text in strings_for(language).items()},
        "ui_all": {key: {code: escape(text) for code, text in texts.items()} for key, texts in load().items()},
        "page_language": language,
        # Prefix of this language's pages: "" for Spanish (the default, at /), "en/" for English.
        "lang_prefix": i18n.prefix(language),
        "language_homes": homes or [],
    }


def current_language(config) -> str:
    """The language being built (``mitp.i18n.current``)."""
    return i18n.current(config)


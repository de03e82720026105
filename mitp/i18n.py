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

Adding a language: its entry in ``mkdocs.yml`` (plugins → i18n → languages) with its record
(``extra.idioma``: ``records()``), its pages in ``docs/<code>/``, its strings in ``data/ui.yaml``
(and, where Material has none, its theme partial ``overrides/partials/languages/<code>.html``).
``record_problems`` and hooks/languages.py stop the build, saying what to add, when a built
language lacks any of these (CONTRIBUTING explains).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

DEFAULT = "es"
ROOT = Path(__file__).resolve().parent.parent


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
    built = [entry["locale"] for entry, _ in _mkdocs_languages(Path(root)) if entry.get("build", True)]
    return sorted(built, key=lambda code: code != DEFAULT) or [DEFAULT]


def _mkdocs_languages(root: Path) -> list[tuple[dict, int]]:
    """The i18n plugin's language entries of ``root/mkdocs.yml``, each with its line (1-based)."""
    config = _mkdocs_yml(root)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages") or []
            return [(entry, entry.get("__line__", 0)) for entry in entries
                    if isinstance(entry, dict) and isinstance(entry.get("locale"), str)]
    return []


def _nav_titles(root: Path) -> list[str]:
    """Every title of mkdocs.yml's `nav` (Spanish: the other languages translate them)."""
    def titles(items):
        for item in items or []:
            if isinstance(item, dict):
                for title, value in item.items():
                    yield title
                    if isinstance(value, list):
                        yield from titles(value)
    return list(dict.fromkeys(titles(_mkdocs_yml(root).get("nav"))))


def _mkdocs_yml(root: Path) -> dict:
    import yaml

    class _Loader(yaml.SafeLoader):
        pass
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV and friends

    def mapping_with_line(loader, node):
        mapping = loader.construct_mapping(node, deep=True)
        if "locale" in mapping:   # a language entry: keep where it starts
            mapping["__line__"] = node.start_mark.line + 1
        return mapping
    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping_with_line)
    try:
        return yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Loader) or {}
    except OSError:
        return {}


# One record per language: what the site must know of each built language, kept in its mkdocs.yml
# entry (`extra: {idioma: {...}}`, which the i18n plugin also merges into that language's
# config.extra) beside what MkDocs knows of it (code, name, menu titles).

DATE_SOURCES = ("cldr", "propias")
REVIEW_STATES = ("pendiente-de-revision", "revisada")
_RECORD_FIELDS = ("nombre_es", "fechas", "revision")


@dataclass(frozen=True)
class Language:
    code: str
    name: str              # its name in itself (mkdocs.yml `name`): language links, caption menus
    name_es: str           # how the Spanish messages name it ("criollo haitiano")
    dates: str             # "cldr": Babel's dates; "propias": date_months and date_pattern of data/ui.yaml
    review: str | None     # a native speaker's review of its interface strings; None: the source (Spanish)
    line: int              # its entry's line in mkdocs.yml


def records(root: Path | None = None) -> dict[str, Language]:
    """Every built language's record, default first. Incomplete entries get neutral values here;
    ``record_problems`` says what they lack (the build stops on it)."""
    root = Path(root or ROOT)
    key = (str(root), _mtime(root / "mkdocs.yml"))
    if _RECORDS.get("key") != key:
        found = {}
        for entry, line in _mkdocs_languages(root):
            if not entry.get("build", True):
                continue
            extra = entry.get("extra") if isinstance(entry.get("extra"), dict) else {}
            facts = extra.get("idioma") if isinstance(extra.get("idioma"), dict) else {}
            code = entry["locale"]
            found[code] = Language(
                code=code, name=str(entry.get("name") or code),
                name_es=str(facts.get("nombre_es") or code),
                dates=facts.get("fechas") if facts.get("fechas") in DATE_SOURCES else "cldr",
                review=facts.get("revision") if facts.get("revision") in REVIEW_STATES else None,
                line=line)
        ordered = sorted(found, key=lambda code: code != DEFAULT)
        _RECORDS.clear()
        _RECORDS.update(key=key, records={code: found[code] for code in ordered})
    return _RECORDS["records"]


def record(code: str, root: Path | None = None) -> Language:
    """The record of ``code``; a language the site does not build gets neutral facts."""
    return records(root).get(code) or Language(code, code, code, "cldr", None, 0)


def record_problems(root: Path, strings: Mapping[str, Mapping[str, str]]) -> list[str]:
    """What each built language's record lacks, in Spanish, as ``mkdocs.yml:LINE: …`` (empty: all whole)."""
    problems = []
    nav_titles = _nav_titles(Path(root))
    for entry, line in _mkdocs_languages(Path(root)):
        if not entry.get("build", True):
            continue
        code = entry["locale"]
        where = f"mkdocs.yml:{line}: idioma '{code}'"
        extra = entry.get("extra") if isinstance(entry.get("extra"), dict) else {}
        facts = extra.get("idioma") if isinstance(extra.get("idioma"), dict) else None
        if facts is None:
            problems.append(f"{where}: falta su ficha `extra: {{idioma: {{nombre_es, fechas, revision}}}}` "
                            "(CONTRIBUTING, «Agregar un idioma»)")
            continue
        for field in sorted(set(facts) - set(_RECORD_FIELDS)):
            problems.append(f"{where}: `idioma.{field}` no existe; los campos son {', '.join(_RECORD_FIELDS)}")
        if not isinstance(facts.get("nombre_es"), str) or not facts["nombre_es"].strip():
            problems.append(f"{where}: falta `idioma.nombre_es`, su nombre en español (por ejemplo «criollo "
                            "haitiano»): así lo nombran los mensajes de error")
        dates = facts.get("fechas")
        if dates not in DATE_SOURCES:
            problems.append(f"{where}: `idioma.fechas` debe ser «cldr» (Babel conoce el idioma) o «propias» "
                            f"(date_months y date_pattern de data/ui.yaml), no {dates!r}")
        elif dates == "cldr":
            try:
                from babel import Locale

                Locale.parse(code)
            except Exception:  # babel.core.UnknownLocaleError, ValueError
                problems.append(f"{where}: `idioma.fechas: cldr`, pero Babel (CLDR) no conoce '{code}': usa "
                                "«propias» y agrega date_months y date_pattern en data/ui.yaml")
        else:
            months = str((strings.get("date_months") or {}).get(code) or "").split()
            pattern = str((strings.get("date_pattern") or {}).get(code) or "")
            if len(months) != 12 or not all(f"{{{part}}}" in pattern for part in ("d", "month", "y")):
                problems.append(f"{where}: `idioma.fechas: propias` pide en data/ui.yaml `date_months` (los doce "
                                f"meses en '{code}', separados por espacios) y `date_pattern` (con {{d}}, "
                                "{month} y {y})")
        if code != DEFAULT:
            untitled = [t for t in nav_titles if t not in (entry.get("nav_translations") or {})]
            if untitled:
                problems.append(f"{where}: faltan en `nav_translations` los títulos del menú "
                                f"{', '.join(repr(t) for t in untitled)} (si no, el menú queda en español)")
        review = facts.get("revision")
        if code == DEFAULT:
            if review is not None:
                problems.append(f"{where}: el español es la fuente: su ficha no lleva `idioma.revision`")
        elif review not in REVIEW_STATES:
            problems.append(f"{where}: `idioma.revision` dice si una persona hablante nativa revisó sus textos "
                            f"de interfaz: {' o '.join(REVIEW_STATES)}, no {review!r}")
    return problems


def theme_partial_problem(language: str, partial: Path) -> str | None:
    """The site's own theme partial of ``language`` must say so: its "language" key is what Material
    writes as ``<html lang>`` and what the search indexes the page as (a copied en.html says "en")."""
    import re

    if not partial.exists():
        return None
    found = re.search(r'"language"\s*:\s*"([^"]*)"', partial.read_text("utf-8"))
    if found and found.group(1) == language:
        return None
    return (f"{partial.name}: su clave \"language\" dice {found.group(1) if found else 'nada'!r} y debe decir "
            f"\"{language}\": es el lang de cada página (<html lang>) y el idioma en que la búsqueda la indexa")


def uses_own_dates(language: str) -> bool:
    """Dates in ``language`` come from data/ui.yaml's month names, never from Babel (Kreyòl: CLDR's
    Haitian Creole dates are French)."""
    return record(language).dates == "propias"


_RECORDS: dict = {}


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


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


# Sizes


def format_size(size: int, language: str) -> str:
    """Bytes as a reader on prepaid data weighs them, in the units a phone shows (1 kB = 1,000
    bytes): "161 kB" below 1 MB, then one decimal, "1,3 MB" with the language's decimal sign
    (CLDR's; a comma where CLDR has none)."""
    if size < 999_500:
        return f"{max(1, round(size / 1000))} kB"
    text = f"{size / 1_000_000:.1f}"
    return f"{text.replace('.', _decimal_sign(language))} MB"


def _decimal_sign(language: str) -> str:
    try:
        from babel.numbers import get_decimal_symbol

        return get_decimal_symbol(language)
    except Exception:  # babel.core.UnknownLocaleError: a language CLDR does not know
        return ","


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


def interface_review(language: str) -> str | None:
    """Whether a native speaker has reviewed a language's interface strings (data/ui.yaml) and theme
    strings: "pendiente-de-revision" or "revisada", from its record (`idioma.revision` in mkdocs.yml);
    None for Spanish, the source. Pages record their own state (mitp/translations.py)."""
    return record(language).review

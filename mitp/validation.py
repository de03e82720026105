"""JSON Schema validation whose messages point at file:line:col and say, in Spanish, what is valid.

``schema_problems(document, validator)`` runs ``Draft202012Validator.iter_errors`` once over the
whole document and turns every error into a ``Problem`` located with the loader's marks.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from mitp.problems import Problem, field_name
from mitp.yamlload import Document

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "resources.schema.json"

_TYPE_NAMES = {
    "object": "un mapeo (campos debajo, con sangría)",
    "array": "una lista (elementos que empiezan con '- ', o [a, b])",
    "string": "un texto",
    "boolean": "true o false",
    "integer": "un número entero",
    "number": "un número",
    "null": "vacío",
}

# A callback that explains a bad territory code (kind, value) → message or None.
CodeExplainer = Callable[[str, Any], "str | None"]


def _date_format(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date")(_date_format)


@lru_cache(maxsize=4)
def load_validator(path: Path = SCHEMA_FILE) -> Draft202012Validator:
    """The schema's validator, built once (checking the schema itself once too)."""
    with path.open(encoding="utf-8") as handle:
        schema = json.load(handle)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_FORMATS)


@lru_cache(maxsize=8)
def load_fast_entry_check(path: Path = SCHEMA_FILE, items: str = "resources") -> Callable[[Any], bool]:
    """A fast yes/no check of one entry of the top-level list ``items``, built once from the schema.

    ``jsonschema-rs`` (Rust) checks 20,000 catalogue entries in under a tenth of a second, about
    thirty times faster than ``jsonschema``, which then re-checks only the entries this check
    rejects and writes every message. ``tests/test_catalogue_fastschema.py`` checks on thousands of
    mutated entries that this check is never more lenient than ``jsonschema``.
    """
    with path.open(encoding="utf-8") as handle:
        schema = json.load(handle)
    entry_schema = {
        "$schema": schema.get("$schema", "https://json-schema.org/draft/2020-12/schema"),
        "$defs": schema.get("$defs", {}),
        **schema["properties"][items]["items"],
    }
    check = jsonschema_rs.validator_for(entry_schema, validate_formats=True).is_valid

    def is_valid(entry: Any) -> bool:
        try:
            return check(entry)
        except ValueError:    # something JSON cannot hold (a key that is not text): jsonschema explains
            return False

    return is_valid


def schema_problems(document: Document, validator: Draft202012Validator | None = None, *,
                    explain_code: CodeExplainer | None = None, items: str | None = None,
                    schema_path: Path | None = None) -> list[Problem]:
    """Every schema error of ``document.data``, located and explained.

    With ``items`` (the top-level list of a large file, e.g. the catalogue's ``resources``),
    entries that the fast check accepts are not walked again by ``jsonschema``; the others are,
    and ``jsonschema`` gives every message.
    """
    if validator is None:
        validator, items, schema_path = load_validator(), "resources", SCHEMA_FILE
    data = document.data
    entries = data.get(items) if items and isinstance(data, dict) else None
    root = validator.schema
    if not isinstance(entries, list) or not entries or schema_path is None:
        return _all_problems(validator.iter_errors(data), document, explain_code, root)
    fast = load_fast_entry_check(schema_path, items)
    bad = [index for index, entry in enumerate(entries) if not fast(entry)]
    if not bad and set(data) == {items}:
        return []
    # Re-check only the rejected entries (or one accepted entry, to keep the list non-empty),
    # then put each error back at its entry's real index.
    picked = bad or [0]
    subset = dict(data)
    subset[items] = [entries[index] for index in picked]
    problems: list[Problem] = []
    for error in validator.iter_errors(subset):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] == items and isinstance(path[1], int):
            path[1] = picked[path[1]]
        problems.extend(_problems_for(error, document, explain_code, parts=tuple(path), root=root))
    return problems


def _all_problems(errors, document: Document, explain_code: CodeExplainer | None,
                  root: dict | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for error in errors:
        problems.extend(_problems_for(error, document, explain_code, root=root))
    return problems


def type_name(value: Any) -> str:
    if value is None:
        return "vacío"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (sí/no)"
    if isinstance(value, (int, float)):
        return f"el número {value}"
    if isinstance(value, str):
        return f"el texto '{_clip(value)}'"
    if isinstance(value, dict):
        return "un mapeo"
    if isinstance(value, list):
        return "una lista"
    if isinstance(value, (_dt.date,)):
        return f"la fecha {value.isoformat()}"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to ``word``, if any is close enough."""
    choices = [str(c) for c in choices]
    match = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in choices}
        match = difflib.get_close_matches(str(word).lower(), list(lowered), n=1, cutoff=0.6)
        return lowered[match[0]] if match else None
    return match[0]


def locate(document: Document, parts: tuple) -> tuple[str, str | None, int, int]:
    """(field shown to the reader, entry id, line, column) of a path in the catalogue."""
    line, column = document.locate(parts)
    entry_id = None
    if len(parts) >= 2 and isinstance(parts[0], str) and isinstance(parts[1], int):
        entries = document.data.get(parts[0]) if isinstance(document.data, dict) else None
        if isinstance(entries, list) and parts[1] < len(entries) and isinstance(entries[parts[1]], dict):
            candidate = entries[parts[1]].get("id")
            entry_id = candidate if isinstance(candidate, str) else None
        shown = field_name(parts[2:]) if len(parts) > 2 else field_name(parts[:2])
    else:
        shown = field_name(parts)
    return shown, entry_id, line, column


def make_problem(document: Document, parts: tuple, message: str, severity: str = "error",
                 *, at: tuple | None = None) -> Problem:
    """A problem about ``parts``, located at ``at`` (default: ``parts`` itself)."""
    shown, entry_id, _, _ = locate(document, parts)
    _, _, line, column = locate(document, at if at is not None else parts)
    return Problem(document.path, line, column, shown, message, severity, entry_id)


# Helper functions


def _clip(text: str, length: int = 40) -> str:
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


# A sentence ends at . ! or ? followed by a space and a capital letter: abbreviations such as
# "p. ej." (followed by an example, never a capital) do not cut a sentence short.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[¿¡\"'(]?[A-ZÁÉÍÓÚÑÜ])")


def _first_sentence(description: str | None) -> str:
    if not description:
        return ""
    return _SENTENCE_END.split(description, maxsplit=1)[0].rstrip(".") + "."


def _problems_for(error: ValidationError, document: Document, explain_code: CodeExplainer | None,
                  parts: tuple | None = None, root: dict | None = None) -> list[Problem]:
    parts = tuple(error.absolute_path) if parts is None else parts
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    name = parts[-1] if parts else ""

    if keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        out = []
        for key in value:
            if key in allowed:
                continue
            close = suggest(key, allowed)
            hint = (f"¿quisiste decir '{close}'?" if close
                    else f"los campos válidos aquí son: {', '.join(allowed)}")
            out.append(make_problem(document, parts + (key,), f"campo desconocido '{key}'; {hint}"))
        return out

    if keyword == "required":
        missing = [key for key in error.validator_value if not (isinstance(value, dict) and key in value)]
        out = []
        for key in missing:
            description = _first_sentence(schema.get("properties", {}).get(key, {}).get("description"))
            if parts == ():
                message = (f"falta '{key}:'" + (f" ({description.rstrip('.')})" if description else "")
                           + f": el archivo debe empezar con '{key}:'")
            elif parts[-2:-1] == ("territory",) or (key == "region" and parts and parts[-1] == "territory"):
                message = ("falta el campo obligatorio 'region' (código CUT de la región, p. ej. \"13\"): "
                           "solo los servicios de nivel nacional pueden omitirla")
            elif key == "territory":
                message = ("falta el campo obligatorio 'territory' con al menos 'region' (código CUT): "
                           "solo los servicios de nivel nacional pueden omitirlo")
            else:
                message = f"falta el campo obligatorio '{key}'" + (f": {description}" if description else "")
            out.append(make_problem(document, parts + (key,), message, at=parts))
        return out

    if keyword == "type":
        expected = error.validator_value
        expected_list = expected if isinstance(expected, list) else [expected]
        wanted = " o ".join(_TYPE_NAMES.get(t, t) for t in expected_list)
        message = f"debe ser {wanted}, no {type_name(value)}"
        top = list((root or {}).get("required") or [])
        if len(parts) == 1 and value is None and parts[0] in top:
            message = (f"'{parts[0]}:' no tiene entradas: está vacío (¿archivo cortado o borrado por error?); "
                       "agrega al menos una '- id: …'")
        elif parts == () and value is None:
            message = ("el archivo está vacío" + (f": debe empezar con '{top[0]}:'" if top else "")
                       + " y tener al menos un elemento")
        elif "string" in expected_list and isinstance(value, (int, float)) and not isinstance(value, bool):
            explained = explain_code("any", value) if explain_code else None
            message += (f"; {explained}" if explained else "; escríbelo entre comillas, p. ej. \"" + str(value) + "\"")
        elif "object" in expected_list and isinstance(value, str) and "es" in schema.get("properties", {}):
            message += f"; escríbelo con su idioma, p. ej.:  {name}: {{es: \"{_clip(value)}\"}}"
        elif "object" in expected_list and value is None:
            message = f"está vacío: debe ser {wanted}"
        elif "array" in expected_list and isinstance(value, str):
            message += f"; escríbelo como lista, p. ej. [{_clip(value)}]"
        elif "boolean" in expected_list and isinstance(value, str):
            message += " (sin comillas)"
        return [make_problem(document, parts, message)]

    if keyword == "enum":
        allowed = [str(v) for v in error.validator_value]
        close = suggest(str(value), allowed) if isinstance(value, (str, int, float)) else None
        shown = f"'{_clip(value)}'" if isinstance(value, str) else type_name(value)
        message = f"valor {shown} no válido; valores permitidos: {', '.join(allowed)}"
        if close:
            message += f". ¿Quisiste decir '{close}'?"
        return [make_problem(document, parts, message)]

    if keyword == "const":
        return [make_problem(document, parts, f"debe ser {error.validator_value!r}")]

    if keyword == "pattern":
        return [make_problem(document, parts, _pattern_message(parts, value, schema, explain_code))]

    if keyword == "format":
        if error.validator_value == "date":
            return [make_problem(document, parts, f"'{value}' no es una fecha válida: usa AAAA-MM-DD, p. ej. 2026-11-23")]
        return [make_problem(document, parts, f"'{_clip(value)}' no tiene el formato '{error.validator_value}'")]

    if keyword in ("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"):
        limit = error.validator_value
        wording = {"maximum": f"como máximo {limit}", "minimum": f"como mínimo {limit}",
                   "exclusiveMaximum": f"menor que {limit}", "exclusiveMinimum": f"mayor que {limit}"}[keyword]
        return [make_problem(document, parts, f"{type_name(value)} no es válido: debe ser {wording}")]

    if keyword == "maxItems":
        return [make_problem(document, parts, f"la lista '{name}' tiene {len(value)} elementos; "
                                              f"el máximo es {error.validator_value}")]

    if keyword == "minItems":
        if len(parts) == 1 and parts[0] in ((root or {}).get("required") or []):
            return [make_problem(document, parts, f"'{parts[0]}:' no tiene entradas: agrega al menos una '- id: …'")]
        return [make_problem(document, parts, f"la lista '{name}' no puede estar vacía")]

    if keyword == "uniqueItems":
        seen, repeated = [], []
        for item in value:
            (repeated if item in seen else seen).append(item)
        return [make_problem(document, parts, f"valores repetidos en la lista: {', '.join(map(str, repeated))}")]

    if keyword == "minLength":
        if error.validator_value <= 1 or not value:
            return [make_problem(document, parts, "no puede estar vacío")]
        return [make_problem(document, parts, f"es demasiado corto: '{_clip(str(value))}' tiene {len(value)} "
                                              f"caracteres y se necesitan al menos {error.validator_value}")]

    if keyword == "maxLength":
        return [make_problem(document, parts, f"es demasiado largo (máximo {error.validator_value} caracteres)")]

    if keyword == "minProperties":
        description = schema.get("description")
        return [make_problem(document, parts, "no puede estar vacío" + (f" ({description.rstrip('.')}); "
                                              if description else ": ") + f"complétalo o borra '{name}'")]

    if keyword == "not" and parts and "address" in json.dumps(error.validator_value):
        return [make_problem(document, parts + ("address",),
                             "un servicio confidencial (confidential: true) no puede publicar su dirección: "
                             "borra 'address' (la ubicación de las casas de acogida es reservada)")]

    if keyword in ("oneOf", "anyOf") and isinstance(error.validator_value, list):
        return [make_problem(document, parts, "no tiene ninguna de las formas válidas aquí"
                                              + (f". {_first_sentence(schema.get('description'))}"
                                                 if schema.get("description") else ""))]
    return [make_problem(document, parts, f"valor no válido aquí (regla '{keyword}' del esquema)"
                                          + (f". {_first_sentence(schema.get('description'))}"
                                             if schema.get("description") else ""))]


def _pattern_message(parts: tuple, value: Any, schema: dict, explain_code: CodeExplainer | None) -> str:
    name = parts[-1] if parts else ""
    description = schema.get("description", "")
    if name == "id":
        return (f"'{_clip(value)}' no es un id válido: usa solo minúsculas sin tildes, números y guiones "
                "simples, p. ej. 'seremi-justicia-valparaiso'")
    for kind in ("región", "provincia", "comuna"):
        if description.startswith(f"Código CUT de la {kind}"):
            explained = explain_code(kind, value) if explain_code else None
            return explained or f"'{_clip(value)}' no es un código de {kind} válido. {_first_sentence(description)}"
    if name in ("website", "url"):
        scheme = urlsplit(str(value)).scheme.lower() if ":" in str(value) else ""
        wanted = "https://" if name == "website" else "http:// o https://"
        if scheme and scheme not in ("http", "https"):
            return f"el esquema '{scheme}:' no está permitido: la dirección debe empezar con {wanted}"
        if scheme == "http" and name == "website":
            return "usa https:// (conexión segura): el sitio web debe empezar con https://"
        return f"'{_clip(value)}' no es una dirección web: debe empezar con {wanted}"
    return f"'{_clip(value)}' no tiene el formato esperado. {_first_sentence(description)}"

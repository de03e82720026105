"""A safe, strict YAML loader that remembers where every value came from.

Why not ``yaml.safe_load``: it silently keeps the last of two duplicate keys, forgets line
numbers, expands aliases (a few lines can become gigabytes) and resolves YAML 1.1 oddities.
This loader builds plain Python data (dict, list, str, int, float, bool, None, datetime.date)
straight from libyaml's parse events, so it:

- records ``(line, column)`` (1-based) of every mapping key and every sequence item, keyed by
  its path in the data, e.g. ``("resources", 3, "phones", 0, "number")``;
- refuses duplicate keys in a mapping, naming both lines;
- refuses every tag that could construct an object (``!!python/object``, ``!custom``…): only
  the plain YAML types are accepted;
- refuses anchors and aliases (``&x`` / ``*x``) outright, so "billion laughs" files fail at
  once, without expanding anything;
- refuses files larger than ``max_bytes`` before reading them, and nesting deeper than
  ``MAX_DEPTH``;
- reports YAML syntax errors as ``file:line:col`` with an explanation in Spanish.

``quick_load`` is the fast path for the large catalogue: ``yaml-rs`` reads well-formed files
about nine times faster (0.8 s against 7 s for 27 MB), and anything it cannot vouch for goes to
the strict reader.

Scalars follow the YAML 1.2 core schema (what editors use): ``true``/``false`` are booleans,
``yes``/``no``/``on``/``off`` stay text; ``YYYY-MM-DD`` is a date.
"""
from __future__ import annotations

import datetime as _dt
import gc
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Callable, TypeVar

import yaml
import yaml_rs

from mitp.problems import Problem, display_path, field_name

T = TypeVar("T")

# A real catalogue of a few thousand entries is well under 10 MB; 20,000 synthetic entries of the
# benchmark are about 16 MB. Anything larger is refused before it is read.
MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 40
MAX_PROBLEMS = 200

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG_PREFIX = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {None, "!"} | {
    _TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+$")
_INT_OCT = re.compile(r"0o[0-7]+$")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_FLOAT_SPECIAL = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan"),
                  ".Inf": float("inf"), "+.Inf": float("inf"), "-.Inf": float("-inf"), ".NaN": float("nan"),
                  ".INF": float("inf"), "+.INF": float("inf"), "-.INF": float("-inf"), ".NAN": float("nan")}
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# First characters that may start a non-text plain scalar: anything else is text, resolved at once.
_MAYBE_TYPED = set("0123456789+-.~nNtTfF")

# libyaml's messages, explained in Spanish for coordinators.
_SYNTAX_HINTS = [
    ("found character that cannot start any token",
     "hay un carácter que no puede empezar un valor (¿un tabulador? usa espacios para la sangría; "
     "si el texto empieza con @, `, %, | o >, ponlo entre comillas)"),
    ("could not find expected ':'", "falta ':' después del nombre de un campo"),
    ("mapping values are not allowed here",
     "hay ':' donde no se esperaba (si un texto contiene ': ', ponlo entre comillas; revisa la sangría)"),
    ("mapping values are not allowed in this context",
     "hay ':' donde no se esperaba (si un texto contiene ': ', ponlo entre comillas; revisa la sangría)"),
    ("did not find expected key",
     "la sangría de esta línea no coincide con la de los campos vecinos (o falta cerrar una comilla)"),
    ("did not find expected '-' indicator",
     "se esperaba un elemento de lista ('- ') con la misma sangría que los anteriores"),
    ("found unexpected end of stream",
     "el archivo termina antes de cerrar una comilla o un corchete (¿archivo cortado?)"),
    ("did not find expected node content", "falta un valor"),
    ("found unknown escape character",
     "secuencia de escape desconocida dentro de comillas dobles (usa comillas simples o escribe \\\\)"),
    ("found undefined alias", "alias sin definir (los alias no están permitidos)"),
    ("expected <document start>", "contenido inesperado después del final del documento"),
    ("found unexpected ':'", "':' inesperado (pon el texto entre comillas)"),
    ("did not find expected ',' or ']'", "falta ',' o ']' en una lista entre corchetes"),
    ("did not find expected ',' or '}'", "falta ',' o '}' en un mapeo entre llaves"),
    ("found a tab character", "hay un tabulador: usa espacios para la sangría"),
    ("control characters are not allowed", "hay un carácter de control no permitido"),
]


class YAMLLoadError(ValueError):
    """The file could not be read as safe YAML; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Document:
    """Plain data plus where each key and item came from."""

    path: str                                   # as shown in messages
    data: Any
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)   # path → (line, column), 1-based
    # When the file was read by ``quick_load``, positions are computed on first use (that is,
    # only when there is something to report) by reading the text again with the strict reader.
    text: str | None = None
    dates: bool = True
    _strict: "Document | None" = field(default=None, repr=False, compare=False)

    def strict(self) -> "Document":
        """This file as the strict reader reads it (the document itself when it was read so)."""
        if self.text is None:
            return self
        if self._strict is None:
            with gc_paused():
                self._strict = _Builder(self.path, dates=self.dates).build(self.text)
        return self._strict

    def locate(self, parts: tuple | list) -> tuple[int, int]:
        """(line, column) of ``parts``, or of its nearest ancestor that has one."""
        marks = self.strict().marks
        parts = tuple(parts)
        while parts:
            mark = marks.get(parts)
            if mark is not None:
                return mark
            parts = parts[:-1]
        return marks.get((), (1, 1))


def read_text(path: Path | str, *, max_bytes: int = MAX_BYTES, shown_as: str | None = None) -> str:
    """The text of ``path`` (UTF-8, BOM dropped); ``YAMLLoadError`` if it is missing, too large or not UTF-8."""
    path = Path(path)
    shown = shown_as or display_path(path)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise YAMLLoadError([Problem(shown, 1, 1, "", f"no se puede leer el archivo: {exc.strerror}")]) from None
    if size > max_bytes:
        raise YAMLLoadError([Problem(
            shown, 1, 1, "",
            f"el archivo pesa {_human(size)}, más que el máximo permitido de {_human(max_bytes)}; "
            "divide el catálogo o revisa que no se haya pegado contenido por error")])
    with open(path, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:   # grew while we looked
        raise YAMLLoadError([Problem(shown, 1, 1, "", f"el archivo supera el máximo de {_human(max_bytes)}")])
    return decode(raw, shown_as=shown)


def decode(raw: bytes, *, shown_as: str = "<texto>") -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YAMLLoadError([Problem(
            shown_as, line, column, "",
            "el archivo no está en UTF-8; guárdalo con codificación UTF-8")]) from None


def load_file(path: Path | str, *, max_bytes: int = MAX_BYTES, shown_as: str | None = None,
              dates: bool = True) -> Document:
    """Read ``path`` as strict, safe YAML; raise ``YAMLLoadError`` listing every problem.

    ``dates=False`` keeps ``2026-11-23`` as the text "2026-11-23" (for a schema to check).
    """
    shown = shown_as or display_path(Path(path))
    return load_text(read_text(path, max_bytes=max_bytes, shown_as=shown), shown_as=shown, dates=dates)


def reference_file(build: Callable[[Any, Path], T]) -> Callable[[Path], T]:
    """Decorate ``build(data, path)`` of a small reference file (``data/ui.yaml``,
    ``data/taxonomy.yaml``, ``data/territories.yaml``): the file is read with the strict reader
    (duplicate keys and the rest refused, with file:line:col), and the built object is kept
    until the file changes on disk (``mkdocs serve`` picks up edits)."""

    @lru_cache(maxsize=4)
    def cached(path: Path, mtime: float) -> T:
        return build(load_file(path).data, path)

    @wraps(build)
    def load(path: Path) -> T:
        path = Path(path)
        return cached(path, path.stat().st_mtime)

    return load


def load_bytes(raw: bytes, *, shown_as: str = "<texto>", dates: bool = True) -> Document:
    return load_text(decode(raw, shown_as=shown_as), shown_as=shown_as, dates=dates)


@contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector for a while.

    Data read from YAML is plain nested dicts and lists, without cycles: the collector has nothing
    to find in it, yet with a million such objects alive each of its passes walks all of them.
    Pausing it keeps reading and checking linear in the size of the file (about 20 % of the
    validation time of 20,000 entries). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_text(text: str, *, shown_as: str = "<texto>", dates: bool = True) -> Document:
    """The strict reader: every problem reported with its position, positions kept for messages."""
    with gc_paused():
        return _Builder(shown_as, dates=dates).build(text)


def quick_load(text: str, *, shown_as: str = "<texto>") -> Document | None:
    """The data of a well-formed file, read by ``yaml-rs`` (Rust) several times faster than the
    strict reader; ``None`` when the file needs the strict reader (as ``load_text(dates=False)``).

    Only for files that will then be checked against a schema: ``yaml-rs`` also reads as numbers
    a few plain scalars that YAML 1.2's core schema keeps as text (``0b101``, ``1_000``, ``0X1F``),
    so a caller that finds any problem in the quick data must read the file again strictly and
    report from that (``mitp.catalogue.validate_file`` does). What the strict reader refuses and
    ``yaml-rs`` would accept quietly is sent to the strict reader before ``yaml-rs`` sees it:
    tags, anchors and aliases (any ``!``, ``&`` or ``*`` where a node may start), directives and
    several documents. Duplicate keys and syntax errors make ``yaml-rs`` fail: ``None`` too.
    Positions are computed by the strict reader on first use, that is, only for a message.
    """
    if _needs_strict_reader(text):
        return None
    try:
        with gc_paused():
            data = yaml_rs.loads(text, parse_datetime=False, alias_limits=_NO_ALIASES,
                                 duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, RecursionError):
        return None
    if not isinstance(data, dict):   # several documents come back as a list; the strict reader explains
        return None
    return Document(shown_as, data, {}, text, dates=False)


# Helper functions


_NO_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=0)
# What may come (spaces aside) just before a node, and so before its tag, anchor or alias.
_NODE_START = frozenset("\n\r[{,:?-")


def _needs_strict_reader(text: str) -> bool:
    """True when ``text`` may hold something ``yaml-rs`` would accept and the strict reader refuses
    or reads differently: a tag, anchor or alias ("!", "&", "*" where a node may start), an explicit
    key ("? "), a directive or a document marker. False alarms (a quoted "Marca: *4242") only
    cost time: the strict reader reads such a file."""
    if text.startswith(("%", "---", "...")) or "\n%" in text or "\n---" in text or "\n..." in text:
        return True
    for mark in "!&*?":
        position = text.find(mark)
        while position != -1:
            before = position - 1
            while before >= 0 and text[before] in " \t":
                before -= 1
            if before < 0 or text[before] in _NODE_START:
                if mark != "?" or text[position + 1: position + 2] in ("", " ", "\t", "\n", "\r"):
                    return True
            position = text.find(mark, position + 1)
    return False


def _human(size: int) -> str:
    from mitp.i18n import format_size   # the site's one size rule

    return format_size(size, "es")


def _syntax_message(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem or needle in context:
            return f"error de sintaxis YAML: {hint} [{problem}]"
    return f"error de sintaxis YAML: {problem}" + (f" ({context})" if context else "")


_ANOMALY = object()


def _plain_scalar(value: str, tag: str | None, dates: bool) -> Any:
    """A plain scalar by the YAML 1.2 core schema; ``_ANOMALY`` for an impossible date."""
    if not value:
        return None if tag in (None, _TAG_PREFIX + "null") else value
    if value in _NULLS:
        return None
    if value in _TRUES:
        return True
    if value in _FALSES:
        return False
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if value in _FLOAT_SPECIAL:
        return _FLOAT_SPECIAL[value]
    if _FLOAT.match(value):
        return float(value)
    match = _DATE.match(value) if dates else None
    if match:
        try:
            return _dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return _ANOMALY
    return value


class _Bad:
    """Placeholder for a key that is not text (its value is dropped)."""


_BAD_KEY = _Bad()


class _Builder:
    def __init__(self, shown_as: str, *, dates: bool = True):
        self.shown = shown_as
        self.dates = dates
        self.marks: dict[tuple, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def problem(self, mark, parts: tuple, message: str) -> None:
        self.problems.append(Problem(self.shown, mark.line + 1, mark.column + 1, field_name(parts), message))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(Problem(self.shown, mark.line + 1, mark.column + 1, "",
                                         f"demasiados errores ({MAX_PROBLEMS}); se detiene la lectura"))
            raise YAMLLoadError(self.problems)

    def build(self, text: str) -> Document:
        marks = self.marks
        root: list[Any] = []
        # Stack frames: [container, path, is_mapping, pending_key, seen_keys]
        stack: list[list] = []
        documents = 0
        events = yaml.parse(text, Loader=_Loader)
        try:
            for event in events:
                kind = type(event)
                if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    mark = event.start_mark
                    if event.anchor is not None:
                        self.problem(mark, self._child_path(stack, mark),
                                     f"las anclas YAML (&{event.anchor}) no están permitidas: "
                                     "escribe el valor completo en cada lugar")
                    if event.tag not in _ALLOWED_TAGS:
                        self.problem(mark, self._child_path(stack, mark),
                                     f"la etiqueta '{_short_tag(event.tag)}' no está permitida: este archivo solo "
                                     "admite texto, números, fechas, listas y mapeos (quita la etiqueta)")
                    if kind is yaml.ScalarEvent:
                        value = self._scalar(event, stack)
                        self._attach(stack, root, value, mark)
                    else:
                        if len(stack) >= MAX_DEPTH:
                            self.problem(mark, (), f"anidamiento demasiado profundo (más de {MAX_DEPTH} niveles)")
                            raise YAMLLoadError(self.problems)
                        is_mapping = kind is yaml.MappingStartEvent
                        container: Any = {} if is_mapping else []
                        path = self._attach(stack, root, container, mark)
                        stack.append([container, path, is_mapping, None, {} if is_mapping else None])
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    stack.pop()
                elif kind is yaml.AliasEvent:
                    mark = event.start_mark
                    self.problem(mark, self._child_path(stack, mark),
                                 f"los alias YAML (*{event.anchor}) no están permitidos: "
                                 "escribe el valor completo en cada lugar")
                    self._attach(stack, root, None, mark)
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        self.problem(event.start_mark, (),
                                     "el archivo contiene más de un documento YAML (separador '---'): "
                                     "deja uno solo")
                        raise YAMLLoadError(self.problems)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            self.problems.append(Problem(self.shown, line, column, "", _syntax_message(exc)))
            raise YAMLLoadError(self.problems) from None
        if self.problems:
            raise YAMLLoadError(self.problems)
        marks.setdefault((), (1, 1))
        return Document(self.shown, root[0] if root else None, marks)

    @staticmethod
    def _child_path(stack: list[list], mark) -> tuple:
        if not stack:
            return ()
        container, path, is_mapping, pending, _ = stack[-1]
        if is_mapping:
            return path + (pending,) if pending is not None and pending is not _BAD_KEY else path
        return path + (len(container),)

    def _attach(self, stack: list[list], root: list, value: Any, mark) -> tuple:
        """Put ``value`` in its parent; return the value's path."""
        position = (mark.line + 1, mark.column + 1)
        if not stack:
            root.append(value)
            self.marks[()] = position
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if not frame[2]:   # sequence
            child = path + (len(container),)
            container.append(value)
            self.marks[child] = position
            return child
        key = frame[3]
        if key is None:    # this value is a key
            if isinstance(value, (dict, list)):
                self.problem(mark, path, "una clave debe ser un texto simple, no una lista ni un mapeo")
                frame[3] = _BAD_KEY
                return path + ("?",)
            if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float, _dt.date)):
                self.problem(mark, path, f"clave vacía o no válida: {value!r}")
                frame[3] = _BAD_KEY
                return path + ("?",)
            key = str(value) if not isinstance(value, str) else value
            seen = frame[4]
            if key in seen:
                first_line = seen[key]
                self.problem(mark, path + (key,),
                             f"clave duplicada '{key}': ya aparece en la línea {first_line} de este mismo "
                             f"mapeo (YAML conservaría solo la última); deja una sola")
                frame[3] = _BAD_KEY
                return path + (key,)
            seen[key] = position[0]
            frame[3] = key
            self.marks[path + (key,)] = position
            return path + (key,)
        # this value belongs to the pending key
        frame[3] = None
        if key is _BAD_KEY:
            return path + ("?",)
        container[key] = value
        return path + (key,)

    def _scalar(self, event, stack: list[list]) -> Any:
        value = event.value
        tag = event.tag
        # Quoted and block scalars are text; so is anything tagged !!str or "!" (non-specific).
        if tag == _TAG_PREFIX + "str" or tag == "!" or (event.style and tag is None):
            return value
        if value and value[0] not in _MAYBE_TYPED:
            return value
        result = _plain_scalar(value, tag, self.dates)
        if result is _ANOMALY:
            self.problem(event.start_mark, self._child_path(stack, event.start_mark),
                         f"'{value}' no es una fecha válida (formato AAAA-MM-DD, p. ej. 2026-11-23)")
            return value
        return result


def _short_tag(tag: str | None) -> str:
    if tag and tag.startswith(_TAG_PREFIX):
        return "!!" + tag[len(_TAG_PREFIX):]
    return str(tag)

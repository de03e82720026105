"""Data files people edit, declared once: read, checked, turned into records, or every problem said.

A data file is one ``DataFile`` declaration (``mitp/registry.py`` lists them all)::

    FILE = DataFile(name="channels", path="data/channels.yaml", schema="schemas/channels.schema.json",
                    records=_records, checks=_checks)

and one way to read it, for the build, the command line (``mitp validate``) and the tests::

    loaded = load(FILE)                 # cached on the file's own mtime
    loaded.records, loaded.warnings
    check(FILE, path) -> Report         # never raises for bad data: errors, warnings, records

Checks, in order, every problem reported at once as ``file:line:col: field: message`` (Spanish):
strict YAML (``mitp.yamlload``), the JSON Schema (``mitp.validation``: generic wording taken from
the schema), the text rules every string of every file obeys (``mitp.core.hygiene``), then the
file's own ``checks`` (rules a schema cannot say; they run even when the schema found problems,
looking only at values of the right type, so an editor gets one complete round of messages).

``$MITP_<NAME>`` (e.g. ``MITP_RESOURCES``) points a file at another path: previews, tests,
the benchmark. Paths are relative to the project being built (the folder of ``mkdocs.yml``, or the
current folder for the command line), never to where this package is installed.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from mitp.core import clock
from mitp.problems import DataFileError, Problem, display_path
from mitp.yamlload import MAX_BYTES, Document, YAMLLoadError, gc_paused, load_text, quick_load, read_text

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


def _identity(data: Any) -> Any:
    return data


def _no_checks(checks: "Checks") -> None:
    return None


@dataclass(frozen=True)
class DataFile:
    """One data file: where it is, its schema, how it becomes records, what a schema cannot check."""

    name: str                                   # CLI name and env override: MITP_<NAME>
    path: str                                   # relative to the project root
    schema: str                                 # JSON Schema 2020-12, relative to the project root
    records: Callable[[Any], Any] = _identity   # valid document data -> records (dates parsed…)
    checks: Callable[["Checks"], None] = _no_checks
    title: str = ""                             # what the file is, in Spanish ("los canales de ayuda")
    required: bool = True                       # False: a missing file means "nothing yet"
    empty: Any = None                           # the document of a missing optional file
    quick: bool = False                         # large files: try the fast reader first (see yamlload)
    items: str | None = None                    # the top-level list whose entries the schema checks one by one (fast path)
    explain_code: Callable[["Checks"], Callable[[str, Any], str | None]] | None = None  # -> why a code is wrong
    max_bytes: int = MAX_BYTES

    @property
    def env_variable(self) -> str:
        return "MITP_" + self.name.upper().replace("-", "_")

    def file_in(self, root: Path | None = None) -> Path:
        """This file in the project at ``root`` (``$MITP_<NAME>`` wins)."""
        override = os.environ.get(self.env_variable)
        if override:
            return Path(override)
        return project_root(root) / self.path

    def schema_in(self, root: Path | None = None) -> Path:
        own = project_root(root) / self.schema
        return own if own.exists() else PACKAGE_ROOT / self.schema


def project_root(root: Path | None = None) -> Path:
    """The project whose data is read: ``root``, else the current folder when it has ``data/``,
    else the checkout this package sits in."""
    if root is not None:
        return Path(root)
    here = Path.cwd()
    if (here / "data").is_dir() and (here / "schemas").is_dir():
        return here
    return PACKAGE_ROOT


@dataclass
class Loaded:
    """A valid file: its records (treat as read-only; shared between builds) and its warnings."""

    records: Any
    warnings: list[Problem]
    path: str


@dataclass
class Report:
    """Everything found in one file; ``records`` is None when there are errors."""

    errors: list[Problem]
    warnings: list[Problem]
    records: Any
    path: str = ""
    document: Document | None = None


class Checks:
    """What a file's ``checks`` function gets: the document and a way to report problems."""

    def __init__(self, document: Document, *, today: dt.date, territories=None, taxonomy=None):
        self.document = document
        self.data = document.data
        self.today = today
        self._territories = territories
        self._taxonomy = taxonomy
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    @cached_property
    def territories(self):
        from mitp.territories import load_territories

        return self._territories or load_territories()

    @cached_property
    def taxonomy(self):
        from mitp.taxonomy import load_taxonomy

        return self._taxonomy or load_taxonomy()

    def error(self, parts: tuple, message: str, *, at: tuple | None = None) -> None:
        from mitp.validation import make_problem

        self.errors.append(make_problem(self.document, parts, message, at=at))

    def warn(self, parts: tuple, message: str, *, at: tuple | None = None) -> None:
        from mitp.validation import make_problem

        self.warnings.append(make_problem(self.document, parts, message, "warning", at=at))

    def line_of(self, parts: tuple) -> int:
        return self.document.locate(parts)[0]


# Reading and checking


def check(spec: DataFile, path: Path | str | None = None, *, root: Path | None = None,
          today: dt.date | None = None, territories=None, taxonomy=None) -> Report:
    """Every check of ``spec`` on one file; never raises for bad data."""
    path = Path(path) if path is not None else spec.file_in(root)
    shown = display_path(path)
    options = {"today": today or clock.actual_today(), "territories": territories, "taxonomy": taxonomy,
               "schema": spec.schema_in(root)}
    if not path.exists():
        if not spec.required:
            return Report([], [], spec.records(spec.empty), shown)
        return Report([Problem(shown, 1, 1, "", f"no existe el archivo {shown}"
                                                + (f" ({spec.title})" if spec.title else "")
                                                + ": créalo o revisa la ruta")], [], None, shown)
    with gc_paused():
        try:
            text = read_text(path, max_bytes=spec.max_bytes, shown_as=shown)
            quick = quick_load(text, shown_as=shown) if spec.quick else None
            if quick is not None:
                try:
                    report = check_document(spec, quick, **options)
                except (YAMLLoadError, TypeError, ValueError):
                    report = None   # e.g. a key that is not text: the strict reading says what is wrong
                if report is not None and not report.errors:
                    return report
                document = quick.strict()
            else:
                document = load_text(text, shown_as=shown, dates=False)
        except YAMLLoadError as exc:
            return Report(sorted(exc.problems, key=_order), [], None, shown)
        return check_document(spec, document, **options)


def check_document(spec: DataFile, document: Document, *, today: dt.date, schema: Path,
                   territories=None, taxonomy=None) -> Report:
    from mitp import validation
    from mitp.core import hygiene

    checks = Checks(document, today=today, territories=territories, taxonomy=taxonomy)
    explain = spec.explain_code(checks) if spec.explain_code else None
    errors = validation.schema_problems(document, validation.load_validator(schema), explain_code=explain,
                                        items=spec.items, schema_path=schema)
    errors.extend(hygiene.problems(document))
    try:
        spec.checks(checks)
    except Exception as exc:  # a rule tripped on data it did not expect: say where, never a traceback
        errors.append(Problem(document.path, 1, 1, "", f"no se pudo revisar el archivo completo ({type(exc).__name__}); "
                                                       "corrige los demás errores y vuelve a validar"))
    errors = _dedupe(sorted(errors + checks.errors, key=_order))
    warnings = sorted(checks.warnings, key=_order)
    if errors:
        return Report(errors, warnings, None, document.path, document)
    return Report([], warnings, spec.records(document.data), document.path, document)


_CACHE: dict[tuple, tuple[Report, tuple]] = {}


def load(spec: DataFile, *, root: Path | None = None, path: Path | str | None = None,
         today: dt.date | None = None) -> Loaded:
    """The file's records, read once per change of the file; raises ``DataFileError`` listing every problem."""
    path = Path(path) if path is not None else spec.file_in(root)
    stamp = _stamp(path)
    key = (spec.name, str(path.resolve()) if path.exists() else str(path), today)
    cached = _CACHE.get(key)
    if cached is None or cached[1] != stamp:
        cached = (check(spec, path, root=root, today=today), stamp)
        _CACHE[key] = cached
    report = cached[0]
    if report.errors:
        raise DataFileError(report.errors, report.warnings)
    return Loaded(report.records, report.warnings, report.path)


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (None, None)
    return (stat.st_mtime_ns, stat.st_size)


def _order(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.column, problem.field, problem.message)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems:
        key = (problem.line, problem.column, problem.field, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out

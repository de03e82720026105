"""The resource catalogue (``data/resources.yaml``): load, validate everything, or say why not.

One function serves the command line (``mitp validate``), the build (the directory hook) and the
tests::

    cat = load_catalogue()                # or load_catalogue(path=Path("data/resources.yaml"))
    cat.resources, cat.warnings, cat.by_id

It raises ``CatalogueError`` listing **every** problem, one per line, as
``data/resources.yaml:LINE:COL: field: message``. Checks, in order: strict YAML (syntax,
duplicate keys, tags, aliases, size; see ``mitp.yamlload``), the JSON Schema
(``schemas/resources.schema.json``), then what a schema cannot say: unique ids, territory codes
that exist and agree with each other, phones valid for Chile (normalised to E.164), e-mails, web
addresses, dates. Warnings (the build still passes): ``last_verified`` older than 12 months, and
entries with no phone, e-mail or website.

The environment variable ``MITP_RESOURCES`` points the default path at another file (the
benchmark builds the site with a synthetic catalogue that way).
"""
from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import phonenumbers

from mitp import phones
from mitp.problems import Problem, display_path
from mitp.taxonomy import Taxonomy, load_taxonomy
from mitp.territories import Territories, load_territories
from mitp.validation import make_problem, schema_problems
from mitp.yamlload import MAX_BYTES, Document, YAMLLoadError, gc_paused, load_text, quick_load, read_text

ROOT = Path(__file__).resolve().parent.parent
RESOURCES_FILE = ROOT / "data" / "resources.yaml"
ENV_VARIABLE = "MITP_RESOURCES"
STALE_AFTER_MONTHS = 12

_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_DIGITS = re.compile(r"^[0-9]+$")
_SPACE = re.compile(r"\s")


class CatalogueError(ValueError):
    """The catalogue has errors. ``problems``: every error; ``warnings``: what was also noticed."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = problems
        self.warnings = warnings or []
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Catalogue:
    """Validated entries (treat as read-only: the same object may be shared between builds)."""

    resources: list[dict]
    warnings: list[Problem] = field(default_factory=list)
    path: str = "data/resources.yaml"
    by_id: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        if not self.by_id:
            self.by_id = {entry["id"]: entry for entry in self.resources}

    def is_stale(self, entry: dict, today: _dt.date | None = None) -> bool:
        """True when the entry was last verified more than 12 months ago."""
        return entry["last_verified"] < stale_before(today or _dt.date.today())


@dataclass
class Report:
    """Everything the validator found; ``catalogue`` is None when there are errors."""

    errors: list[Problem]
    warnings: list[Problem]
    catalogue: Catalogue | None


def resources_path() -> Path:
    """The catalogue file: ``$MITP_RESOURCES`` when set, else ``data/resources.yaml``."""
    override = os.environ.get(ENV_VARIABLE)
    return Path(override) if override else RESOURCES_FILE


def load_catalogue(path: Path | str | None = None, *, today: _dt.date | None = None,
                   max_bytes: int = MAX_BYTES) -> Catalogue:
    """Load and validate the catalogue, or raise ``CatalogueError`` with every problem."""
    report = validate_file(path, today=today, max_bytes=max_bytes)
    if report.errors:
        raise CatalogueError(report.errors, report.warnings)
    assert report.catalogue is not None
    return report.catalogue


def validate_file(path: Path | str | None = None, *, today: _dt.date | None = None,
                  max_bytes: int = MAX_BYTES, territories: Territories | None = None,
                  taxonomy: Taxonomy | None = None) -> Report:
    """Run every check on a catalogue file and report errors and warnings (never raises for bad data).

    A well-formed, valid file is read by the quick reader (``yamlload.quick_load``); whenever that
    reader declines or anything is wrong, the file is read and checked again by the strict reader,
    and the report (every message, every position) is the strict reader's.
    """
    path = Path(path) if path is not None else resources_path()
    with gc_paused():
        return _validate_file(path, display_path(path), max_bytes,
                              {"today": today, "territories": territories, "taxonomy": taxonomy})


def _validate_file(path: Path, shown: str, max_bytes: int, options: dict) -> Report:
    try:
        text = read_text(path, max_bytes=max_bytes, shown_as=shown)
        quick = quick_load(text, shown_as=shown)
        if quick is not None:
            try:
                report = validate_document(quick, **options)
            except (YAMLLoadError, TypeError, ValueError):
                # e.g. a key that is not text, or a position asked of a file the strict reader
                # refuses: the strict reading below says what is wrong.
                report = None
            if report is not None and not report.errors:
                return report
        # Read strictly once: the quick document keeps the strict reading it made for positions.
        document = quick.strict() if quick is not None else load_text(text, shown_as=shown, dates=False)
    except YAMLLoadError as exc:
        return Report(sorted(exc.problems, key=_order), [], None)
    return validate_document(document, **options)


def validate_document(document: Document, *, today: _dt.date | None = None,
                      territories: Territories | None = None, taxonomy: Taxonomy | None = None) -> Report:
    today = today or _dt.date.today()
    territories = territories or load_territories()
    taxonomy = taxonomy or load_taxonomy()
    checker = _Checker(document, territories, today)
    errors = schema_problems(document, explain_code=checker.explain_code)
    resources = document.data.get("resources") if isinstance(document.data, dict) else None
    warnings: list[Problem] = []
    if isinstance(resources, list):
        errors.extend(checker.check_all(resources))
        warnings = checker.warnings
    errors = _dedupe(sorted(errors, key=_order))
    warnings = sorted(warnings, key=_order)
    if errors:
        return Report(errors, warnings, None)
    for entry in resources:
        entry["last_verified"] = _dt.date.fromisoformat(entry["last_verified"])
        entry.setdefault("populations", [])
        for phone in entry.get("phones", ()):
            phone.update(checker.normalised_phone(phone["number"]))
    return Report([], warnings, Catalogue(resources, warnings, document.path))


def stale_before(today: _dt.date) -> _dt.date:
    """The date 12 months before ``today`` (29 February → 28 February)."""
    year, month = today.year, today.month - STALE_AFTER_MONTHS
    while month <= 0:
        month += 12
        year -= 1
    day = today.day
    while True:
        try:
            return _dt.date(year, month, day)
        except ValueError:
            day -= 1


def normalise_phone(number: str) -> dict[str, str] | None:
    """{"number": E.164 or short code, "display": readable, "tel": tel: URI}, or None if not valid in Chile."""
    try:
        return phones.parse(number).as_dict()
    except ValueError:
        return None


# Helper functions


def _can_message(number: str) -> bool:
    """Whether WhatsApp/SMS can reach ``number`` (not a short code, 600 or 800 line)."""
    if not number.startswith("+"):
        return False
    kind = phonenumbers.number_type(phonenumbers.parse(number))
    return kind not in (phonenumbers.PhoneNumberType.SHARED_COST, phonenumbers.PhoneNumberType.TOLL_FREE,
                        phonenumbers.PhoneNumberType.PREMIUM_RATE)


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


class _Checker:
    """The checks a JSON Schema cannot express. Each check looks only at values of the right type:
    wrong types were already reported by the schema."""

    def __init__(self, document: Document, territories: Territories, today: _dt.date):
        self.document = document
        self.t = territories
        self.today = today
        self.stale_before = stale_before(today)
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self._phones: dict[str, dict | None] = {}

    # -- reporting

    def error(self, parts: tuple, message: str, *, at: tuple | None = None) -> None:
        self.errors.append(make_problem(self.document, parts, message, at=at))

    def warn(self, parts: tuple, message: str, *, at: tuple | None = None) -> None:
        self.warnings.append(make_problem(self.document, parts, message, "warning", at=at))

    # -- territory codes

    def explain_code(self, kind: str, value: Any) -> str | None:
        """Why ``value`` is not a valid code of ``kind`` ("región", "provincia", "comuna", "any")."""
        text = str(value).strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            padded = f"{int(value):05d}" if len(str(int(value))) in (4, 5) else None
            if padded and padded in self.t.comunas:
                return f"escríbelo entre comillas y con el cero inicial: \"{padded}\" ({self.t.comunas[padded].name})"
            padded = f"{int(value):02d}"
            if kind in ("any", "región") and padded in self.t.regions:
                return f"escríbelo entre comillas: \"{padded}\" ({self.t.regions[padded].name})"
            return None
        if kind in ("comuna", "any") and text and not _DIGITS.match(text):
            matches = self.t.closest_comunas(text)
            if matches:
                options = " o ".join(f"'{c.name}' (\"{c.code}\")" for c in matches)
                return f"'{text}' no es un código de comuna: ¿Quisiste decir {options}? Escribe el código CUT entre comillas"
            return f"'{text}' no es un código de comuna ni el nombre de una comuna: usa el código CUT de 5 dígitos (data/territories.yaml)"
        if kind == "región" and text and not _DIGITS.match(text):
            names = {r.name.lower(): r for r in self.t.regions.values()}
            close = difflib.get_close_matches(text.lower(), list(names), n=1, cutoff=0.5)
            if close:
                region = names[close[0]]
                return f"'{text}' no es un código de región: ¿Quisiste decir \"{region.code}\" ({region.name})?"
        return None

    def _unknown_comuna(self, code: str) -> str:
        provincia = self.t.provincias.get(code[:3])
        if provincia:
            message = (f"no existe la comuna con código '{code}': en la provincia {provincia.name} "
                       f"({provincia.code}) los códigos van de {provincia.comunas[0]} a {provincia.comunas[-1]}")
            close = difflib.get_close_matches(code, provincia.comunas, n=1, cutoff=0.6)
            if close:
                message += f". ¿Quisiste decir \"{close[0]}\" ({self.t.comunas[close[0]].name})?"
            return message
        region = self.t.regions.get(code[:2])
        if region:
            return (f"no existe la comuna con código '{code}'; las provincias de {region.name} son: "
                    + ", ".join(f"{p} {self.t.provincias[p].name}" for p in region.provincias))
        return f"no existe la comuna con código '{code}' (busca el código en data/territories.yaml)"

    def check_territory(self, parts: tuple, territory: Any) -> None:
        if not isinstance(territory, dict):
            return
        region = territory.get("region")
        provincia = territory.get("provincia")
        comuna = territory.get("comuna")
        region_ok = isinstance(region, str) and region in self.t.regions
        if isinstance(region, str) and _DIGITS.match(region) and len(region) == 2 and not region_ok:
            self.error(parts + ("region",), f"no existe la región '{region}': los códigos van de \"01\" a \"16\"")
        if isinstance(provincia, str) and _DIGITS.match(provincia) and len(provincia) == 3:
            known = self.t.provincias.get(provincia)
            if known is None:
                region_obj = self.t.regions.get(region if region_ok else provincia[:2])
                listing = (", ".join(f"{p} {self.t.provincias[p].name}" for p in region_obj.provincias)
                           if region_obj else "")
                self.error(parts + ("provincia",), f"no existe la provincia '{provincia}'"
                           + (f"; las de {region_obj.name} son: {listing}" if listing else ""))
            elif region_ok and known.region != region:
                self.error(parts + ("provincia",),
                           f"la provincia {provincia} ({known.name}) pertenece a la región "
                           f"{known.region} ({self.t.regions[known.region].name}), no a la región {region} "
                           f"({self.t.regions[region].name}); corrige 'region' o 'provincia'")
        if isinstance(comuna, str) and _DIGITS.match(comuna) and len(comuna) == 5:
            known = self.t.comunas.get(comuna)
            if known is None:
                self.error(parts + ("comuna",), self._unknown_comuna(comuna))
            else:
                if region_ok and known.region != region:
                    self.error(parts + ("comuna",),
                               f"la comuna {comuna} ({known.name}) está en la región {known.region} "
                               f"({self.t.regions[known.region].name}), no en la región {region} "
                               f"({self.t.regions[region].name}); corrige 'region' o 'comuna'")
                elif isinstance(provincia, str) and provincia in self.t.provincias and known.provincia != provincia:
                    self.error(parts + ("comuna",),
                               f"la comuna {comuna} ({known.name}) está en la provincia {known.provincia} "
                               f"({self.t.provincias[known.provincia].name}), no en la provincia {provincia} "
                               f"({self.t.provincias[provincia].name})")

    def check_comuna_code(self, parts: tuple, code: Any) -> None:
        if isinstance(code, str) and _DIGITS.match(code) and len(code) == 5 and code not in self.t.comunas:
            self.error(parts, self._unknown_comuna(code))

    # -- contacts

    def normalised_phone(self, number: str) -> dict[str, str]:
        if number not in self._phones:
            self._phones[number] = normalise_phone(number)
        result = self._phones[number]
        assert result is not None
        return result

    def check_phone(self, parts: tuple, phone: Any) -> None:
        if not isinstance(phone, dict) or not isinstance(phone.get("number"), str):
            return
        number = phone["number"]
        if number not in self._phones:
            self._phones[number] = normalise_phone(number)
        result = self._phones[number]
        if result is None:
            self.error(parts + ("number",),
                       f"'{number}' no es un teléfono válido en Chile: escribe el número completo con código de "
                       "área, p. ej. \"+56 2 2123 4567\" o \"600 123 4567\"; "
                       "los números cortos (\"133\", \"134\") se aceptan solo si existen en Chile")
        elif phone.get("type") in ("whatsapp", "sms") and not _can_message(result["number"]):
            self.error(parts + ("type",),
                       f"'{phone.get('type')}' necesita un número de celular; '{number}' es un número corto, "
                       "600 u 800: usa type: voice")

    def check_email(self, parts: tuple, email: Any) -> None:
        if not isinstance(email, str):
            return
        if email.lower().startswith("mailto:"):
            self.error(parts, f"escribe solo la dirección de correo, sin 'mailto:': '{email[7:]}'")
        elif not _EMAIL.match(email):
            self.error(parts, f"'{email}' no es un correo válido: debe tener la forma nombre@institucion.cl, "
                              "sin espacios")

    def check_url(self, parts: tuple, url: Any, *, schemes: tuple[str, ...]) -> None:
        if not isinstance(url, str):
            return
        split = urlsplit(url)
        wanted = " o ".join(f"{s}://" for s in schemes)
        if split.scheme.lower() not in schemes:
            return   # the schema's pattern already said so
        if _SPACE.search(url) or not split.hostname or "." not in split.hostname:
            self.error(parts, f"'{url}' no es una dirección web válida: debe ser {wanted}sitio.dominio/… sin espacios")
        elif split.username or split.password:
            self.error(parts, "la dirección web no puede incluir usuario ni contraseña")

    # -- whole catalogue

    def check_all(self, resources: list) -> list[Problem]:
        ids: dict[str, int] = {}
        for index, entry in enumerate(resources):
            parts = ("resources", index)
            if not isinstance(entry, dict):
                continue
            entry_id = entry.get("id")
            if isinstance(entry_id, str):
                if entry_id in ids:
                    first_line = self.document.locate(("resources", ids[entry_id], "id"))[0]
                    self.error(parts + ("id",), f"id duplicado '{entry_id}': ya lo usa la entrada de la línea "
                                                f"{first_line}; cada entrada necesita un id propio")
                else:
                    ids[entry_id] = index
            self.check_entry(parts, entry)
        return self.errors

    def check_entry(self, parts: tuple, entry: dict) -> None:
        self.check_territory(parts + ("territory",), entry.get("territory"))
        area = entry.get("service_area")
        if isinstance(area, dict):
            scope = area.get("scope")
            region = area.get("region")
            if isinstance(region, str) and _DIGITS.match(region) and len(region) == 2 and region not in self.t.regions:
                self.error(parts + ("service_area", "region"),
                           f"no existe la región '{region}': los códigos van de \"01\" a \"16\"")
            comunas = area.get("comunas")
            if isinstance(comunas, list):
                for i, code in enumerate(comunas):
                    self.check_comuna_code(parts + ("service_area", "comunas", i), code)
            if scope == "national" and ("region" in area or "comunas" in area):
                self.error(parts + ("service_area", "scope"),
                           "con scope: national no se indica 'region' ni 'comunas' (atiende a todo el país); "
                           "usa scope: region o scope: comunas para limitarlo")
            if scope == "region" and "comunas" in area:
                self.error(parts + ("service_area", "comunas"),
                           "con scope: region no se listan comunas; usa scope: comunas para limitarlo a comunas")
            if scope == "comunas" and "region" in area:
                self.error(parts + ("service_area", "region"),
                           "con scope: comunas no se indica 'region': la región sale de cada comuna")
        address = entry.get("address")
        if isinstance(address, dict):
            self.check_comuna_code(parts + ("address", "comuna"), address.get("comuna"))
            territory = entry.get("territory")
            if (isinstance(territory, dict) and territory.get("comuna") in self.t.comunas
                    and address.get("comuna") in self.t.comunas and territory["comuna"] != address["comuna"]):
                self.error(parts + ("address", "comuna"),
                           f"la comuna de la dirección ({address['comuna']}) no coincide con territory.comuna "
                           f"({territory['comuna']})")
        phones = entry.get("phones")
        if isinstance(phones, list):
            for i, phone in enumerate(phones):
                self.check_phone(parts + ("phones", i), phone)
        emails = entry.get("emails")
        if isinstance(emails, list):
            for i, email in enumerate(emails):
                self.check_email(parts + ("emails", i), email)
        self.check_url(parts + ("website",), entry.get("website"), schemes=("https",))
        source = entry.get("source")
        if isinstance(source, dict):
            self.check_url(parts + ("source", "url"), source.get("url"), schemes=("http", "https"))
        hours = entry.get("hours")
        if isinstance(hours, dict) and hours.get("open_24_7") is False and "text" not in hours:
            self.error(parts + ("hours",), "open_24_7: false sin 'text': escribe el horario en 'text' o borra 'hours'")
        documents = entry.get("documents")
        if isinstance(documents, dict) and documents.get("required") is True and "text" not in documents:
            self.error(parts + ("documents",), "si se piden documentos (required: true), di cuáles en 'text'")
        verified = entry.get("last_verified")
        if isinstance(verified, str):
            try:
                day = _dt.date.fromisoformat(verified)
            except ValueError:
                day = None   # the schema's format check reports it
            if day is not None and day > self.today:
                self.error(parts + ("last_verified",),
                           f"la fecha {verified} está en el futuro: usa la fecha en que se verificó la entrada")
            elif day is not None and day < self.stale_before:
                self.warn(parts + ("last_verified",),
                          f"verificada por última vez el {verified}, hace más de {STALE_AFTER_MONTHS} meses: "
                          "confirma los datos con la institución y actualiza la fecha")
        if not entry.get("phones") and not entry.get("emails") and not entry.get("website"):
            label = f"la entrada '{entry['id']}'" if isinstance(entry.get("id"), str) else "esta entrada"
            self.warn(parts, f"{label} no tiene teléfono, correo ni sitio web: las personas no tendrán cómo "
                             "contactar este servicio (agrega un contacto institucional con su fuente)",
                      at=parts + ("id",))

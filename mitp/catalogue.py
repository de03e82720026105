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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import phonenumbers

from mitp import phones
from mitp.core import clock, datafile
from mitp.core.datafile import Checks, DataFile
from mitp.problems import DataFileError, Problem
from mitp.reference import territory_checks as territory
from mitp.taxonomy import Taxonomy
from mitp.territories import Territories
from mitp.yamlload import MAX_BYTES, Document

ROOT = Path(__file__).resolve().parent.parent
RESOURCES_FILE = ROOT / "data" / "resources.yaml"
ENV_VARIABLE = "MITP_RESOURCES"
STALE_AFTER_MONTHS = 12

_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_SPACE = re.compile(r"\s")

CatalogueError = DataFileError   # kept for callers of the first version


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
        return entry["last_verified"] < stale_before(today or clock.today())


@dataclass
class Report:
    """Everything the validator found; ``catalogue`` is None when there are errors."""

    errors: list[Problem]
    warnings: list[Problem]
    catalogue: Catalogue | None


def resources_path() -> Path:
    """The catalogue file: ``$MITP_RESOURCES`` when set, else ``data/resources.yaml`` of the project."""
    return FILE.file_in()


def load_catalogue(path: Path | str | None = None, *, today: _dt.date | None = None,
                   max_bytes: int = MAX_BYTES, root: Path | None = None) -> Catalogue:
    """Load and validate the catalogue (cached on the file's mtime), or raise ``CatalogueError``."""
    if max_bytes != MAX_BYTES:
        report = validate_file(path, today=today, max_bytes=max_bytes)
        if report.errors:
            raise CatalogueError(report.errors, report.warnings)
        assert report.catalogue is not None
        return report.catalogue
    loaded = datafile.load(FILE, path=path, root=root, today=today)
    return Catalogue(loaded.records, loaded.warnings, loaded.path)


def validate_file(path: Path | str | None = None, *, today: _dt.date | None = None,
                  max_bytes: int = MAX_BYTES, territories: Territories | None = None,
                  taxonomy: Taxonomy | None = None) -> Report:
    """Run every check on a catalogue file and report errors and warnings (never raises for bad data).

    A well-formed, valid file is read by the quick reader (``yamlload.quick_load``); whenever that
    reader declines or anything is wrong, the file is read and checked again by the strict reader,
    and the report (every message, every position) is the strict reader's.
    """
    spec = FILE if max_bytes == MAX_BYTES else _with_max_bytes(max_bytes)
    report = datafile.check(spec, path, today=today, territories=territories, taxonomy=taxonomy)
    return _as_catalogue_report(report)


def validate_document(document: Document, *, today: _dt.date | None = None,
                      territories: Territories | None = None, taxonomy: Taxonomy | None = None) -> Report:
    report = datafile.check_document(FILE, document, today=today or clock.actual_today(), schema=FILE.schema_in(),
                                     territories=territories, taxonomy=taxonomy)
    return _as_catalogue_report(report)


def _with_max_bytes(max_bytes: int) -> DataFile:
    from dataclasses import replace

    return replace(FILE, max_bytes=max_bytes)


def _as_catalogue_report(report: datafile.Report) -> Report:
    if report.errors:
        return Report(report.errors, report.warnings, None)
    return Report([], report.warnings, Catalogue(report.records, report.warnings, report.path))


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


# Records


def _records(data: dict) -> list[dict]:
    resources = data["resources"]
    cache: dict[str, dict[str, str]] = {}
    for entry in resources:
        entry["last_verified"] = _dt.date.fromisoformat(entry["last_verified"])
        entry.setdefault("populations", [])
        for phone in entry.get("phones", ()):
            number = phone["number"]
            if number not in cache:
                cache[number] = phones.parse(number).as_dict()
            phone.update(cache[number])
    return resources


# Rules a schema cannot say. Each looks only at values of the right type: the schema reports the rest.


def _checks(c: Checks) -> None:
    resources = c.data.get("resources") if isinstance(c.data, dict) else None
    if not isinstance(resources, list):
        return
    stale = stale_before(c.today)
    phone_cache: dict[str, str | None] = {}
    ids: dict[str, int] = {}
    for index, entry in enumerate(resources):
        if not isinstance(entry, dict):
            continue
        parts = ("resources", index)
        check_unique_id(c, parts, entry, ids)
        territory.check_territory(c, parts + ("territory",), entry.get("territory"))
        check_service_area(c, parts, entry.get("service_area"))
        check_address(c, parts, entry)
        check_contacts(c, parts, entry, phone_cache)
        check_conditions(c, parts, entry)
        check_dates(c, parts, entry, stale)
        warn_without_contact(c, parts, entry)


def check_unique_id(c: Checks, parts: tuple, entry: dict, ids: dict[str, int]) -> None:
    entry_id = entry.get("id")
    if not isinstance(entry_id, str):
        return
    if entry_id in ids:
        first_line = c.line_of(("resources", ids[entry_id], "id"))
        c.error(parts + ("id",), f"id duplicado '{entry_id}': ya lo usa la entrada de la línea "
                                 f"{first_line}; cada entrada necesita un id propio")
    else:
        ids[entry_id] = parts[1]


def check_service_area(c: Checks, parts: tuple, area: Any) -> None:
    if not isinstance(area, dict):
        return
    here = parts + ("service_area",)
    scope = area.get("scope")
    territory.check_region(c, here + ("region",), area.get("region"))
    comunas = area.get("comunas")
    if isinstance(comunas, list):
        for i, code in enumerate(comunas):
            territory.check_comuna(c, here + ("comunas", i), code)
    if scope == "national" and ("region" in area or "comunas" in area):
        c.error(here + ("scope",), "con scope: national no se indica 'region' ni 'comunas' (atiende a todo el "
                                   "país); usa scope: region o scope: comunas para limitarlo")
    if scope == "region" and "comunas" in area:
        c.error(here + ("comunas",), "con scope: region no se listan comunas; usa scope: comunas para limitarlo a comunas")
    if scope == "comunas" and "region" in area:
        c.error(here + ("region",), "con scope: comunas no se indica 'region': la región sale de cada comuna")


def check_address(c: Checks, parts: tuple, entry: dict) -> None:
    address = entry.get("address")
    if not isinstance(address, dict):
        return
    territory.check_comuna(c, parts + ("address", "comuna"), address.get("comuna"))
    where = entry.get("territory")
    comunas = c.territories.comunas
    if (isinstance(where, dict) and where.get("comuna") in comunas and address.get("comuna") in comunas
            and where["comuna"] != address["comuna"]):
        c.error(parts + ("address", "comuna"), f"la comuna de la dirección ({address['comuna']}) no coincide con "
                                               f"territory.comuna ({where['comuna']})")


def check_contacts(c: Checks, parts: tuple, entry: dict, cache: dict[str, str | None]) -> None:
    for i, phone in enumerate(entry.get("phones") if isinstance(entry.get("phones"), list) else ()):
        check_phone(c, parts + ("phones", i), phone, cache)
    for i, email in enumerate(entry.get("emails") if isinstance(entry.get("emails"), list) else ()):
        check_email(c, parts + ("emails", i), email)
    check_url(c, parts + ("website",), entry.get("website"), schemes=("https",))
    source = entry.get("source")
    if isinstance(source, dict):
        check_url(c, parts + ("source", "url"), source.get("url"), schemes=("http", "https"))


def check_phone(c: Checks, parts: tuple, phone: Any, cache: dict[str, str | None]) -> None:
    if not isinstance(phone, dict) or not isinstance(phone.get("number"), str):
        return
    number = phone["number"]
    if number not in cache:
        try:
            cache[number] = phones.parse(number).number
        except ValueError:
            cache[number] = None
    stored = cache[number]
    if stored is None:
        if re.search(r"[^\W\d_]", number):
            c.error(parts + ("number",), f"'{number}' tiene letras: escribe solo los dígitos del número, con código "
                                         "de área (sin letras ni marcadores como XXXX)")
        else:
            c.error(parts + ("number",), f"'{number}' no es un teléfono válido en Chile: escribe el número completo con "
                                         "código de área, p. ej. \"+56 2 2123 4567\" o \"600 123 4567\"; los números "
                                         "cortos (\"133\", \"134\") se aceptan solo si existen en Chile")
    elif phone.get("type") in ("whatsapp", "sms") and not _can_message(stored):
        c.error(parts + ("type",), f"'{phone.get('type')}' necesita un número de celular; '{number}' es un número "
                                   "corto, 600 u 800: usa type: voice")


def check_email(c: Checks, parts: tuple, email: Any) -> None:
    if not isinstance(email, str):
        return
    if email.lower().startswith("mailto:"):
        c.error(parts, f"escribe solo la dirección de correo, sin 'mailto:': '{email[7:]}'")
    elif not _EMAIL.match(email):
        c.error(parts, f"'{email}' no es un correo válido: debe tener la forma nombre@institucion.cl, sin espacios")


def check_url(c: Checks, parts: tuple, url: Any, *, schemes: tuple[str, ...]) -> None:
    if not isinstance(url, str):
        return
    wanted = " o ".join(f"{s}://" for s in schemes)
    try:
        split = urlsplit(url)
        host = split.hostname
    except ValueError:   # e.g. a Markdown link pasted as an address: "https://[sitio.cl](https://sitio.cl)"
        split, host = None, None
    if split is not None and split.scheme.lower() not in schemes:
        return   # the schema's pattern already said so
    if "](" in url or url.startswith("[") or "[" in url:
        c.error(parts, f"'{url}' parece un enlace de Markdown: escribe solo la dirección, p. ej. {wanted}sitio.cl/")
    elif split is None or _SPACE.search(url) or not host or "." not in host:
        c.error(parts, f"'{url}' no es una dirección web válida: debe ser {wanted}sitio.dominio/… sin espacios")
    elif split.username or split.password:
        c.error(parts, "la dirección web no puede incluir usuario ni contraseña")


def check_conditions(c: Checks, parts: tuple, entry: dict) -> None:
    hours = entry.get("hours")
    if isinstance(hours, dict) and hours.get("open_24_7") is False and "text" not in hours:
        c.error(parts + ("hours",), "open_24_7: false sin 'text': escribe el horario en 'text' o borra 'hours'")
    documents = entry.get("documents")
    if isinstance(documents, dict) and documents.get("required") is True and "text" not in documents:
        c.error(parts + ("documents",), "si se piden documentos (required: true), di cuáles en 'text'")


def check_dates(c: Checks, parts: tuple, entry: dict, stale: _dt.date) -> None:
    verified = entry.get("last_verified")
    if not isinstance(verified, str):
        return
    try:
        day = _dt.date.fromisoformat(verified)
    except ValueError:
        return   # the schema's format check reports it
    if day > c.today:
        c.error(parts + ("last_verified",), f"la fecha {verified} está en el futuro: usa la fecha en que se "
                                            "verificó la entrada")
    elif day < stale:
        c.warn(parts + ("last_verified",), f"verificada por última vez el {verified}, hace más de "
                                           f"{STALE_AFTER_MONTHS} meses: confirma los datos con la institución y "
                                           "actualiza la fecha")


def warn_without_contact(c: Checks, parts: tuple, entry: dict) -> None:
    if entry.get("phones") or entry.get("emails") or entry.get("website"):
        return
    label = f"la entrada '{entry['id']}'" if isinstance(entry.get("id"), str) else "esta entrada"
    c.warn(parts, f"{label} no tiene teléfono, correo ni sitio web: las personas no tendrán cómo contactar este "
                  "servicio (agrega un contacto institucional con su fuente)", at=parts + ("id",))


def _can_message(number: str) -> bool:
    """Whether WhatsApp/SMS can reach ``number`` (not a short code, 600 or 800 line)."""
    if not number.startswith("+"):
        return False
    kind = phonenumbers.number_type(phonenumbers.parse(number))
    return kind not in (phonenumbers.PhoneNumberType.SHARED_COST, phonenumbers.PhoneNumberType.TOLL_FREE,
                        phonenumbers.PhoneNumberType.PREMIUM_RATE)


FILE = DataFile(
    name="resources", path="data/resources.yaml", schema="schemas/resources.schema.json",
    title="el catálogo de recursos", records=_records, checks=_checks, quick=True, items="resources",
    explain_code=territory.code_explainer,
)

"""``mitp importar guia.csv``: a coordinator's spreadsheet of services into ``data/resources.yaml``.

Coordinators keep their region's guide in a spreadsheet; the template is
``plantillas/guia-servicios.csv`` (one example row; CONTRIBUTING.md, «Importar una guía desde una
planilla»). Each row becomes one catalogue entry:

- every problem of every row is reported at once as ``guia.csv:FILA:COLUMNA: mensaje`` (Spanish):
  the same rules as the catalogue (territory codes or names, phones by the one phone rule of
  ``mitp.phones``, https web sites, e-mails, a confidential entry has no address, dates…);
- nothing is written while any row fails; the new catalogue is validated as a whole before it is
  written (``mitp.catalogue.validate_document``);
- ids are generated stably from the name and the comuna (``slug(nombre)-slug(comuna)``), so
  importing the same row twice is refused (the entry already exists) instead of duplicated;
- the change is shown as a diff; only ``--escribir`` writes it. The entries are inserted as text
  into the region's group of ``data/resources.yaml`` (its ``# --- Región … (CC) ---`` section):
  the rest of the file, comments and formatting included, is left byte for byte as it was.

CSV (UTF-8, comma or semicolon) and Excel's ``.xlsx`` (its first sheet, read with openpyxl, which
parses the file's XML through defusedxml) are read; a sheet's row numbers are the ones the
spreadsheet shows, so ``guia.xlsx:FILA:COLUMNA`` points at the cell to fix.
"""
from __future__ import annotations

import argparse
import csv
import datetime as _dt
import difflib
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mitp import catalogue, phones
from mitp.core import clock
from mitp.directory.plan import slugify, sort_key

# Columns of the template, in order. (name, required, what it holds) — the help and the errors use them.
COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("id", False, "identificador; vacío = se genera del nombre y la comuna"),
    ("nombre", True, "nombre del servicio, en español"),
    ("nombre_en", False, "nombre en inglés"),
    ("nombre_ht", False, "nombre en criollo haitiano"),
    ("descripcion", True, "qué ofrece, en una o dos frases, en español"),
    ("descripcion_en", False, "descripción en inglés"),
    ("descripcion_ht", False, "descripción en criollo haitiano"),
    ("institucion", True, "institución que presta el servicio"),
    ("nivel", True, "municipal, provincial, regional o nacional"),
    ("region", False, "código de región (\"08\") o nombre (\"Biobío\"); vacío solo en nivel nacional"),
    ("comuna", False, "código de comuna (\"08101\") o nombre (\"Concepción\")"),
    ("direccion", False, "calle y número; nunca en una entrada confidencial"),
    ("servicios", True, "tipos de servicio de data/taxonomy.yaml separados por ;"),
    ("poblaciones", False, "poblaciones de data/taxonomy.yaml separadas por ; (vacío = todas las personas)"),
    ("idiomas", False, "códigos de idioma separados por ; (vacío = es)"),
    ("telefonos", False, "teléfonos con código de área separados por ;"),
    ("correos", False, "correos institucionales separados por ;"),
    ("sitio_web", False, "dirección https:// del sitio de la institución"),
    ("horario", False, "horario de atención, en español"),
    ("confidencial", False, "si o no (vacío = no)"),
    ("acceso", False, "directo, derivacion o sin-confirmar (vacío = sin-confirmar)"),
    ("fuente", True, "nombre de la fuente pública de los datos"),
    ("fuente_url", False, "dirección http(s) de la fuente"),
    ("fuente_fecha", False, "fecha que la fuente muestra como su actualización (AAAA-MM-DD)"),
    ("fuente_debil", False, "vacío, prensa, copia-de-prueba o pagina-antigua"),
    ("verificado", True, "fecha en que comparaste la fila con su fuente (AAAA-MM-DD)"),
)
COLUMN_NAMES = tuple(name for name, _, _ in COLUMNS)
LEVELS = ("municipal", "provincial", "regional", "nacional")
ACCESS = {"directo": "direct", "direct": "direct", "derivacion": "referral", "referral": "referral",
          "sin-confirmar": "unconfirmed", "sin confirmar": "unconfirmed", "unconfirmed": "unconfirmed"}
WEAK = {"prensa": "news", "news": "news", "copia-de-prueba": "test-copy", "test-copy": "test-copy",
        "pagina-antigua": "old-page", "old-page": "old-page"}
YES, NO = ("si", "sí", "yes", "true", "1"), ("no", "false", "0", "")
NATIONAL_ANCHOR = "  # --- Coordinación regional"


@dataclass
class ImportProblem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


@dataclass
class Row:
    number: int
    entry: dict[str, Any]
    region: str                     # "" for a national entry


@dataclass
class ImportResult:
    problems: list[ImportProblem] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    new_text: str = ""
    diff: str = ""


# Reading the spreadsheet


# A spreadsheet larger than this is not a region's guide (and an .xlsx is a ZIP: a small file can
# unpack to a huge one, so openpyxl reads it in read-only mode, row by row).
MAX_SHEET_BYTES = 5 * 1024 * 1024
MAX_SHEET_ROWS = 5000


def read_rows(path: Path, shown: str, problems: list[ImportProblem]) -> list[tuple[int, dict[str, str]]]:
    """The sheet's data rows as (spreadsheet row number, {column: text}); problems of the file itself."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        problems.append(ImportProblem(shown, 1, "-", f"no se leen archivos {suffix}: en la planilla, usa «Guardar "
                                                     "como» o «Descargar» → Excel (.xlsx) o CSV UTF-8"))
        return []
    table = _xlsx_table(path, shown, problems) if suffix == ".xlsx" else _csv_table(path, shown, problems)
    if table is None:
        return []
    return _rows_of(table, shown, problems)


def _xlsx_table(path: Path, shown: str, problems: list[ImportProblem]) -> list[list[str]] | None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.append(ImportProblem(shown, 1, "-", f"no se pudo leer el archivo ({exc.strerror or exc})"))
        return None
    if size > MAX_SHEET_BYTES:
        problems.append(ImportProblem(shown, 1, "-", f"el archivo pesa más de {MAX_SHEET_BYTES // (1024 * 1024)} MB: "
                                                     "una guía regional cabe en mucho menos; revisa que sea la planilla"))
        return None
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        problems.append(ImportProblem(shown, 1, "-", f"no es un archivo .xlsx que se pueda leer ({type(exc).__name__}): "
                                                     "ábrelo en la planilla y guárdalo de nuevo como Excel (.xlsx)"))
        return None
    try:
        sheet = book.worksheets[0]
        table = []
        for row in sheet.iter_rows(values_only=True):
            if len(table) >= MAX_SHEET_ROWS:
                problems.append(ImportProblem(shown, MAX_SHEET_ROWS + 1, "-", f"la hoja tiene más de {MAX_SHEET_ROWS} "
                                                                            "filas: importa la guía por partes"))
                return None
            table.append([_cell_text(value) for value in row])
    finally:
        book.close()
    while table and not any(table[-1]):
        table.pop()
    return table


def _cell_text(value: Any) -> str:
    """A cell as the coordinator sees it: a date as AAAA-MM-DD, a whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_table(path: Path, shown: str, problems: list[ImportProblem]) -> list[list[str]] | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(ImportProblem(shown, 1, "-", f"no se pudo leer el archivo ({exc.strerror or exc})"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(ImportProblem(shown, 1, "-", "el archivo no está en UTF-8: en la planilla, guárdalo como "
                                                     "«CSV UTF-8»"))
        return None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = list(reader)
    except csv.Error as exc:
        problems.append(ImportProblem(shown, reader.line_num or 1, "-", f"el CSV está mal formado ({exc}): revisa "
                                                                        "las comillas de esa fila"))
        return None
    return table


def _rows_of(table: list[list[str]], shown: str, problems: list[ImportProblem]) -> list[tuple[int, dict[str, str]]]:
    if not table:
        problems.append(ImportProblem(shown, 1, "-", "el archivo está vacío: la primera fila debe tener los nombres "
                                                     "de las columnas de plantillas/guia-servicios.csv"))
        return []
    header = [(h or "").strip().lower() for h in table[0]]
    for name in header:
        if name and name not in COLUMN_NAMES:
            problems.append(ImportProblem(shown, 1, name, f"columna desconocida '{name}'; las columnas válidas son: "
                                                          f"{', '.join(COLUMN_NAMES)}"))
    for name, required, _ in COLUMNS:
        if required and name not in header:
            problems.append(ImportProblem(shown, 1, name, f"falta la columna obligatoria '{name}' (copia la primera "
                                                          "fila de plantillas/guia-servicios.csv)"))
    rows = []
    for index, cells in enumerate(table[1:], start=2):
        if not any((c or "").strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.append(ImportProblem(shown, index, "-", f"la fila tiene {len(cells)} celdas y el encabezado "
                                                             f"{len(header)}: sobra una celda o falta un encabezado"))
        rows.append((index, {name: (cells[i].strip() if i < len(cells) else "")
                             for i, name in enumerate(header) if name}))
    if not rows and not problems:
        problems.append(ImportProblem(shown, 2, "-", "el archivo no tiene filas de datos bajo el encabezado"))
    return rows


# One row → one entry


def row_entry(number: int, cells: dict[str, str], shown: str, *, territories, taxonomy, today: _dt.date,
              problems: list[ImportProblem]) -> Row | None:
    """The catalogue entry of one row, or None when the row has problems (each one added)."""
    start = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(ImportProblem(shown, number, column, message))

    def cell(name: str) -> str:
        return cells.get(name, "")

    def items(name: str) -> list[str]:
        return [part.strip() for part in re.split(r"[;\n]", cell(name)) if part.strip()]

    if cell("nombre").upper().startswith("EJEMPLO"):
        bad("nombre", "esta es la fila de ejemplo de la plantilla: bórrala y escribe solo servicios reales, cada uno "
                      "con su fuente pública")
        return None
    for name, required, what in COLUMNS:
        if required and not cell(name):
            bad(name, f"falta '{name}': {what}")
    level = cell("nivel").lower()
    if level and level not in LEVELS:
        bad("nivel", f"'{cell('nivel')}' no es un nivel; válidos: {', '.join(LEVELS)}")
    region = _region(cell("region"), territories, bad) if cell("region") else ""
    comuna = _comuna(cell("comuna"), region, territories, bad) if cell("comuna") else ""
    if comuna and not region:
        region = territories.comunas[comuna].region
    if level == "nacional" and (region or comuna):
        bad("region" if cell("region") else "comuna", "una entrada de nivel nacional no lleva región ni comuna "
                                                      "(atiende a todo el país); borra la celda o cambia el nivel")
    if level in ("municipal", "provincial", "regional") and not region and not cell("region") and not cell("comuna"):
        bad("region", f"una entrada de nivel {level} necesita su región (código como \"08\" o nombre como \"Biobío\")")
    if level == "municipal" and not comuna and not cell("comuna"):
        bad("comuna", "una entrada de nivel municipal necesita su comuna (código como \"08101\" o nombre)")
    confidential = _yes_no(cell("confidencial"), bad)
    if confidential and cell("direccion"):
        bad("direccion", "una entrada confidencial no publica su dirección (protege a quienes atiende): deja la "
                         "celda vacía")
    if cell("direccion") and not comuna and not cell("comuna"):
        bad("comuna", "con una dirección, indica también su comuna (código o nombre)")
    services = _keys(items("servicios"), taxonomy.services, "servicios", bad)
    populations = _keys(items("poblaciones"), taxonomy.populations, "poblaciones", bad)
    languages = _keys(items("idiomas") or ["es"], taxonomy.languages, "idiomas", bad)
    phone_list = []
    for number_text in items("telefonos"):
        try:
            phone_list.append(phones.parse(number_text).display)
        except ValueError:
            if re.search(r"[^\W\d_]", number_text):
                bad("telefonos", f"'{number_text}' tiene letras: escribe solo los dígitos del número, con código de "
                                 "área (sin letras ni marcadores como XXXX)")
            else:
                bad("telefonos", f"'{number_text}' no es un teléfono válido en Chile: escribe el número completo con "
                                 "código de área, p. ej. \"+56 2 2123 4567\" o \"600 123 4567\"; los números cortos "
                                 "(\"133\", \"134\") se aceptan solo si existen en Chile")
    emails = [email for email in items("correos") if _passes(catalogue.check_email, email, "correos", bad)]
    website = _url(cell("sitio_web"), ("https",), "sitio_web", bad)
    source_url = _url(cell("fuente_url"), ("http", "https"), "fuente_url", bad)
    access = ACCESS.get(sort_key(cell("acceso")).replace(" ", "-") if cell("acceso") else "sin-confirmar")
    if access is None:
        bad("acceso", f"'{cell('acceso')}' no es un acceso válido; usa directo, derivacion o sin-confirmar")
    weak = WEAK.get(sort_key(cell("fuente_debil"))) if cell("fuente_debil") else ""
    if weak is None:
        bad("fuente_debil", f"'{cell('fuente_debil')}' no es válido; usa prensa, copia-de-prueba o pagina-antigua "
                            "(o deja la celda vacía si la fuente es la página oficial de la institución)")
    verified = _date(cell("verificado"), "verificado", bad, today=today, future_ok=False) if cell("verificado") else None
    source_date = _date(cell("fuente_fecha"), "fuente_fecha", bad, today=today, future_ok=False) \
        if cell("fuente_fecha") else None
    entry_id = cell("id") or slugify(" ".join(filter(None, [cell("nombre"),
                                                           territories.comunas[comuna].name if comuna else ""])))[:80]
    if cell("id") and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id):
        bad("id", f"'{entry_id}' no es un id válido: solo minúsculas, números y guiones (o deja la celda vacía y "
                  "se genera del nombre y la comuna)")
    if len(problems) > start:
        return None

    def text(name: str) -> dict[str, str]:
        value = {"es": cell(name)}
        for lang in ("en", "ht"):
            if cell(f"{name}_{lang}"):
                value[lang] = cell(f"{name}_{lang}")
        return value

    entry: dict[str, Any] = {"id": entry_id, "name": text("nombre"), "description": text("descripcion"),
                             "organization": {"es": cell("institucion")}, "level": level}
    if region:
        territory = {"region": region}
        if comuna:
            territory["provincia"] = territories.comunas[comuna].provincia
            territory["comuna"] = comuna
        entry["territory"] = territory
    if level == "nacional":
        entry["service_area"] = {"scope": "national"}
    elif level == "municipal":
        entry["service_area"] = {"scope": "comunas", "comunas": [comuna]}
    else:
        entry["service_area"] = {"scope": "region", "region": region}
    entry["services"] = services
    if populations:
        entry["populations"] = populations
    entry["languages"] = languages
    if phone_list:
        entry["phones"] = [{"number": p, "type": "voice"} for p in phone_list]
    if emails:
        entry["emails"] = emails
    if website:
        entry["website"] = website
    if cell("direccion"):
        entry["address"] = {"street": cell("direccion"), "comuna": comuna}
    if cell("horario"):
        entry["hours"] = {"text": {"es": cell("horario")}}
    entry["confidential"] = confidential
    entry["access"] = access
    entry["last_verified"] = verified
    source: dict[str, Any] = {"es": cell("fuente")}
    if source_url:
        source["url"] = source_url
    if source_date:
        source["date"] = source_date
    if weak:
        source["weak"] = weak
    entry["source"] = source
    return Row(number, entry, region)


def _region(value: str, territories, bad) -> str:
    code = value.zfill(2) if value.isdigit() else ""
    if code in territories.regions:
        return code
    wanted = sort_key(re.sub(r"^(regi[oó]n\s+(de\s+la\s+|del\s+|de\s+)?)", "", value.strip(), flags=re.I))
    for region in territories.regions.values():
        if sort_key(region.name) == wanted:
            return region.code
    valid = ", ".join(f"{r.code} {r.name}" for r in sorted(territories.regions.values(), key=lambda r: r.code))
    bad("region", f"'{value}' no es una región de Chile; escribe su código o su nombre: {valid}")
    return ""


def _comuna(value: str, region: str, territories, bad) -> str:
    if value.isdigit():
        code = value.zfill(5)
        if code in territories.comunas:
            if region and territories.comunas[code].region != region:
                bad("comuna", f"la comuna {code} ({territories.comunas[code].name}) no está en la región {region}")
                return ""
            return code
        bad("comuna", f"'{value}' no es un código de comuna (cinco dígitos, p. ej. \"08101\" para Concepción); "
                      "la lista está en data/territories.yaml")
        return ""
    found = [c for c in territories.comunas.values()
             if sort_key(c.name) == sort_key(value) and (not region or c.region == region)]
    if len(found) == 1:
        return found[0].code
    close = territories.closest_comunas(value, region=region or None)
    hint = f"; ¿quisiste decir {', '.join(c.name for c in close)}?" if close else ""
    bad("comuna", f"'{value}' no es una comuna{' de esa región' if region else ''}{hint} (escribe su nombre o su "
                  "código de cinco dígitos)")
    return ""


def _keys(values: list[str], known: dict[str, dict[str, str]], column: str, bad) -> list[str]:
    """Taxonomy keys from keys or Spanish labels; an unknown one is reported with the valid ones."""
    by_label = {sort_key(labels.get("es", "")): key for key, labels in known.items()}
    out = []
    for value in values:
        key = value if value in known else by_label.get(sort_key(value))
        if key is None or key == "coordinacion":
            valid = ", ".join(k for k in known if k != "coordinacion")
            bad(column, f"'{value}' no es válido en '{column}'; usa claves de data/taxonomy.yaml: {valid}")
        elif key not in out:
            out.append(key)
    return out


def _yes_no(value: str, bad) -> bool:
    lowered = value.strip().lower()
    if lowered in YES:
        return True
    if lowered not in NO:
        bad("confidencial", f"'{value}' no es válido: escribe si o no")
    return False


def _url(value: str, schemes: tuple[str, ...], column: str, bad) -> str:
    """The catalogue's own URL rule (``catalogue.check_url``), plus the scheme, which the
    catalogue's schema checks and a spreadsheet has no schema for."""
    if not value:
        return ""
    from urllib.parse import urlsplit

    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in schemes:
        wanted = " o ".join(f"{s}://" for s in schemes)
        bad(column, f"'{value}' no es válido: la dirección debe empezar con {wanted} (solo esas se publican como enlace)")
        return ""
    return value if _passes(lambda c, parts, v: catalogue.check_url(c, parts, v, schemes=schemes), value, column, bad) else ""


class _Cell:
    """A spreadsheet cell where the catalogue's checks report (``Checks.error(parts, message)``)."""

    def __init__(self, column: str, bad) -> None:
        self.column, self.bad, self.failed = column, bad, False

    def error(self, parts: tuple, message: str, **_: Any) -> None:
        self.failed = True
        self.bad(self.column, message)


def _passes(check, value: str, column: str, bad) -> bool:
    """Run one of the catalogue's value checks on a cell; True when it reports nothing."""
    cell = _Cell(column, bad)
    check(cell, (), value)
    return not cell.failed


def _date(value: str, column: str, bad, *, today: _dt.date, future_ok: bool) -> str | None:
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        bad(column, f"'{value}' no es una fecha: escríbela como AAAA-MM-DD, p. ej. {today.isoformat()}")
        return None
    if day > today and not future_ok:
        bad(column, f"la fecha {value} está en el futuro")
        return None
    return day.isoformat()


# Writing: entries as YAML text, inserted into their region's group


def entry_yaml(entry: dict[str, Any]) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731  (a JSON string is a YAML double-quoted scalar)
    inline = lambda d: "{" + ", ".join(f"{k}: {q(v) if isinstance(v, str) else '[' + ', '.join(map(q, v)) + ']'}"  # noqa: E731
                                       for k, v in d.items()) + "}"
    lines = [f"  - id: {entry['id']}"]
    for key in ("name", "description", "organization"):
        lines.append(f"    {key}:")
        lines += [f"      {lang}: {q(text)}" for lang, text in entry[key].items()]
    lines.append(f"    level: {entry['level']}")
    if "territory" in entry:
        lines.append(f"    territory: {inline(entry['territory'])}")
    area = entry["service_area"]
    lines.append("    service_area: {" + ", ".join(
        f"{k}: {v}" if k == "scope" else f"{k}: {q(v) if isinstance(v, str) else '[' + ', '.join(map(q, v)) + ']'}"
        for k, v in area.items()) + "}")
    for key in ("services", "populations", "languages"):
        if key in entry:
            lines.append(f"    {key}: [{', '.join(entry[key])}]")
    if "phones" in entry:
        lines.append("    phones:")
        for phone in entry["phones"]:
            lines += [f"      - number: {q(phone['number'])}", f"        type: {phone['type']}"]
    if "emails" in entry:
        lines.append(f"    emails: [{', '.join(entry['emails'])}]")
    if "website" in entry:
        lines.append(f"    website: {q(entry['website'])}")
    if "address" in entry:
        lines += ["    address:", f"      street: {q(entry['address']['street'])}",
                  f"      comuna: {q(entry['address']['comuna'])}"]
    if "hours" in entry:
        lines.append(f"    hours:\n      text: {{es: {q(entry['hours']['text']['es'])}}}")
    lines.append(f"    confidential: {'true' if entry['confidential'] else 'false'}")
    lines.append(f"    access: {entry['access']}")
    lines.append(f"    last_verified: {entry['last_verified']}")
    lines.append("    source:")
    source = entry["source"]
    lines.append(f"      es: {q(source['es'])}")
    for key in ("url", "date", "weak"):
        if key in source:
            lines.append(f"      {key}: {q(source[key]) if key == 'url' else source[key]}")
    return "\n".join(lines) + "\n\n"


def insert_entries(text: str, rows: list[Row], territories) -> str:
    """``text`` with each row's entry inserted at the end of its region's group (a new group when the
    region has none yet, placed north to south); national entries before the regional coordination."""
    from mitp.directory.plan import _ordered_regions

    order = _ordered_regions(territories)
    for row in rows:
        block = entry_yaml(row.entry)
        if not row.region:
            at = text.find(NATIONAL_ANCHOR)
            text = text[:at] + block + text[at:] if at >= 0 else text.rstrip("\n") + "\n\n" + block
            continue
        header = re.search(rf"(?m)^  # --- [^\n]*\({row.region}\) -+\n", text)
        if header:
            following = re.compile(r"(?m)^  # --- ").search(text, header.end())
            at = following.start() if following else len(text)
            if not following:
                text = text.rstrip("\n") + "\n\n"
                at = len(text)
            text = text[:at] + block + text[at:]
            continue
        name = territories.regions[row.region].name
        new_header = f"  # --- {name} ({row.region}) ".ljust(98, "-") + "\n"
        later = order[order.index(row.region) + 1:]
        at = len(text)
        for code in later:
            found = re.search(rf"(?m)^  # --- [^\n]*\({code}\) -+\n", text)
            if found:
                at = found.start()
                break
        if at == len(text):
            text = text.rstrip("\n") + "\n\n"
            at = len(text)
        text = text[:at] + new_header + block + text[at:]
    return text


# The whole import


def import_csv(csv_path: Path, resources_path: Path, *, territories, taxonomy, today: _dt.date) -> ImportResult:
    """Every problem, or the new catalogue text and its diff (nothing is written here)."""
    from mitp.problems import display_path
    from mitp.yamlload import load_text

    shown = display_path(csv_path)
    result = ImportResult()
    table = read_rows(csv_path, shown, result.problems)
    if result.problems and not table:
        return result
    old_text = resources_path.read_text(encoding="utf-8")
    current = catalogue.validate_file(resources_path, today=today, territories=territories, taxonomy=taxonomy)
    if current.errors:
        result.problems.append(ImportProblem(display_path(resources_path), current.errors[0].line, "-",
                                             f"el catálogo ya tiene {len(current.errors)} error(es) (el primero: "
                                             f"{current.errors[0].message}): corrígelos con ./run.sh validate antes "
                                             "de importar"))
        return result
    existing = {m.group(1): old_text.count("\n", 0, m.start()) + 1
                for m in re.finditer(r"(?m)^  - id: ([a-z0-9-]+)", old_text)}
    seen: dict[str, int] = {}
    for number, cells in table:
        row = row_entry(number, cells, shown, territories=territories, taxonomy=taxonomy, today=today,
                        problems=result.problems)
        if row is None:
            continue
        entry_id = row.entry["id"]
        column = "id" if cells.get("id") else "nombre"
        if entry_id in existing:
            result.problems.append(ImportProblem(shown, number, column, f"la entrada '{entry_id}' ya existe en "
                                                 f"{display_path(resources_path)} (línea {existing[entry_id]}): "
                                                 "edítala allí, o da otro id a esta fila"))
        elif entry_id in seen:
            result.problems.append(ImportProblem(shown, number, column, f"la fila {seen[entry_id]} ya genera el id "
                                                 f"'{entry_id}': cambia el nombre o escribe un id propio"))
        else:
            seen[entry_id] = number
            result.rows.append(row)
    if result.problems:
        result.rows = []
        return result
    new_text = insert_entries(old_text, result.rows, territories)
    # The whole new catalogue, checked as the build will check it; a problem is said on its row.
    report = catalogue.validate_document(load_text(new_text, shown_as=display_path(resources_path), dates=False), today=today,
                                         territories=territories, taxonomy=taxonomy)
    if report.errors:
        rows_by_id = {row.entry["id"]: row.number for row in result.rows}
        for problem in report.errors:
            row_number = rows_by_id.get(problem.entry_id or "", 0) or _row_of_line(new_text, problem.line, rows_by_id)
            result.problems.append(ImportProblem(shown, row_number, problem.field or "-", problem.message))
        result.rows = []
        return result
    result.new_text = new_text
    result.diff = "".join(difflib.unified_diff(old_text.splitlines(True), new_text.splitlines(True),
                                               fromfile=f"a/{display_path(resources_path)}",
                                               tofile=f"b/{display_path(resources_path)}"))
    return result


def _row_of_line(text: str, line: int, rows_by_id: dict[str, int]) -> int:
    """The spreadsheet row of the entry that holds ``line`` of the new catalogue text (1 if none)."""
    best = 1
    for match in re.finditer(r"(?m)^  - id: ([a-z0-9-]+)", text):
        if text.count("\n", 0, match.start()) + 1 > line:
            break
        best = rows_by_id.get(match.group(1), 1)
    return best


# Command line (registered by mitp/cli.py)


def register(commands) -> None:
    parser = commands.add_parser("importar", help="agrega al catálogo las filas de una planilla CSV (guía de servicios)")
    parser.add_argument("archivo", type=Path, help="la planilla en CSV (modelo: plantillas/guia-servicios.csv)")
    parser.add_argument("--escribir", "--yes", dest="write", action="store_true",
                        help="escribe los cambios en el catálogo (sin esta opción solo se muestran)")
    parser.add_argument("--catalogo", type=Path, default=None, metavar="RUTA",
                        help="archivo del catálogo (por omisión data/resources.yaml)")
    parser.add_argument("--hoy", type=_dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mitp.catalogue import resources_path
    from mitp.taxonomy import load_taxonomy
    from mitp.territories import load_territories

    target = args.catalogo or resources_path()
    result = import_csv(args.archivo, target, territories=load_territories(), taxonomy=load_taxonomy(),
                        today=args.hoy or clock.actual_today())
    if result.problems:
        for problem in sorted(result.problems, key=lambda p: (p.row, COLUMN_NAMES.index(p.column)
                                                              if p.column in COLUMN_NAMES else 99)):
            print(problem)
        print(f"\n{len(result.problems)} problema(s): no se escribió nada. Corrige la planilla y vuelve a importar.",
              file=sys.stderr)
        return 1
    sys.stdout.write(result.diff)
    count = len(result.rows)
    if not args.write:
        print(f"\n{count} entrada(s) nueva(s), todas válidas. No se escribió nada: revisa el cambio de arriba y "
              f"vuelve a correr con --escribir para agregarlas a {target}.", file=sys.stderr)
        return 0
    temporary = target.with_name(target.name + ".importando")
    temporary.write_text(result.new_text, encoding="utf-8")
    temporary.replace(target)
    print(f"\n{count} entrada(s) agregada(s) a {target}. Revisa la ficha de cada una en el sitio (./run.sh serve) "
          "y propón el cambio (CONTRIBUTING.md).", file=sys.stderr)
    return 0

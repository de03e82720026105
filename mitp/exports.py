"""Open data from the validated catalogue: JSON, a flat CSV, and an Open Referral HSDS 3.0
tabular data package.

``write_all(catalogue, territories, taxonomy, out_dir)`` writes:

- ``resources.json``: every field of every entry, as in ``data/resources.yaml`` (dates ISO,
  phones in E.164);
- ``resources.csv``: one row per entry, lists joined with "; ", UTF-8 with BOM so spreadsheets
  show accents. Cells that a spreadsheet would run as a formula (starting with =, +, -, @) get a
  leading apostrophe, the usual guard against formula injection;
- ``datapackage.json`` (Frictionless Data Package, ``tabular-data-package`` profile) describing
  the HSDS 3.0 tables ``organizations.csv``, ``services.csv``, ``locations.csv``,
  ``addresses.csv``, ``phones.csv``, ``languages.csv``, ``schedules.csv``,
  ``service_areas.csv``, ``service_at_locations.csv``, ``taxonomies.csv``,
  ``taxonomy_terms.csv`` and ``attributes.csv`` (plain UTF-8). HSDS text fields carry the Spanish
  text; the Chilean profile puts the región in ``state_province``, the provincia in ``region``
  and the comuna in ``city``, and names places by their Código Único Territorial.

Confidential entries (shelters) never get an address, a location or a map position in any file.
Output is deterministic: the same catalogue gives byte-identical files.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable

from mitp.catalogue import Catalogue
from mitp.taxonomy import Taxonomy
from mitp.territories import Territories

DEFAULT_LANGUAGE = "es"
PACKAGE_NAME = "mitp-recursos-victimas-trata"
LIST_SEPARATOR = "; "
HSDS_VERSION = "3.0"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_TYPES = {"voice": "voice", "whatsapp": "cell", "sms": "text", "tty": "textphone"}
_SCOPE_LABELS = {"national": "todo el país", "region": "una región", "comunas": "comunas listadas"}
_ACCESS_LABELS = {"direct": "Acceso directo: cualquier persona puede acudir o llamar.",
                  "referral": "Acceso por derivación de otra institución."}

# --- HSDS 3.0 tables: (name, description, fields, primary key, foreign keys) -----------------
# Each field: (name, Frictionless type, required, description).
F = tuple[str, str, bool, str]
HSDS_TABLES: list[tuple[str, str, list[F], str, list[tuple[str, str, str]]]] = [
    ("organizations", "Instituciones que prestan los servicios.", [
        ("id", "string", True, "Identificador estable de la institución."),
        ("name", "string", True, "Nombre de la institución (español)."),
        ("alternate_name", "string", False, "Nombre en inglés, si existe."),
        ("description", "string", True, "Descripción breve."),
        ("email", "string", False, "Correo institucional."),
        ("website", "string", False, "Sitio web (https)."),
    ], "id", []),
    ("services", "Servicios para víctimas de trata de personas (una fila por entrada del catálogo).", [
        ("id", "string", True, "Identificador estable de la entrada (campo id del catálogo)."),
        ("organization_id", "string", True, "Institución que presta el servicio."),
        ("name", "string", True, "Nombre del servicio (español)."),
        ("alternate_name", "string", False, "Nombre del servicio en inglés, si existe."),
        ("description", "string", True, "Qué ofrece (español)."),
        ("url", "string", False, "Sitio web (https)."),
        ("email", "string", False, "Correos institucionales, separados por '; '."),
        ("status", "string", True, "Estado del servicio: active."),
        ("application_process", "string", False, "Cómo se accede: directo o por derivación."),
        ("fees_description", "string", False, "Costo para la persona, si la fuente lo indica."),
        ("eligibility_description", "string", False, "Poblaciones a las que se dirige especialmente."),
        ("assured_date", "date", True, "Fecha de la última verificación (last_verified)."),
        ("assurer", "string", False, "Institución que verificó la entrada (verified_by), si se indica."),
        ("documents_required", "boolean", False, "true si se piden documentos; false si no se necesita ninguno."),
        ("documents_description", "string", False, "Qué documentos se piden, o la frase que lo explica."),
        ("level", "string", True, "Nivel: municipal, provincial, regional o nacional."),
        ("source", "string", True, "Fuente pública de los datos."),
        ("source_url", "string", False, "Dirección web de la fuente."),
    ], "id", [("organization_id", "organizations", "id")]),
    ("locations", "Lugares de atención con dirección pública (nunca los confidenciales).", [
        ("id", "string", True, "Identificador del lugar."),
        ("location_type", "string", True, "physical."),
        ("organization_id", "string", True, "Institución."),
        ("name", "string", True, "Nombre del lugar."),
        ("description", "string", False, "Indicaciones para llegar."),
        ("external_identifier", "string", True, "Código Único Territorial (CUT) de la comuna."),
        ("external_identifier_type", "string", True, "CUT (Código Único Territorial, SUBDERE)."),
    ], "id", [("organization_id", "organizations", "id")]),
    ("addresses", "Direcciones de los lugares de atención.", [
        ("id", "string", True, "Identificador de la dirección."),
        ("location_id", "string", True, "Lugar."),
        ("address_1", "string", True, "Calle y número."),
        ("city", "string", True, "Comuna."),
        ("region", "string", True, "Provincia."),
        ("state_province", "string", True, "Región."),
        ("postal_code", "string", False, "No se usa: el perfil chileno identifica la comuna por su código CUT."),
        ("country", "string", True, "Código de país ISO 3166-1: CL."),
        ("address_type", "string", True, "physical."),
    ], "id", [("location_id", "locations", "id")]),
    ("service_at_locations", "Qué servicio se presta en qué lugar.", [
        ("id", "string", True, "Identificador."),
        ("service_id", "string", True, "Servicio."),
        ("location_id", "string", True, "Lugar."),
    ], "id", [("service_id", "services", "id"), ("location_id", "locations", "id")]),
    ("phones", "Teléfonos institucionales de los servicios.", [
        ("id", "string", True, "Identificador del teléfono."),
        ("service_id", "string", True, "Servicio."),
        ("number", "string", True, "Número en formato E.164, o número corto chileno (p. ej. 133)."),
        ("type", "string", True, "HSDS: voice, cell (WhatsApp), text (SMS) o textphone (TTY)."),
        ("description", "string", False, "Para qué sirve y horario, si la fuente lo indica."),
    ], "id", [("service_id", "services", "id")]),
    ("languages", "Idiomas en que se atiende cada servicio.", [
        ("id", "string", True, "Identificador."),
        ("service_id", "string", True, "Servicio."),
        ("name", "string", True, "Nombre del idioma en español."),
        ("code", "string", True, "Código ISO 639."),
    ], "id", [("service_id", "services", "id")]),
    ("schedules", "Horarios de atención, solo cuando una fuente los indica.", [
        ("id", "string", True, "Identificador."),
        ("service_id", "string", True, "Servicio."),
        ("freq", "string", False, "WEEKLY para servicios abiertos todos los días."),
        ("byday", "string", False, "Días (RFC 5545)."),
        ("opens_at", "string", False, "Hora de apertura (HH:MM)."),
        ("closes_at", "string", False, "Hora de cierre (HH:MM)."),
        ("description", "string", True, "Horario en palabras."),
    ], "id", [("service_id", "services", "id")]),
    ("service_areas", "Territorio que atiende cada servicio.", [
        ("id", "string", True, "Identificador."),
        ("service_id", "string", True, "Servicio."),
        ("name", "string", True, "Chile, o nombre de la región o comuna."),
        ("description", "string", True, "Nivel y código CUT: 'país CL', 'región 13', 'comuna 13101'."),
        ("extent_type", "string", True, "text: el territorio se identifica por su código CUT, sin geometría."),
    ], "id", [("service_id", "services", "id")]),
    ("taxonomies", "Vocabularios del catálogo.", [
        ("id", "string", True, "Identificador."),
        ("name", "string", True, "Nombre."),
        ("description", "string", True, "Descripción."),
    ], "id", []),
    ("taxonomy_terms", "Tipos de servicio y poblaciones (data/taxonomy.yaml).", [
        ("id", "string", True, "Identificador."),
        ("code", "string", True, "Clave en data/taxonomy.yaml."),
        ("name", "string", True, "Etiqueta en español."),
        ("description", "string", True, "Etiqueta en inglés."),
        ("taxonomy_id", "string", True, "Vocabulario."),
        ("language", "string", True, "Idioma de name: es."),
    ], "id", [("taxonomy_id", "taxonomies", "id")]),
    ("attributes", "Términos de la taxonomía asignados a cada servicio.", [
        ("id", "string", True, "Identificador."),
        ("link_id", "string", True, "Servicio."),
        ("link_type", "string", True, "service_type o population."),
        ("link_entity", "string", True, "service."),
        ("taxonomy_term_id", "string", True, "Término."),
    ], "id", [("link_id", "services", "id"), ("taxonomy_term_id", "taxonomy_terms", "id")]),
]
TABLE_FIELDS = {name: [f[0] for f in fields] for name, _, fields, _, _ in HSDS_TABLES}


def write_all(catalogue: Catalogue, territories: Territories, taxonomy: Taxonomy, out_dir: Path) -> list[Path]:
    """Write every export into ``out_dir`` (created if needed); return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in build_all(catalogue, territories, taxonomy).items():
        path = out_dir / name
        path.write_bytes(content)
        written.append(path)
    return written


def build_all(catalogue: Catalogue, territories: Territories, taxonomy: Taxonomy) -> dict[str, bytes]:
    """File name → bytes of every export (what ``write_all`` writes)."""
    files = {
        "resources.json": resources_json(catalogue),
        "resources.csv": resources_csv(catalogue, territories, taxonomy),
    }
    tables = hsds_tables(catalogue, territories, taxonomy)
    for name, rows in tables.items():
        files[f"{name}.csv"] = _csv_bytes(TABLE_FIELDS[name], rows, bom=False, guard=False)
    files["datapackage.json"] = datapackage_json()
    return files


def public_entry(entry: dict) -> dict:
    """The entry as published: a confidential entry loses any address."""
    if entry.get("confidential"):
        return {key: value for key, value in entry.items() if key != "address"}
    return entry


def resources_json(catalogue: Catalogue) -> bytes:
    resources = [public_entry(entry) for entry in catalogue.resources]
    head = {
        "description": "Catálogo de recursos para víctimas de trata de personas en Chile (MITP). "
                       "Cada entrada es un servicio que ofrece una institución.",
        "count": len(resources),
    }
    # One entry per line: readable, diff-friendly, and about half the size of indented JSON.
    lines = [json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=_json_default)
             for entry in resources]
    opening = json.dumps(head, ensure_ascii=False, indent=1)[:-2]   # without the closing "\n}"
    text = opening + ',\n "resources": [\n' + ",\n".join(lines) + "\n ]\n}\n"
    return text.encode("utf-8")


def text_languages(catalogue: Catalogue) -> list[str]:
    """Languages used by any text field: es, en first, then the rest alphabetically."""
    found = {DEFAULT_LANGUAGE, "en"}
    for entry in catalogue.resources:
        for key in ("name", "description", "organization", "cost"):
            if isinstance(entry.get(key), dict):
                found.update(entry[key])
    return ["es", "en"] + sorted(found - {"es", "en"})


def resources_csv_columns(catalogue: Catalogue) -> list[str]:
    langs = text_languages(catalogue)
    columns = ["id"]
    for key in ("name", "description", "organization"):
        columns += [f"{key}_{lang}" for lang in langs]
    columns += ["level", "region", "region_name", "provincia", "provincia_name", "comuna", "comuna_name",
                "service_area_scope", "service_area_codes", "service_area_names",
                "services", "populations", "languages", "phones", "emails", "website",
                "address_street", "address_comuna", "address_comuna_name", "confidential",
                "open_24_7", "hours_es", "hours_en", "cost_es", "cost_en",
                "documents_required", "documents_es", "documents_en", "access",
                "last_verified", "verified_by", "source_es", "source_url"]
    return columns


def resources_csv_row(entry: dict, territories: Territories, langs: list[str]) -> dict[str, str]:
    entry = public_entry(entry)
    row: dict[str, Any] = {"id": entry["id"]}
    for key in ("name", "description", "organization"):
        for lang in langs:
            row[f"{key}_{lang}"] = (entry.get(key) or {}).get(lang, "")
    territory = entry.get("territory") or {}
    row["level"] = entry["level"]
    for kind, table in (("region", territories.regions), ("provincia", territories.provincias),
                        ("comuna", territories.comunas)):
        code = territory.get(kind, "")
        row[kind] = code
        row[f"{kind}_name"] = table[code].name if code in table else ""
    area = entry["service_area"]
    codes = _area_codes(area)
    row["service_area_scope"] = area["scope"]
    row["service_area_codes"] = LIST_SEPARATOR.join(codes)
    row["service_area_names"] = LIST_SEPARATOR.join(_place_name(code, territories) for code in codes)
    row["services"] = LIST_SEPARATOR.join(entry["services"])
    row["populations"] = LIST_SEPARATOR.join(entry.get("populations") or ())
    row["languages"] = LIST_SEPARATOR.join(entry["languages"])
    row["phones"] = LIST_SEPARATOR.join(f"{p['type']}: {p['number']}" for p in entry.get("phones") or ())
    row["emails"] = LIST_SEPARATOR.join(entry.get("emails") or ())
    row["website"] = entry.get("website", "")
    address = entry.get("address") or {}
    row["address_street"] = address.get("street", "")
    row["address_comuna"] = address.get("comuna", "")
    row["address_comuna_name"] = territories.comunas[address["comuna"]].name if address.get("comuna") in territories.comunas else ""
    row["confidential"] = _bool(entry["confidential"])
    hours = entry.get("hours") or {}
    row["open_24_7"] = _bool(hours["open_24_7"]) if "open_24_7" in hours else ""
    row["hours_es"] = (hours.get("text") or {}).get("es", "")
    row["hours_en"] = (hours.get("text") or {}).get("en", "")
    row["cost_es"] = (entry.get("cost") or {}).get("es", "")
    row["cost_en"] = (entry.get("cost") or {}).get("en", "")
    documents = entry.get("documents") or {}
    row["documents_required"] = _bool(documents["required"]) if "required" in documents else ""
    row["documents_es"] = (documents.get("text") or {}).get("es", "")
    row["documents_en"] = (documents.get("text") or {}).get("en", "")
    row["access"] = entry["access"]
    row["last_verified"] = _iso(entry["last_verified"])
    row["verified_by"] = entry.get("verified_by", "")  # optional: being removed from the catalogue
    row["source_es"] = entry["source"]["es"]
    row["source_url"] = entry["source"].get("url", "")
    return row


def resources_csv(catalogue: Catalogue, territories: Territories, taxonomy: Taxonomy) -> bytes:
    langs = text_languages(catalogue)
    rows = [resources_csv_row(entry, territories, langs) for entry in catalogue.resources]
    return _csv_bytes(resources_csv_columns(catalogue), rows, bom=True, guard=True)


def hsds_tables(catalogue: Catalogue, territories: Territories, taxonomy: Taxonomy) -> dict[str, list[dict]]:
    """The HSDS 3.0 tables as lists of rows (dicts of strings)."""
    tables: dict[str, list[dict]] = {name: [] for name in TABLE_FIELDS}
    organizations: dict[str, dict] = {}
    for entry in catalogue.resources:
        entry = public_entry(entry)
        org_name = entry["organization"]
        org_id = slug(org_name[DEFAULT_LANGUAGE])
        if org_id not in organizations:
            organizations[org_id] = {
                "id": org_id, "name": org_name[DEFAULT_LANGUAGE], "alternate_name": org_name.get("en", ""),
                "description": org_name[DEFAULT_LANGUAGE], "email": "", "website": "",
            }
        sid = entry["id"]
        tables["services"].append({
            "id": sid, "organization_id": org_id,
            "name": entry["name"][DEFAULT_LANGUAGE], "alternate_name": entry["name"].get("en", ""),
            "description": entry["description"][DEFAULT_LANGUAGE],
            "url": entry.get("website", ""), "email": LIST_SEPARATOR.join(entry.get("emails") or ()),
            "status": "active",
            "application_process": _ACCESS_LABELS[entry["access"]],
            "fees_description": (entry.get("cost") or {}).get(DEFAULT_LANGUAGE, ""),
            "eligibility_description": LIST_SEPARATOR.join(
                taxonomy.label("populations", key) for key in entry.get("populations") or ()),
            "assured_date": _iso(entry["last_verified"]), "assurer": entry.get("verified_by", ""),
            "documents_required": _bool((entry.get("documents") or {})["required"]) if "required" in (entry.get("documents") or {}) else "",
            "documents_description": ((entry.get("documents") or {}).get("text") or {}).get(DEFAULT_LANGUAGE, ""),
            "level": entry["level"],
            "source": entry["source"][DEFAULT_LANGUAGE], "source_url": entry["source"].get("url", ""),
        })
        address = entry.get("address")
        if address and not entry.get("confidential"):
            lid = f"{sid}-lugar"
            comuna = territories.comunas[address["comuna"]]
            tables["locations"].append({
                "id": lid, "location_type": "physical", "organization_id": org_id,
                "name": entry["name"][DEFAULT_LANGUAGE],
                "description": (address.get("reference") or {}).get(DEFAULT_LANGUAGE, ""),
                "external_identifier": comuna.code, "external_identifier_type": "CUT",
            })
            tables["addresses"].append({
                "id": f"{sid}-direccion", "location_id": lid, "address_1": address["street"],
                "city": comuna.name, "region": territories.provincias[comuna.provincia].name,
                "state_province": territories.regions[comuna.region].name, "postal_code": "",
                "country": "CL", "address_type": "physical",
            })
            tables["service_at_locations"].append({"id": f"{sid}-en-{lid}", "service_id": sid, "location_id": lid})
        for index, phone in enumerate(entry.get("phones") or ()):
            notes = [text for text in ((phone.get("description") or {}).get(DEFAULT_LANGUAGE),
                                       (phone.get("hours") or {}).get(DEFAULT_LANGUAGE)) if text]
            if phone["type"] == "whatsapp":
                notes.insert(0, "WhatsApp")
            tables["phones"].append({
                "id": f"{sid}-telefono-{index + 1}", "service_id": sid, "number": phone["number"],
                "type": _PHONE_TYPES[phone["type"]], "description": ". ".join(notes),
            })
        for code in entry["languages"]:
            tables["languages"].append({
                "id": f"{sid}-idioma-{code}", "service_id": sid,
                "name": taxonomy.label("languages", code), "code": code,
            })
        hours = entry.get("hours") or {}
        if hours:
            text = (hours.get("text") or {}).get(DEFAULT_LANGUAGE, "")
            if hours.get("open_24_7"):
                tables["schedules"].append({
                    "id": f"{sid}-horario", "service_id": sid, "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU",
                    "opens_at": "00:00", "closes_at": "23:59", "description": text or "Todos los días, 24 horas",
                })
            elif text:
                tables["schedules"].append({
                    "id": f"{sid}-horario", "service_id": sid, "freq": "", "byday": "",
                    "opens_at": "", "closes_at": "", "description": text,
                })
        area = entry["service_area"]
        for code in _area_codes(area):
            tables["service_areas"].append({
                "id": f"{sid}-area-{code}", "service_id": sid, "name": _place_name(code, territories),
                "description": _place_kind(code), "extent_type": "text",
            })
        for kind, link_type in (("services", "service_type"), ("populations", "population")):
            for key in entry.get(kind) or ():
                tables["attributes"].append({
                    "id": f"{sid}-{link_type}-{key}", "link_id": sid, "link_type": link_type,
                    "link_entity": "service", "taxonomy_term_id": f"{kind}-{key}",
                })
    tables["organizations"] = [organizations[key] for key in sorted(organizations)]
    tables["taxonomies"] = [
        {"id": "services", "name": "Tipos de servicio MITP", "description": "Prestaciones para víctimas de trata de personas (data/taxonomy.yaml)."},
        {"id": "populations", "name": "Poblaciones MITP", "description": "Poblaciones a las que se dirige especialmente un servicio (data/taxonomy.yaml)."},
    ]
    for kind in ("services", "populations"):
        for key, labels in getattr(taxonomy, kind).items():
            tables["taxonomy_terms"].append({
                "id": f"{kind}-{key}", "code": key, "name": labels[DEFAULT_LANGUAGE],
                "description": labels.get("en", labels[DEFAULT_LANGUAGE]), "taxonomy_id": kind, "language": "es",
            })
    return tables


def datapackage() -> dict:
    """The Frictionless Data Package descriptor of the HSDS tables."""
    resources = []
    for name, description, fields, primary_key, foreign_keys in HSDS_TABLES:
        schema: dict[str, Any] = {
            "fields": [
                {"name": fname, "type": ftype, "description": fdesc, **({"constraints": {"required": True}} if required else {})}
                for fname, ftype, required, fdesc in fields
            ],
            "primaryKey": primary_key,
        }
        if foreign_keys:
            schema["foreignKeys"] = [
                {"fields": field_name, "reference": {"resource": resource, "fields": ref_field}}
                for field_name, resource, ref_field in foreign_keys
            ]
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": description, "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Catálogo de recursos para víctimas de trata de personas en Chile (MITP)",
        "description": "Servicios para víctimas de trata de personas en Chile, según la Mesa Intersectorial sobre "
                       "Trata de Personas, en el formato tabular de Open Referral HSDS 3.0 (perfil chileno: "
                       "región, provincia y comuna por su Código Único Territorial). Las direcciones de los "
                       "servicios confidenciales no se publican.",
        "homepage": "https://openreferral.org/",
        "keywords": ["trata de personas", "víctimas", "Chile", "HSDS", "Open Referral"],
        "hsds_version": HSDS_VERSION,
        "resources": resources,
    }


def datapackage_json() -> bytes:
    return (json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


# Helper functions


def _area_codes(area: dict) -> list[str]:
    if area["scope"] == "region":
        return [area["region"]]
    if area["scope"] == "comunas":
        return list(area["comunas"])
    return ["CL"]


def _place_name(code: str, territories: Territories) -> str:
    if code == "CL":
        return "Chile"
    table = {2: territories.regions, 3: territories.provincias, 5: territories.comunas}[len(code)]
    return table[code].name


def _place_kind(code: str) -> str:
    if code == "CL":
        return "país CL"
    return {2: "región", 3: "provincia", 5: "comuna"}[len(code)] + f" {code}"


def _bool(value: Any) -> str:
    return "true" if value else "false"


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(f"no se puede exportar {type(value).__name__}")


def _guard(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_bytes(columns: list[str], rows: Iterable[dict], *, bom: bool, guard: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        clean = {key: ("" if value is None else str(value)) for key, value in row.items()}
        if guard:
            clean = {key: _guard(value) for key, value in clean.items()}
        writer.writerow(clean)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")

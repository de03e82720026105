"""The catalogue as an Open Referral HSDS 3.0 tabular data package, with the Chilean profile.

The tables are written exactly as the official descriptor defines them
(``schemas/hsds/datapackage.json``, copied from openreferral/specification, tag ``v3.0``):
its file names, every column in its order (empty where the catalogue has no value), its types
and formats. What HSDS has no place for (the territorial level and seat of a service, the source
of each entry and who verified it) goes in the two tables of the profile
(``schemas/hsds-profile/profile.json``), never in extra columns of the HSDS tables, so the files
stay valid against the official descriptor.

Identifiers are UUID version 5 in the site's namespace (``NAMESPACE``), derived from stable
keys: the entry's ``id`` (plus a phone's type and number, a language code, a territory code, a
taxonomy key…), an organisation's Spanish name. Editing an entry's text never renumbers it.

Confidential entries (shelters) get no location, address or service_at_location, and their
territory keeps only the región.
"""
from __future__ import annotations

import copy
import csv
import datetime as _dt
import functools
import io
import json
import re
import unicodedata
import uuid
from pathlib import Path
from typing import Any, Iterable

from mitp.catalogue import Catalogue
from mitp.taxonomy import Taxonomy
from mitp.territories import Territories

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL_DESCRIPTOR = ROOT / "schemas" / "hsds" / "datapackage.json"
PROFILE_FILE = ROOT / "schemas" / "hsds-profile" / "profile.json"
PROFILE_OUTPUT = "perfil-hsds-cl.json"
PACKAGE_NAME = "mitp-recursos-victimas-trata"
DEFAULT_LANGUAGE = "es"
# Fixed forever: changing it would renumber every published identifier.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://tratadepersonas.subinterior.gov.cl/datos/")

_PHONE_TYPES = {"voice": "voice", "whatsapp": "cell", "sms": "text", "tty": "textphone"}
_ACCESS = {"direct": "Acceso directo: cualquier persona puede acudir o llamar.",
           "referral": "Acceso por derivación de otra institución.",
           "unconfirmed": "Sin confirmar: la fuente no dice cómo se accede; el Programa Apoyo a Víctimas orienta y deriva."}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TAXONOMIES = {
    "services": ("Tipos de servicio MITP", "Prestaciones para víctimas de trata de personas (data/taxonomy.yaml)."),
    "populations": ("Poblaciones MITP", "Poblaciones a las que se dirige especialmente un servicio (data/taxonomy.yaml)."),
}
_LINK_TYPES = {"services": "service_type", "populations": "population"}


def uid(kind: str, *parts: str) -> str:
    """The stable identifier of one record: UUIDv5 of ``kind:part:part`` in the site's namespace."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *parts))))


@functools.lru_cache(maxsize=None)
def official_descriptor() -> dict:
    """The official HSDS 3.0 tabular descriptor (a fresh copy is made by callers that change it)."""
    return json.loads(OFFICIAL_DESCRIPTOR.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def profile() -> dict:
    return json.loads(PROFILE_FILE.read_text(encoding="utf-8"))


def table_columns() -> dict[str, list[str]]:
    """Resource name (``service``, ``service_territory``…) → its columns, in order."""
    resources = official_descriptor()["resources"] + profile()["resources"]
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in resources}


def table_paths() -> dict[str, str]:
    resources = official_descriptor()["resources"] + profile()["resources"]
    return {r["name"]: r["path"] for r in resources}


def datapackage(site_url: str = "") -> dict:
    """Our descriptor: every official resource unchanged, then the profile's, and who we are.

    The official descriptor's ``license`` is the licence of the specification, not of these data:
    it is left out (the licence of the data is not decided yet, see README "Datos abiertos").
    """
    official = copy.deepcopy(official_descriptor())
    meta = profile()
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Catálogo de recursos para víctimas de trata de personas en Chile (MITP)",
        "description": "Servicios para víctimas de trata de personas en Chile, según la Mesa Intersectorial "
                       "sobre Trata de Personas, en el formato tabular de Open Referral HSDS 3.0 con el perfil "
                       f"chileno «{meta['title']}» ({meta['uri']}). Las direcciones de los servicios "
                       "confidenciales no se publican.",
        **({"homepage": site_url} if site_url else {}),
        "keywords": ["trata de personas", "víctimas", "Chile", "HSDS", "Open Referral"],
        "hsds_version": meta["hsds_version"],
        "hsds_descriptor_version": official["version"],
        "hsds_profile": {"name": meta["name"], "title": meta["title"], "version": meta["version"], "uri": meta["uri"]},
        "resources": official["resources"] + copy.deepcopy(meta["resources"]),
    }


def build_files(catalogue: Catalogue, territories: Territories, taxonomy: Taxonomy, *, site_url: str = "") -> dict[str, bytes]:
    """File name → bytes: every table of the package, ``datapackage.json`` and the profile."""
    rows = tables(catalogue, territories, taxonomy)
    columns, paths = table_columns(), table_paths()
    files = {paths[name]: _csv_bytes(columns[name], rows[name]) for name in columns}
    files["datapackage.json"] = _json_bytes(datapackage(site_url))
    files[PROFILE_OUTPUT] = _json_bytes(profile())
    return files


def tables(catalogue: Catalogue, territories: Territories, taxonomy: Taxonomy) -> dict[str, list[dict]]:
    """Resource name → rows (dicts of strings; missing columns are written empty)."""
    out: dict[str, list[dict]] = {name: [] for name in table_columns()}
    organizations: dict[str, dict] = {}
    org_services: dict[str, list[str]] = {}
    for entry in catalogue.resources:
        _service_rows(entry, out, organizations, org_services, territories, taxonomy)
    for key in sorted(organizations):
        org = organizations[key]
        org["description"] = "Servicios en el catálogo de la MITP: " + "; ".join(org_services[key]) + "."
        out["organization"].append(org)
    for kind, (name, description) in _TAXONOMIES.items():
        taxonomy_id = uid("taxonomy", kind)
        out["taxonomy"].append({"id": taxonomy_id, "name": name, "description": description, "version": ""})
        for key, labels in getattr(taxonomy, kind).items():
            out["taxonomy_term"].append({
                "id": uid("taxonomy_term", kind, key), "code": key, "name": labels[DEFAULT_LANGUAGE],
                "description": labels[DEFAULT_LANGUAGE], "taxonomy": name, "language": DEFAULT_LANGUAGE,
                "taxonomy_id": taxonomy_id,
            })
    return out


# Helper functions


def _service_rows(entry: dict, out: dict[str, list[dict]], organizations: dict, org_services: dict,
                  territories: Territories, taxonomy: Taxonomy) -> None:
    key = entry["id"]
    sid = uid("service", key)
    confidential = bool(entry.get("confidential"))
    org_name = entry["organization"][DEFAULT_LANGUAGE]
    org_key = _fold(org_name)
    org_id = uid("organization", org_key)
    organizations.setdefault(org_key, {"id": org_id, "name": org_name})
    org_services.setdefault(org_key, []).append(entry["name"][DEFAULT_LANGUAGE])

    emails = [e for e in entry.get("emails") or () if _EMAIL.match(e)]
    documents = entry.get("documents") or {}
    documents_text = _es(documents.get("text"))
    process = [_ACCESS[entry["access"]]]
    if documents.get("required") is False:
        process.append(documents_text or "No se piden documentos.")
    populations = [taxonomy.label("populations", p) for p in entry.get("populations") or ()]
    out["service"].append({
        "id": sid, "organization_id": org_id, "name": entry["name"][DEFAULT_LANGUAGE],
        "description": entry["description"][DEFAULT_LANGUAGE], "url": entry.get("website", ""),
        "email": emails[0] if emails else "", "status": "active",
        "application_process": " ".join(process), "fees_description": _es(entry.get("cost")),
        "eligibility_description": ("Se dirige especialmente a: " + "; ".join(populations) + ".") if populations else "",
        "assured_date": _iso(entry["last_verified"]),
    })
    for email in emails[1:]:
        out["contact"].append({"id": uid("contact", key, email), "service_id": sid, "email": email})
    if documents.get("required"):
        out["required_document"].append({
            "id": uid("required_document", key), "service_id": sid,
            "document": documents_text or "Se piden documentos; la fuente no dice cuáles.",
        })

    address = entry.get("address")
    if address and not confidential and address.get("comuna") in territories.comunas:
        comuna = territories.comunas[address["comuna"]]
        location_id = uid("location", key)
        reference = _es(address.get("reference"))
        out["location"].append({
            "id": location_id, "location_type": "physical", "organization_id": org_id,
            "name": entry["name"][DEFAULT_LANGUAGE],
            # HSDS requires a postal code for an address row and the catalogue has none: the street
            # is said here, in the location's free-text description.
            "description": f"Dirección: {address['street']}, {comuna.name}." + (f" {reference}" if reference else ""),
            "external_identifier": comuna.code, "external_identifier_type": "CUT",
        })
        out["service_at_location"].append({
            "id": uid("service_at_location", key), "service_id": sid, "location_id": location_id,
        })

    phone_ids: set[str] = set()
    for phone in entry.get("phones") or ():
        notes = [text for text in (_es(phone.get("description")), _es(phone.get("hours"))) if text]
        if phone["type"] == "whatsapp":
            notes.insert(0, "WhatsApp")
        out["phone"].append({
            "id": _unique(phone_ids, uid("phone", key, phone["type"], phone["number"])),
            "service_id": sid, "number": phone["number"], "type": _PHONE_TYPES[phone["type"]],
            "description": ". ".join(notes),
        })
    for code in entry["languages"]:
        out["language"].append({
            "id": uid("language", key, code), "service_id": sid,
            "name": taxonomy.label("languages", code), "code": code,
        })

    hours = entry.get("hours") or {}
    hours_text = _es(hours.get("text"))
    if hours.get("open_24_7"):
        out["schedule"].append({
            "id": uid("schedule", key), "service_id": sid, "freq": "WEEKLY", "wkst": "MO",
            "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00:00", "closes_at": "23:59:59",
            "description": hours_text or "Todos los días, las 24 horas.",
        })
    elif hours_text:   # free text only: the spec's description field, no invented rule
        out["schedule"].append({"id": uid("schedule", key), "service_id": sid, "description": hours_text})

    for code in area_codes(entry["service_area"]):
        out["service_area"].append({
            "id": uid("service_area", key, code), "service_id": sid, "name": place_name(code, territories),
            "description": _place_kind(code), "extent": code, "extent_type": "text",
        })
    for kind, link_type in _LINK_TYPES.items():
        for term in entry.get(kind) or ():
            out["attribute"].append({
                "id": uid("attribute", key, kind, term), "link_id": sid, "link_type": link_type,
                "link_entity": "service", "taxonomy_term_id": uid("taxonomy_term", kind, term),
            })

    territory = public_territory(entry)
    out["service_territory"].append({
        "id": uid("service_territory", key), "service_id": sid, "level": entry["level"],
        "region": territory.get("region", ""), "provincia": territory.get("provincia", ""),
        "comuna": territory.get("comuna", ""),
    })
    source = entry["source"]
    out["service_source"].append({
        "id": uid("service_source", key), "service_id": sid, "name": source[DEFAULT_LANGUAGE],
        "url": source.get("url", ""), "assurer": ((entry.get("confirmed_by") or {}).get("institution") or {}).get(DEFAULT_LANGUAGE, ""),
    })


def public_territory(entry: dict) -> dict:
    """Where the service has its seat, as published: only the región for a confidential entry.

    A shelter's comuna (and in the smallest regions its provincia) can be enough to find it.
    """
    territory = dict(entry.get("territory") or {})
    if entry.get("confidential"):
        return {"region": territory["region"]} if "region" in territory else {}
    return territory


def _unique(taken: set[str], ident: str) -> str:
    """A second identical phone line of one entry gets a derived id instead of a duplicate."""
    n = 1
    candidate = ident
    while candidate in taken:
        n += 1
        candidate = str(uuid.uuid5(NAMESPACE, f"{ident}:{n}"))
    taken.add(candidate)
    return candidate


def _es(value: Any) -> str:
    if isinstance(value, dict):
        return value.get(DEFAULT_LANGUAGE, "")
    return value or ""


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def area_codes(area: dict) -> list[str]:
    """CUT codes a service area covers ("CL" for the whole country); exports use it too."""
    if area["scope"] == "region":
        return [area["region"]]
    if area["scope"] == "comunas":
        return list(area["comunas"])
    return ["CL"]


def place_name(code: str, territories: Territories) -> str:
    if code == "CL":
        return "Chile"
    table = {2: territories.regions, 3: territories.provincias, 5: territories.comunas}[len(code)]
    return table[code].name


def _place_kind(code: str) -> str:
    if code == "CL":
        return "país CL"
    return {2: "región", 3: "provincia", 5: "comuna"}[len(code)] + f" {code}"


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def _json_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _csv_bytes(columns: list[str], rows: Iterable[dict]) -> bytes:
    """Plain UTF-8 CSV (no BOM: the HSDS tables are for programs), every column present."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", extrasaction="raise", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: ("" if value is None else str(value)) for name, value in row.items()})
    return buffer.getvalue().encode("utf-8")

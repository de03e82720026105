"""Open data from the validated catalogue: JSON, a flat CSV, and an Open Referral HSDS 3.0
tabular data package with the Chilean profile (``mitp/hsds.py``).

``write_all(catalogue, territories, taxonomy, out_dir)`` writes:

- ``resources.json``: every field of every entry, as in ``data/resources.yaml`` (dates ISO),
  checked by ``schemas/resources-export.schema.json``;
- ``resources.csv``: one row per entry, lists joined with "; ", one column per language for each
  text (``name_es``, ``name_en``, ``name_ht``…: every language present in the data, or asked for
  with ``languages=``), UTF-8 with BOM so spreadsheets show accents. Cells that a spreadsheet
  would run as a formula (starting with =, +, -, @) get a leading apostrophe, the usual guard
  against formula injection;
- the HSDS tables, ``datapackage.json`` and ``perfil-hsds-cl.json`` (see ``mitp/hsds.py``).

Confidential entries (shelters) never get an address, a location or a map position in any file,
and their seat is published down to the región only: no provincia, no comuna (in a small comuna
the comuna alone can point at the house). Their service area, what the directory page shows
too, stays: it says who may be referred there, not where the house is.
Output is deterministic: the same catalogue gives byte-identical files.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from pathlib import Path
from typing import Any, Iterable, Sequence

from mitp import hsds
from mitp.catalogue import Catalogue
from mitp.taxonomy import Taxonomy
from mitp.territories import Territories

DEFAULT_LANGUAGE = "es"
PACKAGE_NAME = "mitp-recursos-victimas-trata"
LIST_SEPARATOR = "; "
_DERIVED_PHONE_KEYS = ("display", "tel")   # added by the loader, not part of the catalogue's shape
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Texts that exist per language (one CSV column each); hours and documents keep theirs in "text".
_TEXTS = ("name", "description", "organization", "hours", "cost", "documents", "source")
# Keys of a text that are not languages: the source's address, its own date and its weak-source mark.
_NOT_LANGUAGES = frozenset({"url", "date", "weak"})


def write_all(catalogue: Catalogue, territories: Territories, taxonomy: Taxonomy, out_dir: Path, *,
              languages: Sequence[str] = (), site_url: str = "") -> list[Path]:
    """Write every export into ``out_dir`` (created if needed); return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in build_all(catalogue, territories, taxonomy, languages=languages, site_url=site_url).items():
        path = out_dir / name
        path.write_bytes(content)
        written.append(path)
    return written


def build_all(catalogue: Catalogue, territories: Territories, taxonomy: Taxonomy, *,
              languages: Sequence[str] = (), site_url: str = "") -> dict[str, bytes]:
    """File name → bytes of every export (what ``write_all`` writes)."""
    files = {
        "resources.json": resources_json(catalogue),
        "resources.csv": resources_csv(catalogue, territories, taxonomy, languages=languages),
    }
    files.update(hsds.build_files(catalogue, territories, taxonomy, site_url=site_url))
    return files


def public_entry(entry: dict) -> dict:
    """The entry as published: a confidential entry loses any address and keeps only the región
    of its seat."""
    if entry.get("confidential"):
        public = {key: value for key, value in entry.items() if key not in ("address", "territory")}
        territory = hsds.public_territory(entry)
        if territory:
            public["territory"] = territory
        return public
    return entry


def resources_json(catalogue: Catalogue) -> bytes:
    """Every entry in the shape of ``data/resources.yaml`` (``schemas/resources-export.schema.json``):
    phone numbers as the loader normalised them (E.164), without its derived ``display``/``tel``."""
    resources = [_without_derived(public_entry(entry)) for entry in catalogue.resources]
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


def text_languages(catalogue: Catalogue, languages: Sequence[str] = ()) -> list[str]:
    """Every language of any text in the data, plus ``languages``: Spanish first, then ``languages``
    in their order, then the rest alphabetically."""
    found: set[str] = set()
    for entry in catalogue.resources:
        for key in _TEXTS:
            value = entry.get(key)
            if isinstance(value, dict) and isinstance(value.get("text"), dict):
                value = value["text"]
            if isinstance(value, dict):
                found.update(k for k, v in value.items() if isinstance(v, str) and k not in _NOT_LANGUAGES)
        for phone in entry.get("phones") or ():
            for key in ("description", "hours"):
                found.update(phone.get(key) or {})
    ordered = [DEFAULT_LANGUAGE] + [lang for lang in languages if lang != DEFAULT_LANGUAGE]
    return list(dict.fromkeys(ordered + sorted(found - set(ordered))))


def resources_csv_columns(catalogue: Catalogue, languages: Sequence[str] = ()) -> list[str]:
    langs = text_languages(catalogue, languages)
    per_language = lambda key: [f"{key}_{lang}" for lang in langs]  # noqa: E731
    columns = ["id"]
    for key in ("name", "description", "organization"):
        columns += per_language(key)
    columns += ["level", "region", "region_name", "provincia", "provincia_name", "comuna", "comuna_name",
                "service_area_scope", "service_area_codes", "service_area_names",
                "services", "populations", "languages", "phones", "emails", "website",
                "address_street", "address_comuna", "address_comuna_name", "confidential",
                "open_24_7", *per_language("hours"), *per_language("cost"),
                "documents_required", *per_language("documents"), "access",
                "last_verified", "confirmed_by", "confirmed_on", *per_language("source"), "source_url",
                "source_date", "source_weak"]
    return columns


def resources_csv_row(entry: dict, territories: Territories, langs: list[str]) -> dict[str, str]:
    entry = public_entry(entry)
    row: dict[str, Any] = {"id": entry["id"]}
    for key in ("name", "description", "organization"):
        for lang in langs:
            row[f"{key}_{lang}"] = (entry.get(key) or {}).get(lang, "")
    territory = entry.get("territory") or {}   # only the región for a confidential entry
    row["level"] = entry["level"]
    for kind, table in (("region", territories.regions), ("provincia", territories.provincias),
                        ("comuna", territories.comunas)):
        code = territory.get(kind, "")
        row[kind] = code
        row[f"{kind}_name"] = table[code].name if code in table else ""
    area = entry["service_area"]
    codes = hsds.area_codes(area)
    row["service_area_scope"] = area["scope"]
    row["service_area_codes"] = LIST_SEPARATOR.join(codes)
    row["service_area_names"] = LIST_SEPARATOR.join(hsds.place_name(code, territories) for code in codes)
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
    documents = entry.get("documents") or {}
    row["documents_required"] = _bool(documents["required"]) if "required" in documents else ""
    for lang in langs:
        row[f"hours_{lang}"] = (hours.get("text") or {}).get(lang, "")
        row[f"cost_{lang}"] = (entry.get("cost") or {}).get(lang, "")
        row[f"documents_{lang}"] = (documents.get("text") or {}).get(lang, "")
        row[f"source_{lang}"] = entry["source"].get(lang, "")
    row["access"] = entry["access"]
    row["last_verified"] = _iso(entry["last_verified"])
    confirmed = entry.get("confirmed_by") or {}
    row["confirmed_by"] = (confirmed.get("institution") or {}).get(DEFAULT_LANGUAGE, "")
    row["confirmed_on"] = _iso(confirmed["date"]) if confirmed.get("date") else ""
    row["source_url"] = entry["source"].get("url", "")
    row["source_date"] = entry["source"].get("date", "")
    row["source_weak"] = entry["source"].get("weak", "")   # news, test-copy, old-page: to be confirmed
    return row


def resources_csv(catalogue: Catalogue, territories: Territories, taxonomy: Taxonomy, *,
                  languages: Sequence[str] = ()) -> bytes:
    langs = text_languages(catalogue, languages)
    rows = [resources_csv_row(entry, territories, langs) for entry in catalogue.resources]
    return _csv_bytes(resources_csv_columns(catalogue, languages), rows, bom=True, guard=True)


# Helper functions


def _without_derived(entry: dict) -> dict:
    if not entry.get("phones"):
        return entry
    phones = [{k: v for k, v in phone.items() if k not in _DERIVED_PHONE_KEYS} for phone in entry["phones"]]
    return {**entry, "phones": phones}


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

"""Open data: the exports say what the catalogue says, and the data package describes its files."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from mitp import exports, hsds
from mitp.catalogue import load_catalogue
from mitp.taxonomy import load_taxonomy
from mitp.territories import load_territories

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 24)   # the regional entries were checked against their sources on 2026-11-24


def build(path: Path, today: dt.date = TODAY):
    catalogue = load_catalogue(path, today=today)
    return catalogue, exports.build_all(catalogue, load_territories(), load_taxonomy())


@pytest.fixture(scope="module")
def shipped():
    return build(ROOT / "data" / "resources.yaml", today=dt.date.today())  # the shipped data, against the real date


@pytest.fixture(scope="module")
def confidential(tmp_path_factory):
    """The valid fixture plus a shelter whose address must never be published."""
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    text += """  - id: casa-de-acogida-prueba
    name: {es: "Casa de acogida <b>de prueba</b>"}
    description: {es: "Alojamiento protegido."}
    organization: {es: "Institución de prueba"}
    level: regional
    territory: {region: "05"}
    service_area: {scope: region, region: "05"}
    services: [alojamiento]
    populations: [mujeres]
    languages: [es]
    phones:
      - number: "+56 2 2123 4567"
        type: voice
    confidential: true
    access: referral
    last_verified: 2026-11-01
    source: {es: "=HYPERLINK(\\"http://example.org\\")"}
"""
    path = tmp_path_factory.mktemp("conf") / "resources.yaml"
    path.write_text(text, encoding="utf-8")
    return build(path)


def read_csv(data: bytes, *, bom: bool = False) -> tuple[list[str], list[dict]]:
    text = data.decode("utf-8")
    if bom:
        assert text.startswith("\ufeff")
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


def test_json_has_every_entry_and_field(shipped):
    catalogue, files = shipped
    data = json.loads(files["resources.json"])
    assert data["count"] == len(catalogue.resources) == len(data["resources"])
    for exported, entry in zip(data["resources"], catalogue.resources):
        assert set(exported) == set(entry)
        assert exported["id"] == entry["id"] and exported["name"] == entry["name"]
        assert exported["last_verified"] == entry["last_verified"].isoformat()
        assert exported.get("phones", []) == [{k: v for k, v in p.items() if k not in ("display", "tel")}
                                              for p in entry.get("phones", [])]


def test_csv_has_one_row_per_entry_with_bom_and_lists_joined(shipped):
    catalogue, files = shipped
    header, rows = read_csv(files["resources.csv"], bom=True)
    assert header == exports.resources_csv_columns(catalogue)
    assert [row["id"] for row in rows] == [entry["id"] for entry in catalogue.resources]
    by_id = {row["id"]: row for row in rows}
    pdi = by_id["pdi-britrap"]
    assert pdi["phones"] == "voice: 134"
    assert pdi["name_es"] == "Brigada Investigadora de Trata de Personas (BRITRAP)"
    rm = by_id["mesa-regional-metropolitana"]
    assert (rm["region_name"], rm["comuna"], rm["comuna_name"]) == ("Metropolitana de Santiago", "13101", "Santiago")
    omi = by_id["oim-chile"]
    assert omi["services"] == "retorno-asistido; orientacion"


def test_csv_guards_cells_a_spreadsheet_would_run(confidential):
    _, files = confidential
    _, rows = read_csv(files["resources.csv"], bom=True)
    shelter = next(r for r in rows if r["id"] == "casa-de-acogida-prueba")
    assert shelter["source_es"].startswith("'=HYPERLINK")
    assert shelter["name_es"] == "Casa de acogida <b>de prueba</b>"   # data kept as data


def test_confidential_address_is_in_no_export(confidential):
    catalogue, files = confidential
    assert "address" not in catalogue.by_id["casa-de-acogida-prueba"]
    public_street = "Calle de Prueba 123"   # the public entry's address is exported
    assert public_street.encode() in files["resources.json"]
    shelter_json = next(e for e in json.loads(files["resources.json"])["resources"] if e["id"] == "casa-de-acogida-prueba")
    assert "address" not in shelter_json
    _, locations = read_csv(files["locations.csv"])
    assert [row["id"] for row in locations] == [hsds.uid("location", "servicio-comunal")]
    _, sal = read_csv(files["service_at_location.csv"])
    assert [row["service_id"] for row in sal] == [hsds.uid("service", "servicio-comunal")]


def test_confidential_entry_with_an_address_never_reaches_the_exports():
    """Even if a caller hands over an unvalidated entry, public_entry() drops the address."""
    entry = {"id": "x", "confidential": True, "address": {"street": "Secreta 1", "comuna": "13101"}}
    assert "address" not in exports.public_entry(entry)


# The HSDS tables against Open Referral's descriptor (frictionless): tests/test_hsds.py.


def test_hsds_tables_agree_with_the_catalogue(shipped):
    catalogue, files = shipped
    _, services = read_csv(files["services.csv"])
    assert [s["id"] for s in services] == [hsds.uid("service", e["id"]) for e in catalogue.resources]
    _, phones = read_csv(files["phones.csv"])
    expected = [(hsds.uid("service", e["id"]), p["number"]) for e in catalogue.resources for p in e.get("phones", ())]
    assert [(p["service_id"], p["number"]) for p in phones] == expected
    _, languages = read_csv(files["languages.csv"])
    assert len(languages) == sum(len(e["languages"]) for e in catalogue.resources)
    _, areas = read_csv(files["service_areas.csv"])
    rm = [a for a in areas if a["service_id"] == hsds.uid("service", "mesa-regional-metropolitana")]
    assert [(a["name"], a["description"], a["extent"]) for a in rm] == [("Metropolitana de Santiago", "región 13", "13")]
    _, attributes = read_csv(files["attributes.csv"])
    assert len(attributes) == sum(len(e["services"]) + len(e["populations"]) for e in catalogue.resources)
    _, orgs = read_csv(files["organizations.csv"])
    assert len({o["id"] for o in orgs}) == len({e["organization"]["es"] for e in catalogue.resources})


def test_exports_are_deterministic(tmp_path):
    catalogue = load_catalogue(ROOT / "data" / "resources.yaml", today=dt.date.today())  # the shipped data, against the real date
    first = exports.write_all(catalogue, load_territories(), load_taxonomy(), tmp_path / "a")
    second = exports.write_all(catalogue, load_territories(), load_taxonomy(), tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert {p.name for p in first} == set(exports.build_all(catalogue, load_territories(), load_taxonomy()))
    assert all(re.fullmatch(r"[a-z_-]+\.(csv|json)", p.name) for p in first)

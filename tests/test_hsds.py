"""Open data checked the way Open Referral checks its own examples: ``frictionless validate``
against the official HSDS 3.0 descriptor (schemas/hsds/datapackage.json), plus our profile's
descriptor, stable identifiers, no confidential place, every language of the data, and
resources.json against its JSON Schema."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
import types
import uuid
from pathlib import Path

import jsonschema
import pytest
from frictionless import Package
from referencing import Registry, Resource

from mitp import exports, hsds
from mitp.catalogue import load_catalogue
from mitp.taxonomy import load_taxonomy
from mitp.territories import load_territories

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 23)
sys.path.insert(0, str(ROOT / "scripts"))
import benchmark  # noqa: E402  (its synthetic catalogue generator)

SHELTER = """  - id: casa-de-acogida-prueba
    name: {es: "Casa de acogida de prueba", ht: "Kay akèy pou tès"}
    description: {es: "Alojamiento protegido.", ht: "Lojman pwoteje."}
    organization: {es: "Institución de prueba"}
    level: municipal
    territory: {region: "11", provincia: "112", comuna: "11202"}
    service_area: {scope: region, region: "11"}
    services: [alojamiento]
    populations: [mujeres]
    languages: [es, ht]
    phones:
      - number: "+56 2 2123 4567"
        type: voice
    confidential: true
    hours: {text: {es: "Lunes a viernes", ht: "Lendi rive vandredi"}}
    documents: {required: true, text: {es: "Cédula o pasaporte, si los tienes."}}
    access: referral
    last_verified: 2026-11-01
    confirmed_by: {institution: {es: "Institución de prueba"}, date: 2026-11-01}
    source: {es: "Fuente de prueba"}
"""


def export(path: Path, **kwargs) -> tuple:
    catalogue = load_catalogue(path, today=TODAY)
    return catalogue, exports.build_all(catalogue, load_territories(), load_taxonomy(), **kwargs)


def write(files: dict[str, bytes], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out / name).write_bytes(content)
    return out


def rows(files: dict[str, bytes], name: str) -> list[dict]:
    text = files[name].decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def frictionless_errors(descriptor: dict, folder: Path) -> list[str]:
    report = Package(descriptor, basepath=str(folder)).validate()
    return [f"{task.name}: {error.type}: {error.message}" for task in report.tasks for error in task.errors]


@pytest.fixture(scope="module")
def shipped():
    return export(ROOT / "data" / "resources.yaml")


@pytest.fixture(scope="module")
def with_shelter(tmp_path_factory):
    path = tmp_path_factory.mktemp("shelter") / "resources.yaml"
    path.write_text((FIXTURES / "valid.yaml").read_text(encoding="utf-8") + SHELTER, encoding="utf-8")
    return export(path)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "resources.yaml"
    path.write_text(benchmark.synthetic_catalogue(200), encoding="utf-8")
    return export(path)


@pytest.fixture(scope="module")
def official():
    return json.loads((ROOT / "schemas" / "hsds" / "datapackage.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", ["shipped", "with_shelter", "synthetic"])
def test_frictionless_accepts_the_tables_with_the_official_descriptor(case, request, official, tmp_path):
    _, files = request.getfixturevalue(case)
    folder = write(files, tmp_path)
    assert frictionless_errors(official, folder) == []
    # and with our own descriptor: the same tables plus the profile's two
    ours = json.loads(files["datapackage.json"])
    assert frictionless_errors(ours, folder) == []


def test_the_validation_can_fail(with_shelter, official, tmp_path):
    """A slug id where HSDS wants a UUID, or a column missing, is reported."""
    _, files = with_shelter
    broken = dict(files)
    broken["services.csv"] = files["services.csv"].replace(
        hsds.uid("service", "servicio-nacional").encode(), b"servicio-nacional", 1)
    header, _, rest = files["taxonomies.csv"].partition(b"\r\n")
    broken["taxonomies.csv"] = header.replace(b",version", b"") + b"\r\n" + rest
    errors = frictionless_errors(official, write(broken, tmp_path))
    assert any(e.startswith("service: type-error") for e in errors), errors
    assert any(e.startswith("taxonomy: missing-label") for e in errors), errors
    # the profile's own rules too: a comuna code of the wrong length
    broken = dict(files, **{"service_territories.csv": files["service_territories.csv"].replace(b",13122\r\n", b",131220\r\n")})
    assert broken["service_territories.csv"] != files["service_territories.csv"]
    errors = frictionless_errors(json.loads(files["datapackage.json"]), write(broken, tmp_path / "profile"))
    assert [e.split(":")[:2] for e in errors] == [["service_territory", " constraint-error"]], errors


def test_the_built_site_publishes_a_valid_package(site, official):
    """What the build writes to /datos/ (hooks/catalogue.py) passes the official descriptor."""
    folder = site / "datos"
    assert frictionless_errors(official, folder) == []
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["homepage"] == "https://tratadepersonas.subinterior.gov.cl/"
    assert json.loads((folder / hsds.PROFILE_OUTPUT).read_text(encoding="utf-8"))["name"] == "mitp-cl"


def test_every_official_table_is_written_with_its_name_and_columns(synthetic, official):
    _, files = synthetic
    for resource in official["resources"]:
        header = files[resource["path"]].decode("utf-8").split("\r\n", 1)[0]
        assert header.split(",") == [f["name"] for f in resource["schema"]["fields"]], resource["path"]
    assert "service_at_location.csv" in files and "service_at_locations.csv" not in files
    package = json.loads(files["datapackage.json"])
    assert [r["name"] for r in package["resources"][:len(official["resources"])]] == [r["name"] for r in official["resources"]]
    assert package["hsds_profile"]["uri"] == json.loads(files[hsds.PROFILE_OUTPUT])["uri"]
    assert "license" not in package   # the spec's CC BY-SA is not the licence of these data


def test_our_facts_are_in_the_spec_places(with_shelter):
    catalogue, files = with_shelter
    services = {s["id"]: s for s in rows(files, "services.csv")}
    national = services[hsds.uid("service", "servicio-nacional")]
    assert national["assured_date"] == "2026-11-01"
    assert national["fees_description"] == "Gratuito"
    assert "No necesitas documentos." in national["application_process"]
    schedules = {s["service_id"]: s for s in rows(files, "schedules.csv")}
    always = schedules[national["id"]]
    assert (always["freq"], always["byday"], always["opens_at"], always["closes_at"]) == (
        "WEEKLY", "MO,TU,WE,TH,FR,SA,SU", "00:00:00", "23:59:59")
    shelter_id = hsds.uid("service", "casa-de-acogida-prueba")
    assert schedules[shelter_id]["description"] == "Lunes a viernes" and schedules[shelter_id]["freq"] == ""
    assert [d["document"] for d in rows(files, "required_documents.csv")] == ["Cédula o pasaporte, si los tienes."]
    languages = {(l["service_id"], l["code"]) for l in rows(files, "languages.csv")}
    assert (hsds.uid("service", "servicio-comunal"), "ht") in languages
    areas = {(a["service_id"], a["extent"], a["extent_type"]) for a in rows(files, "service_areas.csv")}
    assert (hsds.uid("service", "servicio-comunal"), "13120", "text") in areas
    terms = {t["id"]: t["code"] for t in rows(files, "taxonomy_terms.csv")}
    attrs = [(a["link_type"], terms[a["taxonomy_term_id"]]) for a in rows(files, "attributes.csv")
             if a["link_id"] == national["id"]]
    assert attrs == [("service_type", "orientacion"), ("service_type", "denuncia"), ("population", "migrantes")]
    territories = {t["service_id"]: t for t in rows(files, "service_territories.csv")}
    assert (territories[hsds.uid("service", "servicio-comunal")]["level"],
            territories[hsds.uid("service", "servicio-comunal")]["comuna"]) == ("municipal", "13122")
    sources = {s["service_id"]: s for s in rows(files, "service_sources.csv")}
    assert (sources[national["id"]]["name"], sources[national["id"]]["url"]) == (
        "Fuente de prueba", "https://www.example.org/fuente")


def test_identifiers_are_uuid5_and_survive_an_edit(tmp_path):
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8") + SHELTER
    before_path, after_path = tmp_path / "a.yaml", tmp_path / "b.yaml"
    before_path.write_text(text, encoding="utf-8")
    edited = text.replace("es: Orientación a víctimas.", "es: Orientación y acompañamiento a víctimas.")
    edited = edited.replace("Casa de acogida de prueba", "Casa de acogida de prueba (nombre nuevo)")
    assert edited.count("acompañamiento a víctimas") == 1
    after_path.write_text(edited, encoding="utf-8")
    _, before = export(before_path)
    _, after = export(after_path)
    assert before["services.csv"] != after["services.csv"]   # the edit shows…
    for name in hsds.table_paths().values():
        ids_before = [r["id"] for r in rows(before, name)]
        assert ids_before == [r["id"] for r in rows(after, name)], name   # …and renumbers nothing
        assert all(uuid.UUID(i).version == 5 for i in ids_before), name
    assert rows(before, "services.csv")[0]["id"] == str(uuid.uuid5(hsds.NAMESPACE, "service:servicio-nacional"))


def test_no_confidential_place_in_any_table():
    """Even an unvalidated confidential entry with an address gets no location in the tables."""
    catalogue = load_catalogue(FIXTURES / "valid.yaml", today=TODAY)
    shelter = dict(catalogue.resources[1], id="refugio", confidential=True)
    assert shelter["address"]["street"] == "Calle de Prueba 123"
    fake = types.SimpleNamespace(resources=[shelter])
    tables = hsds.tables(fake, load_territories(), load_taxonomy())
    assert tables["location"] == [] and tables["address"] == [] and tables["service_at_location"] == []
    assert tables["service_territory"][0]["region"] == "13"
    assert tables["service_territory"][0]["comuna"] == tables["service_territory"][0]["provincia"] == ""
    files = hsds.build_files(fake, load_territories(), load_taxonomy())
    assert b"Calle de Prueba" not in b"".join(files.values())


def test_a_confidential_entry_publishes_only_its_region(with_shelter):
    _, files = with_shelter
    shelter = next(e for e in json.loads(files["resources.json"])["resources"] if e["id"] == "casa-de-acogida-prueba")
    assert shelter["territory"] == {"region": "11"} and "address" not in shelter
    row = next(r for r in rows(files, "resources.csv") if r["id"] == "casa-de-acogida-prueba")
    assert (row["region"], row["provincia"], row["comuna"], row["comuna_name"]) == ("11", "", "", "")
    assert b"11202" not in b"".join(files.values())
    public = next(r for r in rows(files, "resources.csv") if r["id"] == "servicio-comunal")
    assert public["comuna"] == "13122" and public["address_street"] == "Calle de Prueba 123"


def test_csv_has_a_column_per_language_of_the_data(with_shelter, tmp_path):
    catalogue, files = with_shelter
    header = next(csv.reader(io.StringIO(files["resources.csv"].decode("utf-8").removeprefix("\ufeff"))))
    for column in ("name_ht", "description_ht", "hours_ht", "name_en", "cost_en"):
        assert column in header, column
    shelter = next(r for r in rows(files, "resources.csv") if r["id"] == "casa-de-acogida-prueba")
    assert shelter["hours_ht"] == "Lendi rive vandredi"
    # a language asked for but absent from the data still gets its (empty) columns, in that order
    only_es = load_catalogue(ROOT / "data" / "resources.yaml", today=TODAY)
    columns = exports.resources_csv_columns(only_es, ["es", "ht", "en"])
    assert columns[1:4] == ["name_es", "name_ht", "name_en"]


@pytest.mark.parametrize("case", ["shipped", "with_shelter", "synthetic"])
def test_resources_json_matches_its_schema(case, request):
    _, files = request.getfixturevalue(case)
    schemas = ROOT / "schemas"
    registry = Registry().with_resource(
        "resources.schema.json",
        Resource.from_contents(json.loads((schemas / "resources.schema.json").read_text(encoding="utf-8"))))
    schema = json.loads((schemas / "resources-export.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    data = json.loads(files["resources.json"])
    assert list(validator.iter_errors(data)) == []
    assert data["count"] == len(data["resources"])


def test_the_export_schema_rejects_a_confidential_comuna(with_shelter):
    schemas = ROOT / "schemas"
    registry = Registry().with_resource(
        "resources.schema.json",
        Resource.from_contents(json.loads((schemas / "resources.schema.json").read_text(encoding="utf-8"))))
    schema = json.loads((schemas / "resources-export.schema.json").read_text(encoding="utf-8"))
    data = json.loads(with_shelter[1]["resources.json"])
    shelter = next(e for e in data["resources"] if e["confidential"])
    shelter["territory"] = {"region": "11", "comuna": "11202"}
    errors = list(jsonschema.Draft202012Validator(schema, registry=registry).iter_errors(data))
    assert errors

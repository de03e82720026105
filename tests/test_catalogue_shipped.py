"""The catalogue that ships: valid, real, and honest about what it does not know."""
from __future__ import annotations

import re
from pathlib import Path

from mitp.catalogue import load_catalogue, validate_file
from mitp.territories import load_territories

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "data" / "resources.yaml"


def test_shipped_catalogue_has_no_errors():
    report = validate_file(RESOURCES)
    assert report.errors == [], "\n".join(map(str, report.errors))


def test_it_starts_with_the_schema_reference_for_editors():
    first = RESOURCES.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/resources.schema.json"


def test_one_regional_roundtable_per_region():
    cat = load_catalogue(RESOURCES)
    regional = [e for e in cat.resources if e["id"].startswith("mesa-regional-")]
    regions = sorted(e["territory"]["region"] for e in regional)
    assert regions == sorted(load_territories().regions)
    for entry in regional:
        assert entry["level"] == "regional"
        assert entry["service_area"] == {"scope": "region", "region": entry["territory"]["region"]}


def test_national_institutions_of_the_protocol_are_listed():
    ids = set(load_catalogue(RESOURCES).by_id)
    assert {"programa-apoyo-a-victimas", "pdi-britrap", "carabineros-os9", "fiscalia-ministerio-publico",
            "servicio-nacional-de-migraciones", "servicio-medico-legal", "sernameg",
            "corporacion-de-asistencia-judicial", "ministerio-de-salud", "instituto-nacional-de-derechos-humanos",
            "oim-chile", "acnur", "direccion-del-trabajo", "programa-mi-abogado", "programa-denuncia-seguro"} <= ids


def test_every_entry_names_its_source_and_claims_no_verifier():
    """Entries were compared with public sources, not confirmed by anyone: no entry names a
    verifier, and none claims an institution's confirmation that no source shows."""
    for entry in load_catalogue(RESOURCES).resources:
        assert entry["source"]["es"].strip()
        assert "verified_by" not in entry
        assert "confirmed_by" not in entry


def test_no_personal_contact_from_the_protocol_leaflet():
    """The leaflet names officials with personal e-mails and phones: none may be published."""
    text = RESOURCES.read_text(encoding="utf-8").lower()
    for personal in ("lhuguet", "rherrerav", "huguet", "herrera", "escalona", "6743587", "5502754"):
        assert personal not in text
    emails = re.findall(r"[\w.+-]+@[\w.-]+", text)
    # the SEREMI's institutional mailbox; the SJM offices' mailboxes from the SJM's own page
    assert set(emails) <= {"seremirm@minjusticia.cl", "arica@sjmchile.org", "antofagasta@sjmchile.org"}


def test_phones_are_e164_or_chilean_short_numbers():
    for entry in load_catalogue(RESOURCES).resources:
        for phone in entry.get("phones", ()):
            assert re.fullmatch(r"\+56\d{8,10}|1\d{2}", phone["number"]), phone
            # 600/800 numbers are dialled with their national digits (mitp/phones.py).
            national = phone["number"].removeprefix("+56")
            expected = f"tel:{national}" if national.startswith(("600", "800")) else f"tel:{phone['number']}"
            assert phone["tel"] == expected

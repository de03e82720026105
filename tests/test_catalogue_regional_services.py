"""Regional and local services: a victim who opens her region's page finds a service she can reach.

The 16 "Mesa Regional" entries are coordination bodies with no phone; the entries appended at the
end of data/resources.yaml (issue 8, "more real services") are offices of the institutions that
serve victims, each with a phone or a street address taken from an official page named in
``source``. Coverage is not yet all 16 regions: REACHED lists the ones that have such a service,
and the test fails if one of them loses it (or if a region is reached without updating REACHED,
so the list stays honest).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mitp.catalogue import load_catalogue, validate_file
from mitp.territories import load_territories

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "data" / "resources.yaml"
FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 12, 7)   # the day issue 21 added entries

# Regions with at least one service (other than the regional roundtable) that has a phone, an
# e-mail or an address. Missing on 2026-11-24: 08 Biobío, 09 La Araucanía, 14 Los Ríos,
# 10 Los Lagos, 11 Aysén, 12 Magallanes (no official page with a contact was found).
REACHED = {"15", "01", "02", "03", "04", "05", "13", "06", "07", "16"}


def _contactable_regions() -> dict[str, list[str]]:
    regions: dict[str, list[str]] = {}
    for entry in load_catalogue(RESOURCES, today=TODAY).resources:
        if entry["id"].startswith("mesa-regional-") or entry["level"] == "nacional":
            continue
        if entry.get("phones") or entry.get("emails") or entry.get("address"):
            regions.setdefault(entry["territory"]["region"], []).append(entry["id"])
    return regions


def test_reached_regions_have_a_service_with_a_phone_or_an_address():
    regions = _contactable_regions()
    assert set(regions) == REACHED, (
        f"regions with a contactable regional service: {sorted(regions)}; expected {sorted(REACHED)}")
    assert set(REACHED) <= set(load_territories().regions)


def _regional_entries():
    return [e for e in load_catalogue(RESOURCES, today=TODAY).resources
            if e["level"] != "nacional" and not e["id"].startswith("mesa-regional-")]


def test_every_regional_entry_names_an_official_page_and_is_checked_today():
    entries = _regional_entries()
    assert len(entries) >= 15
    for entry in entries:
        assert entry["source"].get("url", "").startswith(("https://", "http://")), entry["id"]
        assert entry["last_verified"] >= dt.date(2026, 11, 24), entry["id"]   # issue 21 added some on 12-07
        assert "verified_by" not in entry, entry["id"]   # being removed from the catalogue
        assert entry["source"]["es"].strip() and entry["source"].get("en", "").strip(), entry["id"]
        assert entry["name"].get("en") and entry["description"].get("en"), entry["id"]


def test_address_comuna_is_the_office_comuna():
    for entry in _regional_entries():
        if entry.get("address"):
            assert entry["address"]["comuna"] == entry["territory"]["comuna"], entry["id"]


def test_regional_entries_come_last_grouped_by_region_with_a_comment():
    """Appended at the end, one comment line per region (keeps merges with other branches clean)."""
    text = RESOURCES.read_text(encoding="utf-8")
    start = text.index("# Servicios regionales y locales de las instituciones que atienden a víctimas")
    assert "- id: mesa-regional-" not in text[start:]
    tail = text[start:]
    for code in REACHED:
        assert f"({code}) ---" in tail, code


@pytest.mark.parametrize("date, ok", [("2025-02-24", True), ("2025-02-30", False), ("24-02-2025", False)])
def test_source_date_is_an_optional_iso_date(tmp_path, date, ok):
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    old = "      url: https://www.example.org/fuente\n"
    assert old in text
    path = tmp_path / "resources.yaml"
    path.write_text(text.replace(old, old + f"      date: \"{date}\"\n", 1), encoding="utf-8")
    report = validate_file(path, today=dt.date(2026, 11, 23))
    if ok:
        assert report.errors == [], "\n".join(map(str, report.errors))
    else:
        assert len(report.errors) == 1
        message = str(report.errors[0])
        assert "source.date" in message and "resources.yaml:" in message


def test_region_page_shows_the_office_and_says_when_it_was_compared_with_its_source():
    """On the built Ñuble page (both languages): the office, its address, no dangling "por ."."""
    from sitebuild import built_site

    site = built_site()
    cases = {"es": ("directorio/nuble/index.html", "Palermo 45, Chillán",
                    "Datos comparados con su fuente pública el"),
             "en": ("en/directorio/nuble/index.html", "Palermo 45, Chillán",
                    "Details compared with their public source on")}
    for language, (page, address, checked) in cases.items():
        html = (site / page).read_text(encoding="utf-8")
        start = html.index('id="sermig-nuble"')
        entry = html[start:html.index("</article>", start)]
        assert f"<address>{address}</address>" in entry, language
        assert checked in entry, language
        assert "por ." not in entry and "by ." not in entry, language
        assert 'href="https://www-pre.serviciomigraciones.cl/en/regional-directorates"' in entry, language


def test_source_date_reaches_the_open_data_json(tmp_path):
    import json

    from mitp import exports
    from mitp.catalogue import load_catalogue as load

    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    old = "      url: https://www.example.org/fuente\n"
    path = tmp_path / "resources.yaml"
    path.write_text(text.replace(old, old + "      date: 2025-02-24\n", 1), encoding="utf-8")
    data = json.loads(exports.resources_json(load(path, today=dt.date(2026, 11, 23))))
    assert data["resources"][0]["source"]["date"] == "2025-02-24"

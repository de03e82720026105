"""Issue 21: what each region of the directory lacks (mitp cobertura), the weekly issue per region,
and the honest cards (no "publishes no contact", Mesas Regionales as coordination, weak sources).

Pure functions and the command line, in process, on the shipped data (no build)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from mitp import cli, linkcheck, ui
from mitp.catalogue import load_catalogue
from mitp.core import datafile
from mitp.directory import coverage
from mitp.directory.views import entry_view
from mitp.taxonomy import load_taxonomy
from mitp.territories import load_territories

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def shipped():
    resources = load_catalogue(ROOT / "data" / "resources.yaml", today=TODAY).resources
    kinds = coverage.load_kinds(ROOT)
    areas = coverage.build(resources, load_territories(), kinds, today=TODAY)
    return resources, kinds, {a.code: a for a in areas}


def test_every_region_is_listed_with_the_kinds_it_lacks(shipped):
    _, kinds, areas = shipped
    regions = [code for code in areas if code != coverage.NATIONAL]
    assert sorted(regions) == [f"{n:02d}" for n in range(1, 17)]
    # Biobío: only its Mesa Regional, which coordinates and is no service: every kind is missing.
    biobio = areas["08"]
    assert biobio.entries == [] and biobio.coordination == ["mesa-regional-biobio"]
    assert biobio.missing == [k.id for k in kinds]
    # Arica y Parinacota: SERMIG's office and, new, the SJM office (civil society) with a phone.
    arica = areas["15"]
    assert arica.by_kind["migraciones"] == ["sermig-arica-y-parinacota"]
    assert arica.by_kind["sociedad-civil"] == ["sjm-arica"]
    assert "migraciones" not in arica.missing and "centro-apoyo-victimas" in arica.missing
    # Valparaíso has its Fiscalía Regional and URAVIT.
    assert set(areas["05"].by_kind["fiscalia-uravit"]) == {"fiscalia-regional-valparaiso", "uravit-valparaiso"}


def test_weak_sources_stale_entries_and_untranslated_texts_are_counted(shipped):
    resources, kinds, areas = shipped
    assert ("sjm-arica", "old-page") in areas["15"].weak
    assert ("sermig-arica-y-parinacota", "test-copy") in areas["15"].weak
    assert ("caj-metropolitana", "old-page") in areas["13"].weak
    # Names have no Kreyòl yet: every entry of a region counts at least its name, per language.
    assert areas["08"].untranslated["ht"] >= 1 and set(areas["08"].untranslated) == {"en", "ht"}
    # The same catalogue a year later: every entry verified in 2026 is past the 12-month rule.
    later = {a.code: a for a in coverage.build(resources, load_territories(), kinds, today=dt.date(2027, 12, 8))}
    assert ("mesa-regional-biobio", "2026-11-23") in later["08"].stale
    assert areas["08"].stale == []


def test_comunas_with_their_own_entries_are_listed(shipped):
    _, _, areas = shipped
    antofagasta = {c.code: c for c in areas["02"].comunas}
    assert set(antofagasta) >= {"02101", "02201"}
    assert antofagasta["02201"].by_kind["migraciones"] == ["sermig-calama"]
    assert "fiscalia-uravit" in antofagasta["02201"].missing


def test_cobertura_command_prints_all_16_regions(capsys):
    assert cli.main(["cobertura", "--hoy", "2026-12-07"]) == 0
    out = capsys.readouterr().out
    territories = load_territories()
    for region in territories.regions.values():
        assert f"== {region.name} ({region.code}) ==" in out
    assert "faltan (9): Centro de Apoyo a Víctimas" in out          # Biobío lacks every kind
    assert "sjm-arica (página institucional antigua)" in out
    assert cli.main(["cobertura", "--region", "8", "--hoy", "2026-12-07"]) == 0
    one = capsys.readouterr().out
    assert "== Biobío (08) ==" in one and "Arica" not in one


def test_cobertura_refuses_an_unknown_region(capsys):
    assert cli.main(["cobertura", "--region", "17"]) == 2
    assert "no es un código de región" in capsys.readouterr().err


def test_weekly_issue_of_each_region_carries_its_coverage(shipped):
    resources, kinds, areas = shipped
    names = {code: r.name for code, r in load_territories().regions.items()}
    reports = {r.key: r for r in linkcheck.group_reports(resources, [], [], today=TODAY, region_names=names,
                                                          coverage=areas, kinds=kinds)}
    biobio = reports["08"]
    assert "Tipos de servicio que faltan (9 de 9)" in biobio.body
    assert "Inspección del Trabajo" in biobio.body
    assert biobio.findings >= 9          # the issue stays open while the region lacks kinds
    arica = reports["15"].body
    assert "`sjm-arica` (página institucional antigua)" in arica
    assert "Textos del catálogo sin traducir" in arica


def test_reference_list_errors_name_file_line_and_valid_keys(tmp_path):
    bad = tmp_path / "cobertura.yaml"
    text = (ROOT / "data" / "cobertura.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("services: [regularizacion-migratoria]", "services: [regularizacion]", 1),
                   encoding="utf-8")
    report = datafile.check(coverage.FILE, bad)
    assert len(report.errors) == 1
    message = str(report.errors[0])
    line = next(i for i, row in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "[regularizacion]" in row)
    assert f"cobertura.yaml:{line}:" in message
    assert "'regularizacion' no es un tipo de servicio" in message and "regularizacion-migratoria" in message


def test_card_without_a_sourced_contact_no_longer_says_the_institution_publishes_none():
    for language in ("es", "en", "ht"):
        strings = ui.strings_for(language)
        for key in ("directory_access_no_contact", "directory_access_no_contact_plain"):
            assert "no publica" not in strings[key] and "publishes no" not in strings[key]
            assert "pa pibliye" not in strings[key]
    assert ui.strings_for("es")["directory_access_no_contact"].startswith(
        "Este directorio todavía no tiene un contacto con fuente para esta institución.")


def test_entry_views_mark_coordination_and_weak_sources(shipped):
    resources, _, _ = shipped
    by_id = {r["id"]: r for r in resources}
    territories, taxonomy = load_territories(), load_taxonomy()
    mesa = entry_view(by_id["mesa-regional-biobio"], language="en", territories=territories, taxonomy=taxonomy,
                      today=TODAY)
    assert mesa["coordination"] and mesa["weak_source"] == ""
    assert "does not serve the public" in mesa["description"]["text"]
    sjm = entry_view(by_id["sjm-arica"], language="ht", territories=territories, taxonomy=taxonomy, today=TODAY)
    assert sjm["weak_source"] == "old-page" and not sjm["coordination"]
    assert [p["text"] for p in sjm["phones"]] == ["+56 58 227 7004"]
    # Every Mesa Regional coordinates; none is offered as guidance to the public any more.
    mesas = [r for r in resources if r["id"].startswith("mesa-regional-")]
    assert len(mesas) == 16 and all(r["services"] == ["coordinacion"] for r in mesas)


def test_weak_marking_is_validated_by_the_schema(tmp_path):
    from mitp import catalogue

    path = tmp_path / "resources.yaml"
    shutil.copy(ROOT / "data" / "resources.yaml", path)
    text = path.read_text(encoding="utf-8").replace("      weak: old-page\n", "      weak: blog\n", 1)
    path.write_text(text, encoding="utf-8")
    report = catalogue.validate_file(path, today=TODAY)
    assert len(report.errors) == 1 and "source.weak" in str(report.errors[0])

"""Issue 21 on the session-built site: honest cards, the Mesas Regionales as coordination, regions
with no local service said plainly, new sourced entries in every language and in the open data
(HSDS included), weak sources marked, and the coverage page for the Mesa's members."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

LANGUAGES = {"": "es", "en/": "en", "ht/": "ht"}
NEW_ENTRIES = ("sjm-arica", "sjm-antofagasta", "sernameg-casa-acogida-trata", "caj-metropolitana")


def html(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def card(page: str, entry_id: str) -> str:
    start = page.index(f'id="{entry_id}"')
    return page[page.rfind("<article", 0, start): page.index("</article>", start)]


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_no_card_says_an_institution_publishes_no_contact(site, prefix):
    page = html(site, f"{prefix}directorio")
    assert "no publica un contacto" not in page and "publishes no contact" not in page
    assert "pa pibliye okenn kontak" not in page
    raices = card(page, "ong-raices")
    assert {"": "todavía no tiene un contacto con fuente", "en/": "does not yet have a sourced contact",
            "ht/": "poko gen yon kontak ak sous"}[prefix] in raices
    assert 'href="tel:6008181000"' in raices


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_mesa_regional_card_says_it_takes_no_public_and_region_without_service_says_so(site, prefix):
    page = html(site, f"{prefix}directorio/biobio")
    mesa = card(page, "mesa-regional-biobio")
    words = {"": ("No atiende público", "A quién atiende"), "en/": ("does not serve the public", "Who it serves"),
             "ht/": ("pa resevwa piblik la", "Ki moun yo resevwa")}[prefix]
    assert words[0] in mesa and words[1] not in mesa
    assert 'href="tel:6008181000"' in mesa
    assert "data-no-local-service" in page
    # Valparaíso has local services: no such notice there.
    assert "data-no-local-service" not in html(site, f"{prefix}directorio/valparaiso")


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_new_sourced_entries_are_listed_and_weak_sources_marked(site, prefix):
    arica = html(site, f"{prefix}directorio/arica-y-parinacota")
    sjm = card(arica, "sjm-arica")
    assert 'href="tel:+56582277004"' in sjm
    assert 'data-weak-source="old-page"' in sjm
    assert {"": "Dato por confirmar con la institución", "en/": "Details to be confirmed with the institution",
            "ht/": "dwe konfime ak enstitisyon an"}[prefix] in sjm
    assert 'data-weak-source="test-copy"' in card(arica, "sermig-arica-y-parinacota")
    national = html(site, f"{prefix}directorio")
    shelter = card(national, "sernameg-casa-acogida-trata")
    assert "<address" not in shelter                    # confidential: never an address
    indh = card(national, "instituto-nacional-de-derechos-humanos")
    assert 'href="tel:+56228878800"' in indh
    assert 'href="https://incami.cl/"' in card(national, "incami")
    assert 'href="https://www.cajmetro.cl/"' in card(html(site, f"{prefix}directorio/metropolitana-de-santiago"),
                                                    "caj-metropolitana")


def test_new_entries_are_in_the_open_data_and_hsds(site):
    data = json.loads((site / "datos" / "resources.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in data["resources"]}
    assert set(NEW_ENTRIES) <= set(by_id)
    assert by_id["sjm-arica"]["source"]["weak"] == "old-page"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "datos" / "resources.csv").read_text("utf-8-sig")))}
    assert rows["sermig-tarapaca"]["source_weak"] == "test-copy" and rows["programa-apoyo-a-victimas"]["source_weak"] == ""
    assert "name_date" not in next(iter(rows.values()))        # source.date is not a language
    services = (site / "datos" / "services.csv").read_text(encoding="utf-8")
    for name in ("Servicio Jesuita a Migrantes (SJM), oficina de Arica",
                 "Casa de Acogida para Mujeres Vulneradas por la Trata de Personas",
                 "Corporación de Asistencia Judicial de la Región Metropolitana (CAJ Metropolitana)"):
        assert name in services


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_coverage_page_lists_16_regions_and_is_linked_from_the_mesa_page(site, prefix):
    page = html(site, f"{prefix}cobertura-directorio")
    rows = re.findall(r'<tr data-region="(\w+)">', page)
    assert len([r for r in rows if r != "nacional"]) == 16 and "nacional" in rows
    biobio = page[page.index('data-region="08"'):page.index("</tr>", page.index('data-region="08"'))]
    assert {"": "Inspección del Trabajo", "en/": "Labour Inspectorate", "ht/": "Enspeksyon Travay"}[prefix] in biobio
    assert 'href="../cobertura-directorio/"' in html(site, f"{prefix}mesa-intersectorial")
    # Help pages do not link it: it is for the Mesa's members.
    assert "cobertura-directorio" not in html(site, f"{prefix}pide-ayuda")

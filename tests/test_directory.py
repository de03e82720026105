"""The directory's plain logic (mitp/directory.py): which page lists which entry, what it shows."""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from mitp import directory, ui
from mitp.taxonomy import load_taxonomy
from mitp.territories import load_territories

FIXTURE = Path(__file__).parent / "fixtures" / "directory" / "resources.yaml"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def territories():
    return load_territories()


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.fixture(scope="module")
def resources():
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["resources"]


def by_id(resources, entry_id):
    return next(r for r in resources if r["id"] == entry_id)


def synthetic(n: int, territories, *, region: str | None = None, comuna: str | None = None) -> list[dict]:
    """n deterministic entries spread over the comunas (or all in one region / one comuna)."""
    comunas = [c for c in territories.comunas.values() if region is None or c.region == region]
    if comuna:
        comunas = [territories.comunas[comuna]]
    out = []
    for i in range(n):
        c = comunas[(i * 7) % len(comunas)]
        scope = ("comunas", "region", "national")[i % 10 // 8] if i % 10 >= 8 else "comunas"
        area = {"scope": scope}
        if scope == "comunas":
            area["comunas"] = [c.code]
        elif scope == "region":
            area["region"] = c.region
        out.append({
            "id": f"sintetico-{i:05d}",
            "name": {"es": f"Servicio sintético {i}"},
            "level": "municipal",
            "territory": {"region": c.region, "provincia": c.provincia, "comuna": c.code},
            "service_area": area,
            "services": ["orientacion"],
            "languages": ["es"],
            "last_verified": TODAY,
        })
    return out


def test_every_region_has_a_page_with_a_readable_address(territories, resources):
    pages = directory.plan_pages(resources, territories)
    regions = {p.region: p for p in pages if p.kind == "region"}
    assert set(regions) == set(territories.regions) and len(regions) == 16
    assert regions["13"].path == "directorio/metropolitana-de-santiago.md"
    assert regions["06"].path == "directorio/libertador-general-bernardo-ohiggins.md"
    assert regions["16"].url == "directorio/nuble/"
    national = [p for p in pages if p.kind == "national"]
    assert [p.path for p in national] == ["directorio/index.md"] and not national[0].generated


def test_national_services_are_on_the_national_page_only(territories, resources):
    pages = directory.plan_pages(resources, territories)
    national = next(p for p in pages if p.kind == "national")
    assert national.entry_ids == ("prueba-nacional",)
    assert all("prueba-nacional" not in p.entry_ids for p in pages if p.kind != "national")


def test_region_page_groups_by_provincia_and_comuna(territories, resources, taxonomy):
    pages = directory.plan_pages(resources, territories)
    rm = next(p for p in pages if p.region == "13")
    # Region-wide first, then provincia de Santiago, its comunas by name: Las Condes before Santiago.
    assert rm.entry_ids == ("prueba-malicioso", "prueba-las-condes", "prueba-santiago")
    resources_by_id = {r["id"]: r for r in resources}
    views = {r["id"]: directory.entry_view(r, language="es", territories=territories, taxonomy=taxonomy, today=TODAY)
             for r in resources}
    sections = directory.grouped(rm, resources_by_id, views, territories)
    assert [s["kind"] for s in sections] == ["region_wide", "provincia"]
    assert sections[1]["name"] == "Santiago"
    assert [(s["name"], [e["id"] for e in s["entries"]]) for s in sections[1]["sections"]] == [
        ("Las Condes", ["prueba-las-condes"]), ("Santiago", ["prueba-santiago"])]


def test_a_large_region_splits_by_provincia_then_comuna_then_parts(territories):
    # 40 entries in the Región Metropolitana, 25 of them in the comuna of Santiago; threshold 10.
    entries = synthetic(15, territories, region="13") + synthetic(25, territories, comuna="13101")
    for n, entry in enumerate(entries):
        entry["id"] = f"e{n:03d}"
    pages = directory.plan_pages(entries, territories, threshold=10)
    assert all(len(p.entry_ids) <= 10 for p in pages)
    rm = [p for p in pages if p.region == "13"]
    listed = [i for p in rm for i in p.entry_ids]
    expected = {e["id"] for e in entries if e["service_area"]["scope"] != "national"}
    assert sorted(listed) == sorted(expected), "every regional entry is listed exactly once"
    region_page = next(p for p in rm if p.kind == "region")
    assert region_page.path == "directorio/metropolitana-de-santiago.md"
    assert "131" in region_page.children
    santiago = [p for p in rm if p.kind == "comuna" and p.comuna == "13101"]
    assert [p.path for p in santiago] == [
        "directorio/metropolitana-de-santiago/santiago/santiago.md",
        "directorio/metropolitana-de-santiago/santiago/santiago/pagina-2.md",
        "directorio/metropolitana-de-santiago/santiago/santiago/pagina-3.md",
    ][: len(santiago)]
    assert len(santiago) >= 2 and {p.parts for p in santiago} == {len(santiago)}
    # A small region stays on one page.
    assert [p.kind for p in pages if p.region == "05"] == ["region"]


def test_at_5000_entries_no_page_lists_more_than_the_threshold(territories):
    entries = synthetic(5000, territories)
    pages = directory.plan_pages(entries, territories)
    assert max(len(p.entry_ids) for p in pages) <= directory.THRESHOLD
    listed = {i for p in pages for i in p.entry_ids}
    assert listed == {e["id"] for e in entries}


def test_generated_pages_are_written_only_when_they_change(tmp_path, territories, resources):
    pages = directory.plan_pages(resources, territories, threshold=1)
    strings = {lang: ui.strings_for(lang) for lang in ("es", "en")}
    written = directory.sync_generated_pages(tmp_path, pages, territories, strings)
    assert tmp_path / "en" / "directorio" / "metropolitana-de-santiago" / "santiago.md" in written
    assert not (tmp_path / "es" / "directorio" / "index.md").exists(), "the national page is hand-written"
    assert directory.sync_generated_pages(tmp_path, pages, territories, strings) == [], "second run rewrites nothing"
    text = (tmp_path / "en" / "directorio" / "valparaiso.md").read_text(encoding="utf-8")
    assert 'title: "Find support: Valparaíso"' in text and directory.MARKER in text
    # A page no longer needed goes; a hand-written file in the folder stays.
    (tmp_path / "es" / "directorio" / "nota.md").write_text("# Nota\n", encoding="utf-8")
    smaller = directory.plan_pages(resources, territories)
    removed = directory.sync_generated_pages(tmp_path, smaller, territories, strings)
    assert tmp_path / "es" / "directorio" / "metropolitana-de-santiago" / "santiago.md" in removed
    assert not (tmp_path / "es" / "directorio" / "metropolitana-de-santiago").exists()
    assert (tmp_path / "es" / "directorio" / "nota.md").exists()


def test_entry_in_english_falls_back_to_spanish_marked(territories, taxonomy, resources):
    view = directory.entry_view(by_id(resources, "prueba-malicioso"), language="en", territories=territories,
                                taxonomy=taxonomy, today=TODAY)
    assert view["name"]["lang"] == "es"
    assert view["cost"] == {"text": "Gratuito", "lang": "es"}
    assert view["services"] == [{"text": "Health care", "lang": "en"}]
    same = directory.entry_view(by_id(resources, "prueba-nacional"), language="en", territories=territories,
                                taxonomy=taxonomy, today=TODAY)
    assert same["name"] == {"text": "National test line", "lang": "en"}
    languages = {l["code"]: l for l in same["languages"]}
    assert languages["ht"]["label"]["text"] == "Haitian Creole" and languages["ht"]["native"] == "Kreyòl ayisyen"


def test_directory_phones_follow_the_one_phone_rule(territories, taxonomy, resources):
    """The directory shows and dials every number as mitp.phones does (the help bar too)."""
    from mitp import phones

    view = directory.entry_view(by_id(resources, "prueba-nacional"), language="es", territories=territories,
                                taxonomy=taxonomy, today=TODAY)
    voice = view["phones"][0]
    assert (voice["href"], voice["text"]) == (phones.parse("+56 2 2000 0000").tel, phones.parse("+56 2 2000 0000").display)
    assert phones.parse("600 400 0101").tel == "tel:6004000101", "600 lines are dialled nationally, as on 'Pide ayuda'"
    assert phones.parse("133").tel == "tel:133", "short emergency numbers are dialled as they are"


def test_whatsapp_becomes_a_wa_me_link(territories, taxonomy, resources):
    view = directory.entry_view(by_id(resources, "prueba-nacional"), language="es", territories=territories,
                                taxonomy=taxonomy, today=TODAY)
    assert [(p["type"], p["href"]) for p in view["phones"]] == [
        ("voice", "tel:+56220000000"), ("whatsapp", "https://wa.me/56961234567")]


def test_only_web_mail_and_phone_addresses_become_links(territories, taxonomy, resources):
    entry = copy.deepcopy(by_id(resources, "prueba-nacional"))
    entry["website"] = "javascript:alert(1)"
    entry["emails"] = ["x@y.example\" onclick=\"alert(1)"]
    entry["source"] = {"es": "Fuente", "url": "data:text/html,<script>alert(1)</script>"}
    view = directory.entry_view(entry, language="es", territories=territories, taxonomy=taxonomy, today=TODAY)
    assert view["website"] is None and view["emails"] == [] and view["source_href"] is None


def test_confidential_address_is_never_shown(territories, taxonomy, resources):
    entry = copy.deepcopy(by_id(resources, "prueba-las-condes"))
    entry["address"] = {"street": "Calle Secreta 1", "comuna": "13114"}  # even if it slipped through
    view = directory.entry_view(entry, language="es", territories=territories, taxonomy=taxonomy, today=TODAY)
    assert view["address"] is None and view["confidential"]


def test_stale_after_twelve_months():
    assert directory.is_stale(dt.date(2025, 11, 22), today=TODAY)
    assert not directory.is_stale(dt.date(2025, 11, 23), today=TODAY)
    assert not directory.is_stale(dt.date(2024, 2, 29), today=dt.date(2025, 2, 27))


def test_verified_date_is_localised(territories, taxonomy, resources):
    entry = by_id(resources, "prueba-santiago")
    es = directory.entry_view(entry, language="es", territories=territories, taxonomy=taxonomy, today=TODAY)
    en = directory.entry_view(entry, language="en", territories=territories, taxonomy=taxonomy, today=TODAY)
    assert es["verified_text"] == "1 de octubre de 2026"
    assert en["verified_text"] == "October 1, 2026"
    assert es["verified_iso"] == "2026-10-01"


def test_report_link_names_the_entry():
    url = "https://github.com/org/repo/issues/new?template=error-en-recurso.md&title=Error%20en%20el%20recurso%3A%20{id}"
    assert directory.report_link("pdi-britrap", url_template=url).endswith("title=Error%20en%20el%20recurso%3A%20pdi-britrap")
    assert directory.report_link("pdi-britrap") is None, "no address configured: no link"
    assert directory.report_link("x", url_template="javascript:alert(1)//{id}") is None
    mail = directory.report_link("pdi-britrap", url_template=url, email="mesa@example.gob.cl")
    assert mail.startswith("mailto:mesa@example.gob.cl?subject=Error%20en%20el%20recurso%3A%20pdi-britrap")


def test_report_address_comes_from_the_configuration_or_from_github_actions():
    github = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "mitp-chile/sitio"}
    form = directory.report_url_template("", github)
    assert form == ("https://github.com/mitp-chile/sitio/issues/new?template=error-en-recurso.md"
                    "&title=Error%20en%20el%20recurso%3A%20{id}")
    assert directory.report_url_template("https://example.org/{id}", github) == "https://example.org/{id}"
    assert directory.report_url_template("", {}) == "", "built elsewhere, unconfigured: no link"
    assert directory.report_url_template("", {**github, "GITHUB_REPOSITORY": "a/b\"><script>"}) == ""
    assert directory.report_url_template("", {**github, "GITHUB_SERVER_URL": "javascript:x"}) == ""


def test_filter_data_says_who_is_served(territories, taxonomy, resources):
    views = {r["id"]: directory.entry_view(r, language="es", territories=territories, taxonomy=taxonomy, today=TODAY)
             for r in resources}
    assert views["prueba-malicioso"]["data_comunas"] == directory.WHOLE_AREA  # serves the whole region
    assert views["prueba-santiago"]["data_comunas"] == "13101"
    assert views["prueba-nacional"]["data_populations"] == directory.WHOLE_AREA  # [] = everyone


def test_every_directory_string_exists_in_spanish_and_english():
    strings = {k: v for k, v in ui.load().items() if k.startswith("directory_")}
    assert len(strings) > 50
    missing = [k for k, v in strings.items() if not v.get("es") or not v.get("en")]
    assert missing == []


def test_services_for_several_comunas_are_not_called_region_wide(territories, taxonomy, resources):
    def serving(entry_id, comunas):
        entry = copy.deepcopy(by_id(resources, "prueba-valparaiso"))  # based in Valparaíso
        entry.update(id=entry_id, service_area={"scope": "comunas", "comunas": comunas})
        return entry

    extra = [serving("varias-en-santiago", ["13101", "13114"]),       # two comunas, one provincia
             serving("varias-en-la-region", ["13101", "13201"]),      # two provincias
             serving("una-comuna", ["13114"])]                         # one comuna
    everything = resources + extra
    pages = directory.plan_pages(everything, territories)
    rm = next(p for p in pages if p.region == "13")
    resources_by_id = {r["id"]: r for r in everything}
    views = {r["id"]: directory.entry_view(r, language="es", territories=territories, taxonomy=taxonomy, today=TODAY)
             for r in everything}
    sections = directory.grouped(rm, resources_by_id, views, territories)

    def ids(section):
        return [e["id"] for e in section["entries"]]

    assert [(s["kind"], ids(s)) for s in sections[:2]] == [
        ("region_wide", ["prueba-malicioso"]), ("region_several", ["varias-en-la-region"])]
    santiago = next(s for s in sections if s["kind"] == "provincia" and s["name"] == "Santiago")
    assert [(s["kind"], ids(s)) for s in santiago["sections"]] == [
        ("provincia_several", ["varias-en-santiago"]),
        ("comuna", ["prueba-las-condes", "una-comuna"]),  # comunas by name: Las Condes, Santiago
        ("comuna", ["prueba-santiago"]),
    ]
    # Listed once: the service for Santiago and Puente Alto is not repeated under Cordillera.
    assert [s["name"] for s in sections if s["kind"] == "provincia"] == ["Santiago"]
    assert views["varias-en-la-region"]["data_comunas"] == "05101 13101 13201"  # the filter still finds it


def test_an_entry_says_what_was_checked_and_who_confirmed_it(territories, resources, taxonomy):
    entry = copy.deepcopy(by_id(resources, "prueba-nacional"))
    view = directory.entry_view(entry, language="es", territories=territories, taxonomy=taxonomy, today=TODAY)
    assert view["confirmed"] is None  # compared with its source only: the page says "Sin confirmar"
    entry["confirmed_by"] = {"institution": {"es": "Servicio de prueba", "en": "Test service"}, "date": "2026-11-20"}
    entry["source"] = dict(entry["source"], date="2025-02-24")
    view = directory.entry_view(entry, language="en", territories=territories, taxonomy=taxonomy, today=TODAY)
    assert view["confirmed"] == {"by": {"text": "Test service", "lang": ""}, "iso": "2026-11-20", "text": "November 20, 2026"}
    assert (view["source_date_iso"], view["source_date_text"]) == ("2025-02-24", "February 24, 2025")
    entry["confirmed_by"] = {"institution": {"es": "Servicio de prueba"}, "date": "no es fecha"}
    assert directory.entry_view(entry, language="es", territories=territories, taxonomy=taxonomy,
                                today=TODAY)["confirmed"] is None

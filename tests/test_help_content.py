"""Issue 8, "help that is true and short": what the data and the built pages say a reader can do.

Each test pins a fact a frightened reader relies on: which number does what, how to reach the
victims' programme, what the catalogue's dates mean, and what the site must never claim.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mitp import channels, directory
from mitp.catalogue import load_catalogue
from mitp.taxonomy import load_taxonomy
from mitp.territories import load_territories
from sitebuild import ROOT, built_site, page_paths

RESOURCES = ROOT / "data" / "resources.yaml"


def _channel(channel_id: str) -> dict:
    return next(c for c in channels.load_channels() if c["id"] == channel_id)


def _page_html(site: Path, path: str) -> str:
    file = site / path.lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    return file.read_text("utf-8")


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()


# What each number is for (data/channels.yaml)


def test_134_is_for_crimes_happening_now_and_never_says_it_is_for_reporting():
    pdi = _channel("pdi-134")
    assert pdi["purposes"] == ["delito-en-curso"]
    assert "ocurriendo ahora" in pdi["description"]["es"]
    assert "happening now" in pdi["description"]["en"]
    assert not re.search(r"denunci", pdi["description"]["es"], re.I)
    assert not re.search(r"\breport", pdi["description"]["en"], re.I)


def test_the_fiscalia_line_gives_case_information_with_its_hours():
    fiscalia = _channel("fiscalia")
    assert fiscalia["purposes"] == ["informacion-causa"]
    assert fiscalia["dial"] == "600 333 0000"
    assert fiscalia["hours"]["text"]["es"] == "Lunes a viernes, de 8:30 a 18:30, excepto festivos"
    assert "causa" in fiscalia["description"]["es"]


def test_each_channel_has_the_purpose_its_source_gives():
    purposes = {c["id"]: c["purposes"] for c in channels.load_channels()}
    assert purposes == {
        "carabineros-133": ["emergencia"],
        "denuncia-seguro": ["denuncia-anonima"],
        "apoyo-victimas": ["orientacion-victimas"],
        "pdi-134": ["delito-en-curso"],
        "fiscalia": ["informacion-causa"],
        "fono-ninos-147": ["ninos"],
    }
    # Denuncia Seguro's written route, confirmed by its own site, is offered with the card.
    assert _channel("denuncia-seguro")["web"] == "https://denunciaseguro.cl/"
    assert "formulario" in _channel("denuncia-seguro")["web_note"]["es"].lower()


def test_the_134_card_as_built_never_says_it_is_for_reporting(site):
    for path in ("/pide-ayuda/", "/en/pide-ayuda/"):
        card = re.search(r'<li class="mitp-channel" data-channel="pdi-134">(.*?)</li>\s*(?:<li|</ul>)',
                         _page_html(site, path), re.S)
        assert card, f"no 134 card on {path}"
        words = _text(card.group(1))
        assert not re.search(r"para denunciar|to report", words, re.I), words


# The victims' programme: the directory agrees with the help bar


def test_the_victim_support_programme_is_reached_directly_on_its_line():
    pav = load_catalogue(RESOURCES).by_id["programa-apoyo-a-victimas"]
    assert pav["access"] == "direct"
    assert [p["number"] for p in pav["phones"]] == ["+566008181000"]  # 600 818 1000, normalised
    assert pav["source"]["url"] == "https://www.chileatiende.gob.cl/fichas/66714-programa-apoyo-a-victimas"
    bar = [c for c in channels.load_channels() if c.get("help_bar")]
    assert any(c["id"] == "apoyo-victimas" and c["dial"] == "600 818 1000" for c in bar)


def test_the_forensic_service_is_not_listed_among_those_that_take_reports():
    entries = load_catalogue(RESOURCES).by_id
    assert "denuncia" not in entries["servicio-medico-legal"]["services"]
    assert "Foreign Affairs" not in entries["servicio-nacional-de-migraciones"]["name"]["en"]


def test_an_entry_without_contact_says_how_to_reach_it(site):
    page = _text(_page_html(site, "/directorio/"))
    # Issue 21 (truth audit 3, finding 1): the directory lacks a sourced contact; it never claims
    # that the institution publishes none.
    assert ("Este directorio todavía no tiene un contacto con fuente para esta institución. Mientras tanto, llama "
            "al Programa Apoyo a Víctimas, 600 818 1000") in page
    assert "no publica un contacto" not in page
    assert 'class="mitp-dir-call" href="tel:6008181000"' in _page_html(site, "/directorio/")


# What the site must never claim


FORBIDDEN = [
    (r"Verificad[oa]\b[^.]{0,200}\bpor\s+(?:la\s+)?Mesa Intersectorial", "a verification the Mesa never made"),
    (r"Verified\b[^.]{0,200}\bby\s+(?:the\s+)?(?:Mesa Intersectorial|Intersectoral Roundtable)", "same, in English"),
    (r"No cortes", "advice with no source (a silent call is not traced)"),
    (r"Do not hang up", "same, in English"),
    (r"Tú decides\s+si participas", "a summoned witness must appear"),
    (r"You decide\s+whether to take part", "same, in English"),
    (r"Puedes quedarte en Chile", "the right is to ask for a permit"),
    (r"Department of Foreign Affairs", "Extranjería is immigration, not foreign affairs"),
    (r"Para denunciar, llama", "the phone lines are not reporting lines"),
]


def test_no_page_makes_a_claim_its_sources_do_not_support(site):
    found = []
    for path in page_paths(site):
        if not path.endswith("/"):
            continue
        words = _text(_page_html(site, path))
        for pattern, why in FORBIDDEN:
            if re.search(pattern, words):
                found.append(f"{path}: /{pattern}/ ({why})")
    assert found == []


def test_every_channel_card_appears_at_most_once_per_page(site):
    repeated = []
    for path in page_paths(site):
        if not path.endswith("/"):
            continue
        ids = re.findall(r'data-channel="([a-z0-9-]+)"', _page_html(site, path))
        repeated += [f"{path}: {i}" for i in sorted(set(ids)) if ids.count(i) > 1]
    assert repeated == []


def test_every_region_page_starts_with_the_lines_that_work_everywhere(site):
    for path in ("/directorio/maule/", "/en/directorio/maule/"):
        page = _page_html(site, path)
        today = page.index('id="ayuda-hoy"')
        assert today < page.index("data-directory"), f"{path}: the region's services come first"
        for channel in ("carabineros-133", "apoyo-victimas", "denuncia-seguro"):
            assert f'data-channel="{channel}"' in page
        assert "24" in _text(page[today: page.index("data-directory")])  # hours are shown


# Sort orders


def _entry_names(markup: str) -> list[str]:
    class Names(HTMLParser):
        def __init__(self):
            super().__init__()
            self.names, self._in = [], False

        def handle_starttag(self, tag, attrs):
            if "mitp-dir-entry__name" in (dict(attrs).get("class") or ""):
                self._in, self._buf = True, ""

        def handle_data(self, data):
            if self._in:
                self._buf += data

        def handle_endtag(self, tag):
            if self._in and tag.startswith("h"):
                self.names.append(self._buf.strip())
                self._in = False

    parser = Names()
    parser.feed(markup)
    return parser.names


@pytest.mark.parametrize("path", ["/directorio/", "/en/directorio/"])
def test_the_national_list_is_sorted_by_the_names_shown(site, path):
    names = _entry_names(_page_html(site, path))
    assert len(names) > 10
    assert names == sorted(names, key=directory.sort_key)
    if path.startswith("/en/"):  # sorted by the English names, not by the Spanish ones
        assert names.index("Victim Support Programme (PAV)") > names.index("Chilean Catholic Institute for Migration (INCAMI)")


def test_comunas_are_listed_alphabetically_with_accents_folded():
    territories = load_territories()
    nuble = [c for p in territories.regions["16"].provincias for c in territories.provincias[p].comunas]
    views = [{"data_services": "orientacion", "data_populations": "*", "data_languages": "es",
              "data_comunas": " ".join(nuble[:3])},
             {"data_services": "orientacion", "data_populations": "*", "data_languages": "es",
              "data_comunas": " ".join(nuble[3:])}]
    options = directory.filter_options(views, taxonomy=load_taxonomy(), territories=territories,
                                       language="es", comunas_in_scope=nuble)
    names = [o["label"]["text"] for o in options["comunas"]]
    assert len(names) == len(nuble)
    assert names == sorted(names, key=directory.sort_key)
    assert names != [territories.comunas[c].name for c in nuble]  # the official order is not alphabetical
    # "Ñiquén" sorts as "Niquen": among the N, not after the Z.
    assert names.index("Ñiquén") < names.index("Pemuco")

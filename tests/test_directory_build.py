"""The directory as built by MkDocs: pages in every language, out of the navigation, escaped,
light, with the open data beside it; and a broken catalogue stops the build."""
from __future__ import annotations

import datetime as dt
import random
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from directory_sites import FIXTURE, REPORT_URL, build, built, copy_project, gzip_size, html_of, write_catalogue
from mitp import directory
from mitp.territories import load_territories
from sitebuild import LANGUAGES

REGION_SLUGS = [directory.slugify(r.name) for r in load_territories().regions.values()]
BUDGET_GZIP = 150 * 1024


@pytest.fixture(scope="module")
def fixture_site() -> Path:
    return built("fixture")


class _Links(HTMLParser):
    """Collects every link of a page, and those inside the site navigation."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.nav_hrefs: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "md-nav" in (attrs.get("class") or ""):
            self._nav_depth += 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
            if self._nav_depth:
                self.nav_hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_region_has_a_page_in_every_language(site, language):
    """The real site: the national page and all 16 region pages, in Spanish and English."""
    prefix = "" if language == "es" else f"{language}/"
    assert (site / prefix / "directorio" / "index.html").is_file()
    for slug in REGION_SLUGS:
        page = site / prefix / "directorio" / slug / "index.html"
        assert page.is_file(), f"missing {prefix}directorio/{slug}/"
        assert f'<html lang="{language}"' in page.read_text(encoding="utf-8")
    national = html_of(site, f"{prefix}directorio/")
    for slug in REGION_SLUGS:
        assert f'href="{slug}/"' in national, f"the national page does not lead to {slug}"


def test_only_the_national_page_is_in_the_navigation(site):
    for path in ("", "en/", "directorio/", "en/directorio/metropolitana-de-santiago/"):
        nav = [urljoin(f"/{path}", h) for h in _links(html_of(site, path)).nav_hrefs]
        national = "/en/directorio/" if path.startswith("en/") else "/directorio/"
        assert national in nav, f"no directory entry in the nav of /{path}"
        leaked = [h for h in nav if any(slug in h for slug in REGION_SLUGS)]
        assert leaked == [], f"region pages in the navigation of /{path}: {leaked}"


def test_open_data_files_are_in_the_built_site_and_linked(site):
    for name in ("resources.json", "resources.csv", "datapackage.json"):
        assert (site / "datos" / name).is_file(), f"/datos/{name} missing"
        assert not (site / "en" / "datos").exists(), "the open data is written once, at the root"
    assert 'href="../datos/resources.json"' in html_of(site, "directorio/")
    assert 'href="../../datos/datapackage.json"' in html_of(site, "en/directorio/")


def test_entries_are_found_by_the_site_search(fixture_site):
    """Issue 14: the search (Pagefind, fetched only when used) covers the entries, in each language."""
    from mitp.search import fragments

    pages = {f["url"]: f for f in fragments(fixture_site, "es")}
    region = pages["/directorio/metropolitana-de-santiago/"]
    assert "Centro de prueba Santiago" in region["content"]
    assert region["meta"]["title"] == "Directorio de apoyo: Metropolitana de Santiago"
    assert "prueba-santiago" in {a.get("id") for a in region["anchors"]}, "a result can lead to the entry itself"
    assert all(not url.startswith("/en/") for url in pages), "one index per language"
    assert "/en/directorio/metropolitana-de-santiago/" in {f["url"] for f in fragments(fixture_site, "en")}


def test_a_name_with_markup_shows_as_text(fixture_site):
    for path in ("directorio/metropolitana-de-santiago/", "en/directorio/metropolitana-de-santiago/"):
        html = html_of(fixture_site, path)
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Servicio &lt;b&gt;falso&lt;/b&gt;" in html
        assert "<script>alert" not in html and "<b>falso" not in html and "<img src=x" not in html


def test_entries_show_what_a_person_needs_to_act(fixture_site):
    html = html_of(fixture_site, "directorio/")
    assert 'href="tel:+56220000000">+56 2 2000 0000</a>' in html
    assert 'href="https://wa.me/56961234567"' in html
    assert 'href="mailto:contacto@prueba.example"' in html
    assert "Todos los días, las 24 horas" in html
    assert "No necesitas documentos." in html
    # What was done, said plainly: compared with the source on a date, not confirmed by anyone.
    assert 'Datos comparados con su fuente pública el <time datetime="2026-11-01">1 de noviembre de 2026</time>' in html
    assert "Sin confirmar con la institución." in html
    assert "Verificado" not in html
    assert f'href="{REPORT_URL.replace("{id}", "prueba-nacional").replace("&", "&amp;")}"' in html
    rm_en = html_of(fixture_site, "en/directorio/metropolitana-de-santiago/")
    assert "Calle de Prueba 123" in rm_en
    assert "The address is confidential" in rm_en  # the shelter: no address anywhere
    assert "more than 12 months ago" in rm_en  # prueba-malicioso, verified 2024-01-15
    assert 'Details compared with their public source on <time datetime="2026-10-01">October 1, 2026</time>' in rm_en
    assert "Not confirmed with the institution." in rm_en
    assert 'Confirmed by Test municipality on <time datetime="2026-09-15">September 15, 2026</time>.' in rm_en
    assert '<span lang="es">Lunes a viernes, 9:00 a 17:00</span>' in rm_en  # no English text: Spanish, marked


def test_every_tel_link_is_e164(fixture_site):
    hrefs = [h for p in fixture_site.rglob("directorio/**/index.html") for h in _links(p.read_text("utf-8")).hrefs]
    tels = [h for h in hrefs if h.startswith("tel:")]
    assert tels, "no phone link at all"
    # E.164, short public numbers, 600/800 numbers dialled nationally, star codes of the help bar (mitp/phones.py).
    assert all(re.fullmatch(r"tel:(\+56\d{8,9}|\d{3,4}|[68]00\d{7}|\*\d{3,6})", h) for h in tels), tels
    assert all(re.fullmatch(r"https://wa\.me/\d+", h) for h in hrefs if "wa.me" in h)


def test_no_report_link_until_the_repository_is_known(tmp_path):
    assert 'catalogue_report_url: ""' in (Path(__file__).parent.parent / "mkdocs.yml").read_text("utf-8")
    site = built("no-report-url", report_url="")
    assert "Reportar un error" not in html_of(site, "directorio/")


def test_built_by_github_actions_the_report_link_opens_the_repository_issue_form():
    site = built("github-actions", report_url="",
                 env=(("GITHUB_SERVER_URL", "https://github.com"), ("GITHUB_REPOSITORY", "mitp-chile/sitio")))
    html = html_of(site, "directorio/metropolitana-de-santiago/")
    form = ('href="https://github.com/mitp-chile/sitio/issues/new?template=error-en-recurso.md'
            '&amp;title=Error%20en%20el%20recurso%3A%20prueba-santiago"')
    assert form in html and "Reportar un error en esta ficha" in html
    template = Path(__file__).parent.parent / ".github" / "ISSUE_TEMPLATE" / "error-en-recurso.md"
    assert template.is_file(), "the link names an issue template that must exist"


def test_reports_go_by_email_when_the_coordinator_entry_gives_one():
    site = built("coordinator", coordinator="prueba-nacional")  # its entry lists contacto@prueba.example
    html = html_of(site, "en/directorio/metropolitana-de-santiago/")
    assert 'href="mailto:contacto@prueba.example?subject=Error%20en%20el%20recurso%3A%20prueba-santiago&amp;body=' in html
    assert "issues/new" not in html


def test_a_broken_catalogue_fails_the_build_with_the_validator_message(tmp_path):
    broken = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    broken["resources"][2]["territory"]["comuna"] = "05101"  # Valparaíso, not in the Región Metropolitana
    broken["resources"][0]["phones"][0]["number"] = "12"
    path = write_catalogue(tmp_path / "broken.yaml", broken["resources"])
    from mitp.catalogue import CatalogueError, load_catalogue

    with pytest.raises(CatalogueError) as expected:
        load_catalogue(path)
    project = copy_project(tmp_path / "project")
    proc = build(project, path, tmp_path / "site")
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    for line in str(expected.value).splitlines():
        assert line in output, f"the build does not say: {line}"


_WORDS = ("atención orientación acompañamiento derivación red protección víctimas personas migrantes "
          "salud mental jurídica asesoría denuncia regional comunal oficina programa centro apoyo "
          "integral familias trabajo educación refugio albergue documentos gratuito horario lunes "
          "viernes sábado mañana tarde llamar escribir visitar derechos migración trámite visa").split()


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize()


def _full_entry(n: int, comuna: str = "13101") -> dict:
    """An entry with every field filled at its longest plausible length, with varied words
    (identical entries would compress far better than real ones)."""
    rng = random.Random(n)
    return {
        "id": f"completo-{n:04d}-{rng.randrange(10**6):06d}",
        "name": {"es": _words(rng, 9), "en": _words(rng, 7)},
        "description": {"es": _words(rng, 40) + ".", "en": _words(rng, 35) + "."},
        "organization": {"es": "Servicio Nacional de Prueba de Atención a Personas", "en": "National Test Service"},
        "level": "municipal",
        "territory": {"region": "13", "provincia": "131", "comuna": comuna},
        "service_area": {"scope": "comunas", "comunas": [comuna]},
        "services": ["orientacion", "denuncia", "salud", "salud-mental", "asesoria-legal", "regularizacion-migratoria"],
        "populations": ["mujeres", "hombres", "ninos-ninas-adolescentes", "migrantes", "personas-con-discapacidad", "lgbtiq"],
        "languages": ["es", "en", "ht", "fr", "pt", "qu"],
        "phones": [{"number": f"+56 2 2{rng.randrange(10**7):07d}", "type": "voice", "hours": {"es": _words(rng, 6), "en": _words(rng, 6)}},
                   {"number": f"+56 9 {rng.choice(('6123', '8765'))} {rng.randrange(10**4):04d}", "type": "whatsapp"}],
        "emails": [f"contacto{rng.randrange(10**6)}@servicio.example"],
        "website": f"https://www.servicio.example/{rng.choice(_WORDS)}/{rng.randrange(10**6)}",
        "address": {"street": f"{_words(rng, 4)} {rng.randrange(10**4)}, oficina {rng.randrange(999)}", "comuna": comuna},
        "confidential": False,
        "hours": {"text": {"es": _words(rng, 10), "en": _words(rng, 10)}},
        "cost": {"es": "Gratuito", "en": "Free"},
        "documents": {"required": False, "text": {"es": "No necesitas documentos ni cédula.", "en": "You need no documents."}},
        "access": "direct",
        "last_verified": dt.date(2026, 11, 1),
        "confirmed_by": {"institution": {"es": "Secretaría Regional Ministerial de Justicia y Derechos Humanos"}, "date": "2026-11-02"},
        "source": {"es": "Protocolo Intersectorial de Atención a Víctimas de Trata de Personas", "url": "https://www.example.gob.cl/protocolo"},
    }


def test_the_fullest_page_stays_under_150_kb_gzip_and_a_large_region_splits(tmp_path):
    """More than THRESHOLD full entries in one comuna, and some in another: the region splits
    into provincia and comuna pages, the comuna's list continues on a second part, and the
    largest directory page (a full listing page) transfers less than 150 KB gzip."""
    entries = [_full_entry(n) for n in range(directory.THRESHOLD + 3)] + [
        _full_entry(directory.THRESHOLD + 10 + n, comuna="13114") for n in range(5)]
    path = write_catalogue(tmp_path / "full.yaml", entries)
    site = built("full", resources=str(path))
    rm = site / "directorio" / "metropolitana-de-santiago"
    santiago = rm / "santiago" / "santiago" / "index.html"
    assert santiago.is_file(), "the region did not split into provincia and comuna pages"
    assert (rm / "santiago" / "index.html").is_file()
    region_html = (rm / "index.html").read_text("utf-8")
    assert 'href="santiago/"' in region_html, "the region page does not lead to its provincia page"
    assert santiago.read_text("utf-8").count("data-dir-entry ") == directory.THRESHOLD
    part_2 = (rm / "santiago" / "santiago" / "pagina-2" / "index.html").read_text("utf-8")
    assert part_2.count("data-dir-entry ") == 3 and "(parte 2 de 2)" in part_2
    assert '<a href="../" aria-current="page">' not in part_2 and 'aria-current="page">Parte 2</a>' in part_2
    assert ">Provincia de Santiago</a>" in part_2, "the way back up names the provincia"
    assert "dividida en 2 partes" in part_2
    sizes = {p: gzip_size(p) for p in site.rglob("directorio/**/index.html")}
    largest, size = max(sizes.items(), key=lambda item: item[1])
    assert size < BUDGET_GZIP, f"{largest} is {size / 1024:.0f} KB gzip"
    home = gzip_size(site / "index.html")
    assert home < 30 * 1024, "pages outside the directory do not carry the catalogue"

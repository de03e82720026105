"""Which page lists which entry: the territorial plan of the directory's pages."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping

from mitp import i18n
from mitp.core import pages as generated_pages


DEFAULT_LANGUAGE = i18n.DEFAULT
# Most entries on one listing page. Measured with entries whose every field is filled with
# varied text (tests/test_directory_build.py): 150 such entries made a page of ~570 KB raw,
# ~42 KB gzip. 100 keeps the gzip transfer far below the 150 KB budget and the page light
# enough to open on a cheap phone (~380 KB of HTML at most).
THRESHOLD = 100
MARKER = "<!-- mitp:directorio -->"
GENERATED_HEADER = generated_pages.header("hooks/directory.py", "data/resources.yaml")
BASE = "directorio"
STALE_AFTER_MONTHS = 12
WHOLE_AREA = "*"  # data-comunas value of an entry that serves every comuna of the page
# Languages whose own name is written in another language (sign languages): the `lang` of it.
WRITTEN_IN = {"csg": "es"}


# Pages


@dataclass(frozen=True)
class DirectoryPage:
    """One page of the directory. ``path`` is relative to ``docs/<lang>/``."""

    path: str
    kind: str  # national | region | provincia | comuna
    region: str | None = None
    provincia: str | None = None
    comuna: str | None = None
    part: int = 1
    parts: int = 1
    # Entries listed on this page, in display order (ids), and the places it links down to.
    entry_ids: tuple[str, ...] = ()
    children: tuple[str, ...] = ()  # codes of provincias/comunas that have their own page

    @property
    def url(self) -> str:
        """Site-relative URL within a language (directory URLs): ``directorio/x/``."""
        stem = self.path[: -len(".md")]
        if stem.endswith("/index") or stem == "index":
            stem = stem[: -len("index")].rstrip("/")
        return f"{stem}/" if stem else ""

    @property
    def generated(self) -> bool:
        return self.path != f"{BASE}/index.md"


def slugify(text: str) -> str:
    """``"Libertador General Bernardo O'Higgins"`` → ``"libertador-general-bernardo-ohiggins"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def sort_key(text: str) -> str:
    """Order names as a Spanish reader expects: case and accents ignored."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()


def serves_whole_country(resource: Mapping[str, Any]) -> bool:
    return (resource.get("service_area") or {}).get("scope") == "national"


def regions_of(resource: Mapping[str, Any], territories) -> set[str]:
    """Regions whose page lists the entry (never for an entry that serves the whole country)."""
    if serves_whole_country(resource):
        return set()
    found: set[str] = set()
    base = (resource.get("territory") or {}).get("region")
    if base:
        found.add(base)
    area = resource.get("service_area") or {}
    if area.get("scope") == "region" and area.get("region"):
        found.add(area["region"])
    for code in area.get("comunas") or ():
        if code in territories.comunas:
            found.add(territories.comunas[code].region)
    return found


def place_in_region(resource: Mapping[str, Any], region: str, territories) -> tuple[str | None, str | None]:
    """Where the entry sits on a region's page: (provincia, comuna), either may be None.

    The whole region (None, None) when it serves the whole region; else its own comuna when it
    is based in one of this region; else the single comuna of this region it serves; else its
    own provincia; else the single provincia of the comunas it serves here; else (None, None).
    """
    base = resource.get("territory") or {}
    area = resource.get("service_area") or {}
    if area.get("scope") == "region" and area.get("region") == region:
        return None, None  # serves everyone in the region: listed first, for every comuna
    based_here = base.get("region") == region
    if based_here and base.get("comuna") in territories.comunas:
        return territories.comunas[base["comuna"]].provincia, base["comuna"]
    here = []
    if area.get("scope") == "comunas":
        here = [c for c in area.get("comunas") or () if c in territories.comunas and territories.comunas[c].region == region]
    if len(here) == 1:
        return territories.comunas[here[0]].provincia, here[0]
    if based_here and base.get("provincia"):
        return base["provincia"], None
    provincias = {territories.comunas[c].provincia for c in here}
    if len(provincias) == 1:
        return provincias.pop(), None
    return None, None


def served_comunas(resource: Mapping[str, Any], territories) -> set[str] | None:
    """Comunas the entry serves; None when it serves a whole region or the whole country."""
    area = resource.get("service_area") or {}
    if area.get("scope") == "comunas":
        served = set(area.get("comunas") or ())
        base = (resource.get("territory") or {}).get("comuna")
        if base:
            served.add(base)
        return served
    return None


def plan_pages(resources: Iterable[Mapping[str, Any]], territories, *, threshold: int = THRESHOLD) -> list[DirectoryPage]:
    """Every page of the directory, with the ids of the entries each one lists."""
    resources = sorted(resources, key=lambda r: (sort_key(i18n.plain(r.get("name"), DEFAULT_LANGUAGE)), r["id"]))
    pages: list[DirectoryPage] = []

    national = [r["id"] for r in resources if serves_whole_country(r)]
    pages += _parts(DirectoryPage(path=f"{BASE}/index.md", kind="national"), national, threshold)

    by_region: dict[str, list[tuple[str | None, str | None, str]]] = {code: [] for code in territories.regions}
    for resource in resources:
        for region in regions_of(resource, territories):
            if region in by_region:
                provincia, comuna = place_in_region(resource, region, territories)
                by_region[region].append((provincia, comuna, resource["id"]))

    for code in _ordered_regions(territories):
        region = territories.regions[code]
        region_dir = f"{BASE}/{slugify(region.name)}"
        placed = _in_territory_order(by_region[code], territories, region.provincias)
        if len(placed) <= threshold:
            pages += _parts(DirectoryPage(path=f"{region_dir}.md", kind="region", region=code),
                            [i for _, _, i in placed], threshold)
            continue
        # Too long: the region page keeps its region-wide entries and links to each provincia.
        region_wide = [i for p, _, i in placed if p is None]
        with_page = tuple(p for p in region.provincias if any(pp == p for pp, _, _ in placed))
        pages += _parts(DirectoryPage(path=f"{region_dir}.md", kind="region", region=code, children=with_page),
                        region_wide, threshold)
        for prov_code in with_page:
            provincia = territories.provincias[prov_code]
            prov_dir = f"{region_dir}/{slugify(provincia.name)}"
            in_prov = [(p, c, i) for p, c, i in placed if p == prov_code]
            if len(in_prov) <= threshold:
                pages += _parts(DirectoryPage(path=f"{prov_dir}.md", kind="provincia", region=code, provincia=prov_code),
                                [i for _, _, i in in_prov], threshold)
                continue
            prov_wide = [i for _, c, i in in_prov if c is None]
            comunas = tuple(c for c in provincia.comunas if any(cc == c for _, cc, _ in in_prov))
            pages += _parts(DirectoryPage(path=f"{prov_dir}.md", kind="provincia", region=code, provincia=prov_code,
                                          children=comunas), prov_wide, threshold)
            for comuna_code in comunas:
                comuna = territories.comunas[comuna_code]
                pages += _parts(DirectoryPage(path=f"{prov_dir}/{slugify(comuna.name)}.md", kind="comuna", region=code,
                                              provincia=prov_code, comuna=comuna_code),
                                [i for _, c, i in in_prov if c == comuna_code], threshold)
    return pages


def _ordered_regions(territories) -> list[str]:
    return sorted(territories.regions, key=lambda c: (getattr(territories.regions[c], "order", 0), c))


def _in_territory_order(placed, territories, provincias: list[str]):
    """Region-wide first, then provincias in the official order, their comunas alphabetically."""
    prov_rank = {code: n for n, code in enumerate(provincias)}
    comuna_rank: dict[str, int] = {}
    for code in provincias:
        for n, comuna in enumerate(_alphabetical_comunas(territories.provincias[code].comunas, territories)):
            comuna_rank[comuna] = n
    return sorted(placed, key=lambda t: (
        -1 if t[0] is None else prov_rank.get(t[0], 999),
        -1 if t[1] is None else comuna_rank.get(t[1], 999),
    ))  # stable: entries keep their alphabetical order inside each group


def _alphabetical_comunas(codes: Iterable[str], territories) -> list[str]:
    """Comuna codes sorted by name, accents folded (Ñuñoa after Nogales, Ñiquén before Pemuco)."""
    return sorted(codes, key=lambda c: (sort_key(territories.comunas[c].name), c) if c in territories.comunas else ("~", c))


def _parts(page: DirectoryPage, ids: list[str], threshold: int) -> list[DirectoryPage]:
    if len(ids) <= threshold:
        return [replace(page, entry_ids=tuple(ids))]
    chunks = [ids[n : n + threshold] for n in range(0, len(ids), threshold)]
    stem = page.path[: -len(".md")]
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    out = []
    for n, chunk in enumerate(chunks, start=1):
        path = page.path if n == 1 else f"{stem}/pagina-{n}.md"
        out.append(replace(page, path=path, part=n, parts=len(chunks), entry_ids=tuple(chunk)))
    return out




def find_page(pages: list[DirectoryPage], meta: Mapping[str, Any]) -> DirectoryPage | None:
    """The planned page that a page's ``directorio:`` front matter names."""
    wanted = (meta.get("kind", "national"), int(meta.get("part", 1)),
              meta.get("region"), meta.get("provincia"), meta.get("comuna"))
    for page in pages:
        if (page.kind, page.part, page.region, page.provincia, page.comuna) == wanted:
            return page
    return None

"""The directory of support services: which page lists which entry, and what each entry shows.

Plain functions over the validated catalogue (``mitp.catalogue``), the territories
(``mitp.territories``) and the taxonomy (``mitp.taxonomy``); no running MkDocs needed.
``hooks/directory.py`` hands their results to the templates in
``overrides/partials/directory/``. Everything returned here is plain data (strings,
lists, dicts): the markup lives in the templates, which escape every text.

Pages
    ``directorio/index.md``            national page: services for the whole country, the regions
    ``directorio/<region>.md``         one page per region, entries grouped by provincia and comuna
    ``directorio/<region>/<prov>.md``  only when a region page would list more than ``THRESHOLD``
                                        entries: the region page then keeps the region-wide entries
                                        and links to one page per provincia
    ``directorio/<region>/<prov>/<comuna>.md``  the same, one level down, for a large provincia
    ``…/pagina-<n>.md``                any listing still longer than ``THRESHOLD`` continues there

Every page but ``directorio/index.md`` is generated (see ``sync_generated_pages``): it is a
small Markdown file holding front matter and a marker, written into ``docs/<lang>/directorio/``
(git-ignored) only when its text changes, so ``mkdocs serve`` does not rebuild forever.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import quote, urlsplit

from mitp import i18n, phones, ui
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
    resources = sorted(resources, key=lambda r: (sort_key(_text(r.get("name"), DEFAULT_LANGUAGE)), r["id"]))
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


# Generated Markdown files


def page_title(page: DirectoryPage, territories, strings: Mapping[str, str]) -> str:
    if page.kind == "national":
        title = strings["directory_title"]
    elif page.kind == "region":
        title = strings["directory_region_title"].format(name=territories.regions[page.region].name)
    elif page.kind == "provincia":
        title = strings["directory_provincia_title"].format(
            name=territories.provincias[page.provincia].name, region=territories.regions[page.region].name)
    else:
        title = strings["directory_comuna_title"].format(
            name=territories.comunas[page.comuna].name, region=territories.regions[page.region].name)
    if page.parts > 1:
        title += " " + strings["directory_part"].format(part=page.part, parts=page.parts)
    return title


def page_markdown(page: DirectoryPage, territories, strings: Mapping[str, str]) -> str:
    """The small Markdown file of a generated page: front matter, title and the marker."""
    title = page_title(page, territories, strings)
    meta = {"kind": page.kind, "part": page.part}
    for key in ("region", "provincia", "comuna"):
        if getattr(page, key):
            meta[key] = getattr(page, key)
    lines = [
        "---",
        f"title: {_yaml_string(title)}",
        f"description: {_yaml_string(strings['directory_page_description'].format(title=title))}",
        "hide:",
        "  - toc",
        "directorio:",
        *(f"  {k}: {_yaml_string(str(v))}" for k, v in meta.items()),
        "---",
        GENERATED_HEADER,
        "",
        f"# {_markdown_escape(title)}",
        "",
        *_help_today(page, strings),
        MARKER,
        "",
    ]
    return "\n".join(lines)


# The national lines shown first on every region, provincia and comuna page (hooks/channels.py
# fills the marker from data/channels.yaml): a reader is never left with a list of offices only.
TODAY_CHANNELS = "<!-- mitp:canales emergencia,orientacion-victimas,denuncia-anonima -->"


def _help_today(page: DirectoryPage, strings: Mapping[str, str]) -> list[str]:
    if page.kind == "national" or page.part > 1 or "directory_today_heading" not in strings:
        return []
    # Raw HTML: the heading stays out of the page's table of contents, which Material copies
    # into the navigation (region pages stay out of it).
    heading = strings["directory_today_heading"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [f'<h2 id="ayuda-hoy">{heading}</h2>', "",
            _markdown_escape(strings["directory_today_text"]), "", TODAY_CHANNELS, ""]


def sync_generated_pages(docs_dir: Path, pages: list[DirectoryPage], territories,
                         strings_by_language: Mapping[str, Mapping[str, str]]) -> list[Path]:
    """Writes every generated page in every language, only where its text changed
    (``mitp.core.pages``); removes generated files that no page needs any more."""
    wanted = {docs_dir / language / page.path: page_markdown(page, territories, strings)
              for language, strings in strings_by_language.items() for page in pages if page.generated}
    return generated_pages.sync([docs_dir / language / BASE for language in strings_by_language], wanted,
                                GENERATED_HEADER)


_yaml_string = generated_pages.yaml_string


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


# What one entry shows


def entry_view(resource: Mapping[str, Any], *, language: str, territories, taxonomy, today: dt.date,
               report_url: str = "", report_email: str = "") -> dict[str, Any]:
    """Plain data for the template of one entry, in ``language`` (Spanish where missing)."""
    verified = resource.get("last_verified")
    phones = [p for p in (_phone_view(ph, language) for ph in resource.get("phones") or ()) if p]
    emails = [{"href": "mailto:" + e, "text": e} for e in resource.get("emails") or () if _is_email(e)]
    address = None
    if not resource.get("confidential") and resource.get("address"):
        addr = resource["address"]
        comuna = territories.comunas.get(addr.get("comuna") or "")
        address = {"street": addr.get("street") or "", "comuna": comuna.name if comuna else "",
                   "reference": text_in(addr.get("reference"), language)}
    hours = resource.get("hours") or {}
    documents = resource.get("documents") or {}
    source = resource.get("source") or {}
    comunas = served_comunas(resource, territories)
    return {
        "id": resource["id"],
        "name": text_in(resource.get("name"), language),
        "organization": text_in(resource.get("organization"), language),
        "description": text_in(resource.get("description"), language),
        "level": resource.get("level"),
        "area": _area(resource, territories),
        "services": [_label(taxonomy.services, key, language) for key in resource.get("services") or ()],
        "populations": [_label(taxonomy.populations, key, language) for key in resource.get("populations") or ()],
        "languages": [_language_view(taxonomy.languages, code, language) for code in resource.get("languages") or ()],
        "always_open": bool(hours.get("open_24_7")),
        "hours": text_in(hours.get("text"), language),
        "cost": text_in(resource.get("cost"), language),
        "documents_required": documents.get("required"),
        "documents": text_in(documents.get("text"), language),
        "access": resource.get("access"),
        "phones": phones,
        "phone_hours": any(p["hours"] for p in phones),  # hours given per phone line only
        "emails": emails,
        "website": _web_link(resource.get("website")),
        "address": address,
        "confidential": bool(resource.get("confidential")),
        "verified_iso": verified.isoformat() if isinstance(verified, dt.date) else "",
        "verified_text": i18n.format_date(verified, language, ui.strings_for(language)) if isinstance(verified, dt.date) else "",
        "stale": isinstance(verified, dt.date) and is_stale(verified, today=today),
        "source_date_iso": _iso_date(source.get("date")) if isinstance(source, Mapping) else "",
        "source_date_text": _long_date(source.get("date"), language) if isinstance(source, Mapping) else "",
        "confirmed": _confirmed_view(resource.get("confirmed_by"), language),
        "has_contact": bool(phones or emails or _web_link(resource.get("website"))),
        "source": text_in(source if isinstance(source, Mapping) else source, language),
        "source_href": (_web_link(source.get("url")) or {}).get("href") if isinstance(source, Mapping) else None,
        "report_href": report_link(resource["id"], url_template=report_url, email=report_email),
        # Filter data, read by overrides/assets/javascripts/directory.js
        "data_services": " ".join(resource.get("services") or ()),
        "data_populations": " ".join(resource.get("populations") or ()) or WHOLE_AREA,
        "data_languages": " ".join(resource.get("languages") or ()),
        "data_comunas": " ".join(sorted(comunas)) if comunas is not None else WHOLE_AREA,
    }


def _iso_date(value: Any) -> str:
    """``value`` (a date or AAAA-MM-DD text) as AAAA-MM-DD; "" when it is not a date."""
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat() if value else ""
    except ValueError:
        return ""


def _long_date(value: Any, language: str) -> str:
    iso = _iso_date(value)
    return i18n.format_date(dt.date.fromisoformat(iso), language, ui.strings_for(language)) if iso else ""


def _confirmed_view(confirmed: Any, language: str) -> dict[str, Any] | None:
    """Who confirmed the entry and when (``confirmed_by``); None when no institution did."""
    if not isinstance(confirmed, Mapping) or not _iso_date(confirmed.get("date")):
        return None
    institution = text_in(confirmed.get("institution"), language)
    if not institution:
        return None
    return {"by": institution, "iso": _iso_date(confirmed["date"]), "text": _long_date(confirmed["date"], language)}


def text_in(value: Any, language: str) -> dict[str, str] | None:
    """A text in ``language`` (Spanish where missing): ``{"text", "lang"}`` (``mitp.i18n``)."""
    return i18n.text_in(value, language)


def _text(value: Any, language: str) -> str:
    found = text_in(value, language)
    return found["text"] if found else ""


def _label(labels: Mapping[str, Mapping[str, str]], key: str, language: str) -> dict[str, str]:
    return text_in(labels.get(key), language) or {"text": key, "lang": ""}


def _language_view(languages: Mapping[str, Mapping[str, str]], code: str, language: str) -> dict[str, Any]:
    """A spoken language named in the page language, with its own name when that differs."""
    entry = languages.get(code) or {}
    label = text_in({k: v for k, v in entry.items() if k != "native"}, language) or {"text": code, "lang": ""}
    native = entry.get("native")
    show_native = bool(native) and code != language and sort_key(native) != sort_key(label["text"])
    return {"code": WRITTEN_IN.get(code, code), "label": label, "native": native if show_native else None}


def _area(resource: Mapping[str, Any], territories) -> dict[str, Any]:
    """Where the entry serves people: ``{"scope": national|region|comunas, "names": [...]}``."""
    area = resource.get("service_area") or {}
    scope = area.get("scope") or "national"
    if scope == "region":
        region = territories.regions.get(area.get("region") or "")
        return {"scope": scope, "names": [region.name] if region else []}
    if scope == "comunas":
        return {"scope": scope, "names": [territories.comunas[c].name for c in area.get("comunas") or ()
                                          if c in territories.comunas]}
    return {"scope": "national", "names": []}


def is_stale(verified: dt.date, *, today: dt.date) -> bool:
    """True when the entry was last verified more than 12 months before ``today``."""
    try:
        limit = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - 1, day=28)
    return verified < limit


# Links: only https/http, mailto and tel ever become links


def _web_link(url: Any) -> dict[str, str] | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    text = parts.netloc + (parts.path if parts.path not in ("", "/") else "")
    if parts.query:
        text += "?" + parts.query
    return {"href": url.strip(), "text": text}


def _is_email(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[^@\s<>\"'()]+", value) is not None


def _phone_view(phone: Mapping[str, Any], language: str) -> dict[str, Any] | None:
    """One phone line, shown and dialled by the site's one phone rule (``mitp.phones``)."""
    try:
        parsed = phones.parse(str(phone.get("number") or ""))
    except ValueError:
        return None
    kind = phone.get("type") or "voice"
    view = {"type": kind, "href": parsed.tel, "text": parsed.display, "hours": text_in(phone.get("hours"), language),
            "description": text_in(phone.get("description"), language)}
    if kind == "whatsapp":
        view["href"] = "https://wa.me/" + parsed.number.lstrip("+")
    elif kind == "sms":
        view["href"] = "sms:" + parsed.number
    return view


# The repository's issue form for a wrong entry (.github/ISSUE_TEMPLATE/error-en-recurso.md).
ISSUE_TEMPLATE = "error-en-recurso.md"
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def report_url_template(configured: str, environ: Mapping[str, str]) -> str:
    """Where "report an error in this entry" leads, ``{id}`` standing for the entry's id.

    ``extra.catalogue_report_url`` when set; else, when the site is built by GitHub Actions (the
    workflow that publishes it), the issue form of that repository, from the variables GitHub
    sets (``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY``); else "" (no link).
    """
    if configured:
        return configured
    server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository = environ.get("GITHUB_REPOSITORY", "")
    if not server.startswith("https://") or not _REPOSITORY.fullmatch(repository):
        return ""
    return (f"{server}/{repository}/issues/new?template={ISSUE_TEMPLATE}"
            "&title=Error%20en%20el%20recurso%3A%20{id}")


def report_link(entry_id: str, *, url_template: str = "", email: str = "") -> str | None:
    """The "report an error in this entry" link, naming the entry's id; None when none is set up.

    A ``mailto:`` to the coordinating institution's address when one is given, else the issue
    template URL of ``extra.catalogue_report_url`` with ``{id}`` replaced, else nothing.
    """
    subject = f"Error en el recurso: {entry_id}"  # as .github/ISSUE_TEMPLATE/error-en-recurso.md
    if email and _is_email(email):
        body = (f"Identificador de la entrada (id): {entry_id}\n\n"  # the fields of the issue template
                "Qué dato está mal:\n\nCuál es el dato correcto:\n\nFuente pública del dato correcto:\n\n"
                "(No escribas datos personales tuyos ni de otras personas, ni detalles de un caso.)\n")
        return f"mailto:{email}?subject={quote(subject)}&body={quote(body)}"
    if url_template:
        if urlsplit(url_template).scheme not in ("https", "http"):
            return None
        if "{id}" in url_template:
            return url_template.replace("{id}", quote(entry_id, safe=""))
        return url_template + quote(subject, safe="")
    return None


# Filters and groups of a listing page


def filter_options(views: list[dict[str, Any]], *, taxonomy, territories, language: str,
                   comunas_in_scope: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Options of each filter: only values that some entry of the page has (none if only one)."""
    used_services = {k for v in views for k in v["data_services"].split()}
    used_populations = {k for v in views for k in v["data_populations"].split() if k != WHOLE_AREA}
    used_languages = {k for v in views for k in v["data_languages"].split()}
    used_comunas = {k for v in views for k in v["data_comunas"].split() if k != WHOLE_AREA}
    options: dict[str, list[dict[str, Any]]] = {
        "services": [{"value": k, "label": _label(taxonomy.services, k, language)} for k in taxonomy.services if k in used_services],
        "populations": [{"value": k, "label": _label(taxonomy.populations, k, language)} for k in taxonomy.populations if k in used_populations],
        "languages": sorted(
            ({"value": k, "label": _language_view(taxonomy.languages, k, language)["label"]} for k in used_languages),
            key=lambda o: (o["value"] != language, sort_key(o["label"]["text"])),
        ),
        "comunas": [],
    }
    if used_comunas:
        options["comunas"] = [{"value": c, "label": {"text": territories.comunas[c].name, "lang": ""}}
                              for c in _alphabetical_comunas(comunas_in_scope, territories) if c in territories.comunas]
    # A list with a single choice filters nothing: leave it out.
    return {name: values if len(values) > 1 else [] for name, values in options.items()}


def comunas_in_scope(page: DirectoryPage, territories) -> list[str]:
    if page.comuna:
        return [page.comuna]
    if page.provincia:
        return list(territories.provincias[page.provincia].comunas)
    if page.region:
        return [c for p in territories.regions[page.region].provincias for c in territories.provincias[p].comunas]
    return []


def grouped(page: DirectoryPage, resources_by_id: Mapping[str, Mapping[str, Any]], views: Mapping[str, dict],
            territories) -> list[dict[str, Any]]:
    """The page's entries in sections: area-wide first, then provincia → comuna.

    Each section: ``{"id", "kind", "name", "entries": [...], "sections": [...]}``; ``kind`` is
    ``country``, ``<area>_wide`` (serves the whole region/provincia/comuna), ``<area>_several``
    (serves several of its comunas), ``provincia`` or ``comuna``. Empty sections are left out.
    """
    def section(id_: str, kind: str, name: str = "") -> dict[str, Any]:
        return {"id": id_, "kind": kind, "name": name, "entries": [], "sections": []}

    def several(entry_id: str) -> bool:
        return (resources_by_id[entry_id].get("service_area") or {}).get("scope") == "comunas"

    if page.kind == "national":
        country = section("todo-el-pais", "country")
        country["entries"] = [views[i] for i in page.entry_ids]
        return _by_name([country])
    area_id = {"region": "toda-la-region", "provincia": "toda-la-provincia"}.get(page.kind, "en-la-comuna")
    wide, varied = section(area_id, f"{page.kind}_wide"), section(f"{area_id}-varias", f"{page.kind}_several")
    provs: dict[str, dict[str, Any]] = {}  # provincia code → its section, with wide/several holders
    comunas: dict[str, dict[str, Any]] = {}
    top: list[dict[str, Any]] = []
    for entry_id in page.entry_ids:
        provincia, comuna = place_in_region(resources_by_id[entry_id], page.region, territories)
        if page.kind == "comuna":
            wide["entries"].append(views[entry_id])
            continue
        if (page.kind == "provincia" and comuna is None) or (page.kind == "region" and provincia is None):
            (varied if several(entry_id) else wide)["entries"].append(views[entry_id])
            continue
        parent = None
        if page.kind == "region":
            if provincia not in provs:
                provs[provincia] = section(f"provincia-{provincia}", "provincia", territories.provincias[provincia].name)
                provs[provincia]["wide"] = section(f"provincia-{provincia}-toda", "provincia_wide")
                provs[provincia]["several"] = section(f"provincia-{provincia}-varias", "provincia_several")
                top.append(provs[provincia])
            parent = provs[provincia]
            if comuna is None:
                parent["several" if several(entry_id) else "wide"]["entries"].append(views[entry_id])
                continue
        if comuna not in comunas:
            comunas[comuna] = section(f"comuna-{comuna}", "comuna", territories.comunas[comuna].name)
            (parent["sections"] if parent is not None else top).append(comunas[comuna])
        comunas[comuna]["entries"].append(views[entry_id])
    for prov in provs.values():
        prov["sections"] = [s for s in (prov.pop("wide"), prov.pop("several")) if s["entries"]] + prov["sections"]
    return _by_name([s for s in (wide, varied) if s["entries"]] + top)


def _by_name(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries of every section sorted by their name in the page's language (accents folded)."""
    for s in sections:
        s["entries"].sort(key=lambda v: (sort_key((v.get("name") or {}).get("text", "")), v["id"]))
        _by_name(s["sections"])
    return sections


# One page, as the template wants it


def find_page(pages: list[DirectoryPage], meta: Mapping[str, Any]) -> DirectoryPage | None:
    """The planned page that a page's ``directorio:`` front matter names."""
    wanted = (meta.get("kind", "national"), int(meta.get("part", 1)),
              meta.get("region"), meta.get("provincia"), meta.get("comuna"))
    for page in pages:
        if (page.kind, page.part, page.region, page.provincia, page.comuna) == wanted:
            return page
    return None


def relative_url(target: str, current: str) -> str:
    """``target`` as linked from the page at ``current`` (both from the site root, "" = home)."""
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    return rel + "/" if (target.endswith("/") or not target) and not rel.endswith("/") else rel


def page_data(page: DirectoryPage, *, pages: list[DirectoryPage], resources_by_id: Mapping[str, Mapping[str, Any]],
              views: Mapping[str, dict], territories, taxonomy, language: str, page_url: str,
              open_data: Iterable[str] = (), site_url: str = "") -> dict[str, Any]:
    """Everything overrides/partials/directory/page.html needs for one page, links included.

    ``page_url`` is the URL of the page being built (``en/directorio/`` …); ``open_data`` the
    site-root paths of the open-data files that the national page links to; ``site_url`` the
    site's public address, printed on paper copies.
    """
    prefix = i18n.prefix(language)

    def href(target: DirectoryPage | str | None, anchor: str = "") -> str:
        url = target if isinstance(target, str) else prefix + target.url
        return relative_url(url, page_url) + (f"#{anchor}" if anchor else "")

    def first(**match) -> DirectoryPage | None:
        return next((p for p in pages if p.part == 1 and all(getattr(p, k) == v for k, v in match.items())), None)

    def count(**match) -> int:
        return len({i for p in pages if all(getattr(p, k) == v for k, v in match.items()) for i in p.entry_ids})

    national = first(kind="national")
    data: dict[str, Any] = {
        "kind": page.kind,
        "language": language,
        "total": len(page.entry_ids),
        "sections": grouped(page, resources_by_id, views, territories),
        "filters": filter_options([views[i] for i in page.entry_ids], taxonomy=taxonomy, territories=territories,
                                  language=language, comunas_in_scope=comunas_in_scope(page, territories)),
        "national_href": href(national, "todo-el-pais"),
        "national_count": count(kind="national"),
        "breadcrumbs": [],
        "children": [],
        "regions": [],
        "open_data": [],
        "parts": [],
        "address": _absolute(site_url, page_url),
        "national_address": _absolute(site_url, prefix + national.url + "#todo-el-pais") if national else "",
    }
    if page.region:
        data["breadcrumbs"].append({"kind": "national", "name": "", "href": href(national)})
    if page.kind in ("provincia", "comuna"):
        data["breadcrumbs"].append({"kind": "region", "name": territories.regions[page.region].name,
                                    "href": href(first(kind="region", region=page.region))})
    if page.kind == "comuna":
        data["breadcrumbs"].append({"kind": "provincia", "name": territories.provincias[page.provincia].name,
                                    "href": href(first(kind="provincia", provincia=page.provincia))})
    children = page.children if page.kind == "region" else _alphabetical_comunas(page.children, territories)
    for code in children:
        if page.kind == "region":
            child = first(kind="provincia", provincia=code)
            data["children"].append({
                "name": territories.provincias[code].name, "href": href(child),
                "count": count(kind="provincia", provincia=code) + count(kind="comuna", provincia=code),
                "comunas": [{"name": territories.comunas[c].name, "href": href(first(kind="comuna", comuna=c))}
                            for c in _alphabetical_comunas(child.children, territories)],
            })
        else:
            data["children"].append({"name": territories.comunas[code].name,
                                      "href": href(first(kind="comuna", comuna=code)),
                                      "count": count(kind="comuna", comuna=code), "comunas": []})
    if page.kind == "national":
        data["regions"] = [{"name": territories.regions[code].name, "href": href(first(kind="region", region=code)),
                            "count": count(region=code)} for code in _ordered_regions(territories)]
        data["open_data"] = [{"name": posixpath.basename(path), "key": _OPEN_DATA_KEYS.get(posixpath.basename(path), ""),
                              "href": href(path)} for path in open_data]
    if page.parts > 1:
        data["parts"] = [{"number": p.part, "href": href(p), "current": p.part == page.part} for p in pages
                         if (p.kind, p.region, p.provincia, p.comuna) == (page.kind, page.region, page.provincia, page.comuna)]
    return data


def _absolute(site_url: str, url: str) -> str:
    """The public address of a site URL, for paper copies; "" when the site has none."""
    return site_url.rstrip("/") + "/" + url if _web_link(site_url) else ""


# Key of each open-data file's description in data/ui.yaml (directory_open_data_<key>).
_OPEN_DATA_KEYS = {"resources.json": "json", "resources.csv": "csv", "datapackage.json": "package"}


# Open data (declared in mitp/registry.py OUTPUTS, written under /datos/ once per build)

OPEN_DATA_DIR = "datos"


def open_data(context) -> dict[str, bytes]:
    """The open-data files of the catalogue the site is built from (``mitp.exports``)."""
    from mitp import exports
    from mitp.catalogue import load_catalogue
    from mitp.taxonomy import load_taxonomy
    from mitp.territories import load_territories

    catalogue = load_catalogue(root=context.root)
    files = exports.build_all(catalogue, load_territories(), load_taxonomy(), languages=context.languages,
                              site_url=context.site_url)
    return {f"{OPEN_DATA_DIR}/{name}": content for name, content in files.items()}

"""One listing page as the template wants it: filters, groups, links."""
from __future__ import annotations

import posixpath
from typing import Any, Iterable, Mapping

from mitp import i18n, ui
from mitp.directory.plan import DirectoryPage, WHOLE_AREA, _alphabetical_comunas, _ordered_regions, place_in_region, sort_key
from mitp.directory.views import _label, _language_view, _web_link, is_coordination


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
        # A region whose only entries coordinate institutions (its Mesa Regional): said in plain words.
        "no_local_service": page.kind == "region" and page.part == 1 and not any(
            not is_coordination(resources_by_id[i]) for i in page.entry_ids if i in resources_by_id),
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

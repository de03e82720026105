"""What the materials page shows, as plain data with ready links (no MkDocs, no HTML)."""
from __future__ import annotations

import posixpath

from babel.dates import format_date

from mitp.materials import outputs
from mitp.materials.data import text

_FORMAT_KEYS = {
    "cuadrado": "materials_dl_square", "historia": "materials_dl_story", "enlace": "materials_dl_link",
    "a4": "materials_dl_a4", "carta": "materials_dl_letter", "fuente": "materials_dl_svg", "kit": "materials_dl_kit",
}


def relative(target: str, page_url: str) -> str:
    """Link from a page (its directory URL, e.g. ``en/materiales/``) to a file under site_dir."""
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
    return posixpath.relpath(target, base or ".")


def pieces_view(pieces: list[dict], result: outputs.Result, *, language: str, strings: dict[str, str],
                page_url: str, territories, site_url: str, ctx) -> list[dict]:
    views = []
    for piece in pieces:
        key = (piece["id"], language)
        if key not in result.downloads:
            continue
        downloads, regions = [], {}
        for d in result.downloads[key]:
            item = {"href": relative(d.path, page_url),
                    "label": strings[_FORMAT_KEYS[d.format]] if d.format in _FORMAT_KEYS else d.path.rsplit("/", 1)[1],
                    "lang": d.language if d.language != language else None,
                    "size": outputs.size_text(len(result.files[d.path]), language),
                    "type": d.kind.upper()}
            if d.region:
                regions.setdefault(d.region, []).append(item)
            else:
                downloads.append(item)
        region_rows = [{"name": r["name"], "url": r["url"], "files": regions[r["code"]]}
                       for r in outputs.region_pages(territories, site_url, language, strings) if r["code"] in regions]
        preview = result.previews.get(key)
        views.append({
            "id": piece["id"],
            "title": text(piece["title"], language),
            "description": text(piece["description"], language),
            "kind": strings[f"materials_kind_{piece['kind']}"],
            "date": format_date(piece["date"], "long", locale=language),
            "institution": text(piece["institution"], language),
            "licence": text(outputs.LICENCES[piece["licence"]], language),
            "alt": text(piece["alt"], language),
            "words": result.words[key],
            "post": outputs.post_text(piece, ctx),
            "preview": {"src": relative(preview[0], page_url), "width": preview[1], "height": preview[2]} if preview else None,
            "downloads": downloads,
            "regions": region_rows,
            "plan_action": piece.get("plan_action"),
            "page": relative(f"{'' if language == 'es' else language + '/'}{piece['document']['page']}/", page_url)
                    if piece.get("document") else None,
        })
    return views

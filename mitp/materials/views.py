"""What the materials page shows, as plain data with ready links (no MkDocs, no HTML)."""
from __future__ import annotations

import posixpath

from mitp import i18n
from mitp.materials import outputs
from mitp.materials.data import DEFAULT_LANGUAGE, ROOT, review_pending, text

_FORMAT_KEYS = {
    "cuadrado": "materials_dl_square", "historia": "materials_dl_story", "enlace": "materials_dl_link",
    "a4": "materials_dl_a4", "carta": "materials_dl_letter", "imprenta": "materials_dl_print", "fuente": "materials_dl_svg", "kit": "materials_dl_kit",
}


def relative(target: str, page_url: str) -> str:
    """Link from a page (its directory URL, e.g. ``en/materiales/``) to a file under site_dir."""
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
    return posixpath.relpath(target, base or ".")


def pieces_view(pieces: list[dict], result: outputs.Result, *, language: str, strings: dict[str, str],
                page_url: str, territories, site_url: str, ctxs: dict, root=ROOT) -> list[dict]:
    """Each piece in ``language``; a piece not written in it (no Kreyòl texts yet) is shown with
    its Spanish texts and files, each marked ``lang="es"``."""
    views = []
    for piece in pieces:
        key = (piece["id"], language)
        if key not in result.downloads:
            key = (piece["id"], DEFAULT_LANGUAGE)
        if key not in result.downloads:
            continue
        shown = key[1]
        ctx = ctxs[shown]
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
                       for r in outputs.region_pages(territories, site_url, shown, ctx.strings) if r["code"] in regions]
        preview = result.previews.get(key)
        views.append({
            "id": piece["id"],
            "title": text(piece["title"], language),
            "description": text(piece["description"], language),
            "kind": strings[f"materials_kind_{piece['kind']}"],
            "date": i18n.format_date(piece["date"], language, strings),
            "institution": text(piece["institution"], language),
            "licence": {"text": outputs.licence_text(piece["licence"], strings,
                                                     text(piece["institution"], language)["text"]), "lang": language},
            "alt": text(piece["alt"], language),
            "words": result.words[key],
            "words_lang": shown,
            "post": outputs.post_text(piece, ctx),
            "post_lang": shown,
            "review_pending": review_pending(piece, shown, root),
            "preview": {"src": relative(preview[0], page_url), "width": preview[1], "height": preview[2]} if preview else None,
            "downloads": downloads,
            "regions": region_rows,
            "plan_action": piece.get("plan_action"),
            "page": relative(f"{'' if language == 'es' else language + '/'}{piece['document']['page']}/", page_url)
                    if piece.get("document") else None,
        })
    return views

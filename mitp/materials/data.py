"""``data/materials.yaml``: the declaration of the file, the checks a schema cannot say, the texts of a piece.

Declared once in the registry (``FILE``, listed in ``mitp/registry.py``): ``mitp validate
materials``, the build and the tests read it the same way, and every problem is Spanish and
names file:line:col and the field. ``MITP_MATERIALS`` points the build at another file.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from mitp.core.datafile import DataFile, load
from mitp.problems import DataFileError

ROOT = Path(__file__).resolve().parent.parent.parent
# Languages every piece must be written in (the site's built languages). Kreyòl (ht) joins
# when its pages exist; the schema already accepts an `ht` key in every text.
LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
PLACEHOLDER = re.compile(r"\{canal:([a-z0-9-]+)\}")
# Largest file a piece may keep in the repository (materials/<id>/…): see CONTRIBUTING.md.
MAX_FILE_BYTES = 2 * 1024 * 1024
MaterialsError = DataFileError


def _records(data: dict) -> list[dict]:
    pieces = data["pieces"]
    for piece in pieces:
        piece["date"] = date.fromisoformat(piece["date"])
    return pieces


def _channel_ids() -> set[str]:
    from mitp import channels
    return {c["id"] for c in channels.load_channels()}


def _checks(c) -> None:
    """What the schema cannot say; looks only at values of the right type (the schema reports the rest)."""
    pieces = c.data.get("pieces") if isinstance(c.data, dict) else None
    if not isinstance(pieces, list):
        return
    channel_ids = _channel_ids()
    shown = Path(c.document.path)
    project = (shown if shown.is_absolute() else ROOT / shown).resolve().parent.parent
    seen: dict[str, int] = {}
    for index, piece in enumerate(pieces):
        if not isinstance(piece, dict):
            continue
        here = ("pieces", index)
        piece_id = piece.get("id")
        if isinstance(piece_id, str):
            if piece_id in seen:
                c.error(here + ("id",), f"id repetido '{piece_id}' (ya lo usa la pieza n.º {seen[piece_id] + 1}); "
                                        "cada pieza necesita un id único")
            seen.setdefault(piece_id, index)
        if isinstance(piece.get("date"), str):
            try:
                date.fromisoformat(piece["date"])
            except ValueError:
                c.error(here + ("date",), f"'{piece['date']}' no es una fecha válida; usa AAAA-MM-DD, p. ej. 2026-07-30")
        where = "design" if "design" in piece else "document"
        design = piece.get(where)
        if isinstance(design, dict):
            page = design.get("page")
            if isinstance(page, str):
                for language in LANGUAGES:
                    if not (ROOT / "docs" / language / f"{page}.md").exists():
                        c.error(here + (where, "page"),
                                f"no existe la página docs/{language}/{page}.md de donde deben venir las palabras "
                                "de la pieza; nombra una página del sitio (sin .md)")
            if "heading" not in design:
                continue
            texts = [(("design", "heading"), design.get("heading"))]
            texts += [(("design", "points", n), point) for n, point in enumerate(design.get("points") or [])]
            for parts, value in texts:
                for language, words in (value.items() if isinstance(value, dict) else ()):
                    for name in PLACEHOLDER.findall(words if isinstance(words, str) else ""):
                        if name not in channel_ids:
                            c.error(here + parts + (language,),
                                    f"'{{canal:{name}}}' no es un canal de data/channels.yaml; los ids válidos "
                                    f"son: {', '.join(sorted(channel_ids))}")
        if piece.get("files") and not piece.get("image_text") and any(
                isinstance(f, dict) and str(f.get("path", "")).endswith((".png", ".jpg", ".svg"))
                for f in piece["files"]):
            c.error(here, "una pieza con imágenes necesita 'image_text': todas las palabras que aparecen en la "
                          "imagen, en español y en inglés (la página las muestra junto a la imagen)")
        for n, file in enumerate(piece.get("files") or ()):
            if not isinstance(file, dict) or not isinstance(file.get("path"), str):
                continue
            target = project / file["path"]
            if not target.is_file():
                c.error(here + ("files", n, "path"), f"no existe el archivo {file['path']}")
            elif target.stat().st_size > MAX_FILE_BYTES:
                c.error(here + ("files", n, "path"),
                        f"{file['path']} pesa {target.stat().st_size // 1024} KB; el máximo es "
                        f"{MAX_FILE_BYTES // 1024} KB (ver CONTRIBUTING.md, archivos grandes)")


FILE = DataFile(
    name="materials", path="data/materials.yaml", schema="schemas/materials.schema.json",
    title="la biblioteca de materiales", records=_records, checks=_checks,
)


def load_materials(path: Path | None = None, *, root: Path | None = None) -> list[dict]:
    """The validated pieces, in file order; raises DataFileError (MaterialsError) listing every problem."""
    return load(FILE, path=path, root=root).records


def text(value: dict | None, language: str) -> dict | None:
    """``{"text", "lang"}`` in ``language``, else Spanish (the i18n module's shape)."""
    if not value:
        return None
    if language in value:
        return {"text": value[language], "lang": language}
    return {"text": value[DEFAULT_LANGUAGE], "lang": DEFAULT_LANGUAGE}


def fill(value: str, numbers: dict[str, str]) -> str:
    """'{canal:ID}' replaced by the channel's number as written (``numbers``: id → display)."""
    return PLACEHOLDER.sub(lambda m: numbers[m.group(1)], value)

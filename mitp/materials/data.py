"""``data/materials.yaml``: the declaration of the file, the checks a schema cannot say, the texts of a piece.

Declared once in the registry (``FILE``, listed in ``mitp/registry.py``): ``mitp validate
materials``, the build and the tests read it the same way, and every problem is Spanish and
names file:line:col and the field. ``MITP_MATERIALS`` points the build at another file.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from mitp import i18n
from mitp.core import files
from mitp.core.datafile import DataFile, load
from mitp.problems import DataFileError

ROOT = Path(__file__).resolve().parent.parent.parent
# The site's built languages (mkdocs.yml), Spanish first.
LANGUAGES = tuple(i18n.configured_languages(ROOT))
# Every piece is written in these (the schema says so); in the site's other languages (Kreyòl)
# a piece is either whole (all its texts, and the page its words come from) or absent, and the
# page of that language then lists its Spanish version, marked lang="es".
REQUIRED = ("es", "en")
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


def _texts(piece: dict) -> list[tuple[tuple, object]]:
    """(field path, multilingual value) of every text a piece shows or draws."""
    found = [((name,), piece.get(name)) for name in ("title", "description", "alt")]
    if "image_text" in piece:
        found.append((("image_text",), piece["image_text"]))
    design = piece.get("design")
    if isinstance(design, dict):
        found.append((("design", "heading"), design.get("heading")))
        found += [(("design", "points", n), point) for n, point in enumerate(design.get("points") or [])]
    return found


def page_of(piece: dict) -> str | None:
    """The site page a piece's words come from (design) or that it prints (document)."""
    for where in ("design", "document"):
        if isinstance(piece.get(where), dict) and isinstance(piece[where].get("page"), str):
            return piece[where]["page"]
    return None


def piece_languages(piece: dict, root: Path = ROOT, languages: tuple[str, ...] | list[str] = LANGUAGES) -> list[str]:
    """The languages ``piece`` is drawn and listed in: the required ones, and every other site
    language in which all its texts exist (and the page its words come from)."""
    page = page_of(piece)
    out = []
    for language in languages:
        whole = all(isinstance(value, dict) and language in value for _, value in _texts(piece))
        if language in REQUIRED or (whole and (page is None or (root / "docs" / language / f"{page}.md").exists())):
            out.append(language)
    return out


def review_pending(piece: dict, language: str, root: Path = ROOT) -> bool:
    """Whether the words of ``piece`` in ``language`` come from a translated page that a native
    speaker has not reviewed yet (its front matter says so): the page and the kit then say it."""
    page = page_of(piece)
    if i18n.is_default(language) or page is None or not (root / "docs" / language / f"{page}.md").exists():
        return False
    from mitp import translations
    return translations.page_status(root / "docs", language, f"{page}.md").review == translations.PENDING


def _check_languages(c, here: tuple, piece: dict, project: Path) -> list[str]:
    """A piece in an optional language has all its texts in it, or none; returns its languages."""
    texts = _texts(piece)
    languages = list(REQUIRED)
    for language in i18n.configured_languages(project):
        if language in REQUIRED:
            continue
        present = [parts for parts, value in texts if isinstance(value, dict) and language in value]
        if not present:
            continue
        name = i18n.record(language, project).name_es
        for parts, value in texts:
            if isinstance(value, dict) and language not in value:
                c.error(here + parts, f"falta el texto en {name} ('{language}'): la pieza tiene otros textos en "
                                      f"{name}, y en ese idioma necesita todos (título, descripción, alt y cada "
                                      f"frase) o ninguno (entonces la página en {name} muestra la versión en español)")
        languages.append(language)
    return languages


def _check_references(c, here: tuple, piece: dict) -> None:
    """The campaign and the Plan action a piece names exist (else: the list of valid ones)."""
    from mitp.campaigns import data as campaigns_data
    from mitp.core.datafile import load as load_file
    from mitp.plan import data as plan_data

    campaign = piece.get("campaign")
    if isinstance(campaign, str):
        try:
            ids = sorted(c_["id"] for c_ in load_file(campaigns_data.CAMPAIGNS, today=c.today).records)
        except DataFileError:
            ids = None   # data/campaigns.yaml has its own messages
        if ids is not None and campaign not in ids:
            c.error(here + ("campaign",), f"la campaña '{campaign}' no existe en data/campaigns.yaml; las válidas "
                                          f"son: {', '.join(ids) or '(ninguna todavía)'}")
    action = piece.get("plan_action")
    match = re.fullmatch(r"eje ([0-9]+), acción ([0-9]+\.[0-9]+)", action) if isinstance(action, str) else None
    if match:
        try:
            keys = list(load_file(plan_data.FILE, today=c.today).records["actions"])
        except DataFileError:
            return   # data/plan/plan.yaml has its own messages
        key = f"{match.group(1)}-{match.group(2)}"
        if key not in keys:
            axis = [k.split("-", 1)[1] for k in keys if k.startswith(match.group(1) + "-")]
            valid = f"las del eje {match.group(1)} son: {', '.join(axis)}" if axis else \
                f"los ejes válidos son: {', '.join(sorted({k.split('-')[0] for k in keys}))}"
            c.error(here + ("plan_action",), f"la acción {match.group(2)} del eje {match.group(1)} no existe en el "
                                             f"Plan (data/plan/plan.yaml); {valid}")


def _checks(c) -> None:
    """What the schema cannot say; looks only at values of the right type (the schema reports the rest)."""
    pieces = c.data.get("pieces") if isinstance(c.data, dict) else None
    if not isinstance(pieces, list):
        return
    channel_ids = _channel_ids()
    shown = Path(c.document.path)
    project = (shown if shown.is_absolute() else ROOT / shown).resolve().parent.parent
    # A file outside a project (a test's copy) is checked against this checkout's pages.
    site = project if (project / "mkdocs.yml").is_file() else ROOT
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
        _check_references(c, here, piece)
        languages = _check_languages(c, here, piece, site)
        where = "design" if "design" in piece else "document"
        design = piece.get(where)
        if isinstance(design, dict):
            page = design.get("page")
            if isinstance(page, str):
                for language in languages:
                    if not (site / "docs" / language / f"{page}.md").exists():
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
                          "imagen, en español, en inglés y en cada idioma en que se publica (la página las muestra "
                          "junto a la imagen)")
        for n, file in enumerate(piece.get("files") or ()):
            if not isinstance(file, dict) or not isinstance(file.get("path"), str):
                continue
            try:
                target = files.confined(project, file["path"], "materials")
            except files.UnsafeFileError as exc:
                c.error(here + ("files", n, "path"), str(exc))
                continue
            if not target.is_file():
                c.error(here + ("files", n, "path"), f"no existe el archivo {file['path']}")
            elif target.stat().st_size > MAX_FILE_BYTES:
                c.error(here + ("files", n, "path"),
                        f"{file['path']} pesa {target.stat().st_size // 1024} KB; el máximo es "
                        f"{MAX_FILE_BYTES // 1024} KB (ver CONTRIBUTING.md, archivos grandes)")
            else:
                problem = files.content_problem(target, file["path"])
                if problem:
                    c.error(here + ("files", n, "path"), problem)


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

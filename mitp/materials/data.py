"""``data/materials.yaml``: loading, the checks a schema cannot say, and the texts of a piece.

Same bricks as the other data files (strict YAML with positions, the JSON Schema in
``schemas/``); every problem is Spanish and names file:line:col and the field. When the shared
registry (``mitp/core/``) lands, ``FILE`` below becomes its ``DataFile`` declaration.
"""
from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# MITP_MATERIALS points the build at another file (tests, previews of a proposed change).
MATERIALS_FILE = Path(os.environ.get("MITP_MATERIALS") or ROOT / "data" / "materials.yaml")
SCHEMA_FILE = ROOT / "schemas" / "materials.schema.json"
DOCS = ROOT / "docs"
# Languages every piece must be written in (the site's built languages). Kreyòl (ht) joins
# when its pages exist; the schema already accepts an `ht` key in every text.
LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
PLACEHOLDER = re.compile(r"\{canal:([a-z0-9-]+)\}")
# Largest file a piece may keep in the repository (materials/<id>/…): see CONTRIBUTING.md.
MAX_FILE_BYTES = 2 * 1024 * 1024

FILE = {"name": "materials", "path": "data/materials.yaml", "schema": "schemas/materials.schema.json"}


class MaterialsError(ValueError):
    """data/materials.yaml is invalid; ``problems`` lists every problem (``str()`` one per line)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def load_materials(path: Path | None = None, *, channel_ids: set[str] | None = None,
                   root: Path = ROOT) -> list[dict]:
    """The validated pieces, in file order; raises MaterialsError listing every problem.

    ``channel_ids``: the ids of data/channels.yaml that '{canal:ID}' may name (None: read them).
    """
    from mitp import validation, yamlload

    path = Path(path or os.environ.get("MITP_MATERIALS") or MATERIALS_FILE)
    try:
        document = yamlload.load_file(path, dates=False)
    except yamlload.YAMLLoadError as exc:
        raise MaterialsError(exc.problems) from None
    problems = validation.schema_problems(document, validation.load_validator(SCHEMA_FILE))
    if not problems:
        if channel_ids is None:
            from mitp import channels
            channel_ids = {c["id"] for c in channels.load_channels()}
        problems = _problems(document, channel_ids, root)
    if problems:
        raise MaterialsError(problems)
    pieces = document.data["pieces"]
    for piece in pieces:
        piece["date"] = date.fromisoformat(piece["date"])
    return pieces


def _problems(document, channel_ids: set[str], root: Path) -> list:
    from mitp.validation import make_problem

    problems = []
    seen: dict[str, int] = {}
    for index, piece in enumerate(document.data["pieces"]):
        here = ("pieces", index)
        if piece["id"] in seen:
            problems.append(make_problem(
                document, here + ("id",),
                f"id repetido '{piece['id']}' (ya lo usa la pieza n.º {seen[piece['id']] + 1}); "
                "cada pieza necesita un id único"))
        seen.setdefault(piece["id"], index)
        try:
            date.fromisoformat(piece["date"])
        except ValueError:
            problems.append(make_problem(document, here + ("date",),
                                         f"'{piece['date']}' no es una fecha válida; usa AAAA-MM-DD, p. ej. 2026-07-30"))
        design = piece.get("design")
        if design:
            for language in LANGUAGES:
                if not (root / "docs" / language / f"{design['page']}.md").exists():
                    problems.append(make_problem(
                        document, here + ("design", "page"),
                        f"no existe la página docs/{language}/{design['page']}.md de donde deben venir "
                        "las palabras de la pieza; nombra una página del sitio (sin .md)"))
            texts = [(("design", "heading"), design["heading"])]
            texts += [(("design", "points", n), point) for n, point in enumerate(design["points"])]
            for parts, text in texts:
                for language, value in text.items():
                    for name in PLACEHOLDER.findall(value):
                        if name not in channel_ids:
                            problems.append(make_problem(
                                document, here + parts + (language,),
                                f"'{{canal:{name}}}' no es un canal de data/channels.yaml; los ids válidos "
                                f"son: {', '.join(sorted(channel_ids))}"))
        for n, file in enumerate(piece.get("files") or ()):
            target = root / file["path"]
            if not target.is_file():
                problems.append(make_problem(document, here + ("files", n, "path"),
                                             f"no existe el archivo {file['path']}"))
            elif target.stat().st_size > MAX_FILE_BYTES:
                problems.append(make_problem(
                    document, here + ("files", n, "path"),
                    f"{file['path']} pesa {target.stat().st_size // 1024} KB; el máximo es "
                    f"{MAX_FILE_BYTES // 1024} KB (ver CONTRIBUTING.md, archivos grandes)"))
    return problems


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

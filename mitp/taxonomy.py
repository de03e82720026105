"""The catalogue's vocabularies: service types, populations served and languages spoken.

Kept in ``data/taxonomy.yaml`` with labels per site language; the JSON Schema's enums and the
validator's suggestions are built from the same file, so a new key is added in one place.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mitp.yamlload import reference_file


ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_FILE = ROOT / "data" / "taxonomy.yaml"
DEFAULT_LANGUAGE = "es"
KINDS = ("services", "populations", "languages")


class TaxonomyError(ValueError):
    """data/taxonomy.yaml is malformed."""


@dataclass(frozen=True)
class Taxonomy:
    services: dict[str, dict[str, str]]
    populations: dict[str, dict[str, str]]
    languages: dict[str, dict[str, str]]

    def label(self, kind: str, key: str, language: str = DEFAULT_LANGUAGE) -> str:
        """Label of ``key`` in ``language``, falling back to Spanish (KeyError if unknown)."""
        if kind not in KINDS:
            raise KeyError(f"tipo de taxonomía desconocido: {kind!r} (válidos: {', '.join(KINDS)})")
        labels = getattr(self, kind)[key]
        return labels.get(language) or labels[DEFAULT_LANGUAGE]


def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    return _load(path)


@reference_file
def _load(data, path: Path) -> Taxonomy:
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: se esperaba un mapeo con {', '.join(KINDS)}")
    parts = {}
    for kind in KINDS:
        entries = data.get(kind)
        if not isinstance(entries, dict) or not entries:
            raise TaxonomyError(f"{path}: falta '{kind}' o está vacío")
        for key, labels in entries.items():
            if not isinstance(labels, dict) or not isinstance(labels.get(DEFAULT_LANGUAGE), str):
                raise TaxonomyError(f"{path}: {kind}.{key} necesita al menos la etiqueta en '{DEFAULT_LANGUAGE}'")
            if kind == "languages" and not isinstance(labels.get("native"), str):
                raise TaxonomyError(f"{path}: languages.{key} necesita 'native' (nombre en ese idioma)")
        parts[kind] = {str(k): dict(v) for k, v in entries.items()}
    return Taxonomy(**parts)

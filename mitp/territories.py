"""Chile's regions, provinces and comunas with their official codes (Código Único Territorial).

The data live in ``data/territories.yaml`` (its header names the source). Codes are strings:
región "01".."16", provincia 3 digits, comuna 5 digits.
"""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from mitp.yamlload import reference_file


ROOT = Path(__file__).resolve().parent.parent
TERRITORIES_FILE = ROOT / "data" / "territories.yaml"


class TerritoriesError(ValueError):
    """data/territories.yaml is malformed."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    provincias: list[str] = field(default_factory=list)
    order: int = 0            # north to south, 0 = Arica y Parinacota


@dataclass(frozen=True)
class Provincia:
    code: str
    name: str
    region: str
    comunas: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Comuna:
    code: str
    name: str
    provincia: str
    region: str


@dataclass
class Territories:
    regions: dict[str, Region]
    provincias: dict[str, Provincia]
    comunas: dict[str, Comuna]

    def region_of(self, code: str) -> Region | None:
        """The región of any code (región, provincia or comuna)."""
        return self.regions.get(str(code)[:2])

    def closest_comunas(self, text: str, *, limit: int = 3, region: str | None = None) -> list[Comuna]:
        """Comunas whose name is closest to ``text`` (accents and case ignored), best first."""
        wanted = normalise(str(text))
        pool = [c for c in self.comunas.values() if region is None or c.region == region]
        by_name: dict[str, list[Comuna]] = {}
        for comuna in pool:
            by_name.setdefault(normalise(comuna.name), []).append(comuna)
        exact = by_name.get(wanted)
        if exact:
            return exact[:limit]
        scored = sorted(((difflib.SequenceMatcher(None, wanted, name).ratio(), name) for name in by_name),
                        reverse=True)
        if not scored or scored[0][0] < 0.6:
            return []
        # Only the best match and any that is almost as close: "Valparaizo" → Valparaíso alone.
        names = [name for score, name in scored[:limit] if score >= scored[0][0] - 0.05]
        return [comuna for name in names for comuna in by_name[name]][:limit]

    def comuna_by_name(self, text: str) -> list[Comuna]:
        wanted = normalise(str(text))
        return [c for c in self.comunas.values() if normalise(c.name) == wanted]


def normalise(text: str) -> str:
    """Lower case, no accents, single spaces: "Peñalolén" → "penalolen"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().replace("'", "").split())


def load_territories(path: Path = TERRITORIES_FILE) -> Territories:
    return _load(path)


@reference_file
def _load(data, path: Path) -> Territories:
    regions: dict[str, Region] = {}
    provincias: dict[str, Provincia] = {}
    comunas: dict[str, Comuna] = {}
    try:
        for order, region in enumerate(data["regiones"]):
            rcode = str(region["codigo"])
            pcodes = []
            for provincia in region["provincias"]:
                pcode = str(provincia["codigo"])
                if not pcode.startswith(rcode):
                    raise TerritoriesError(f"{path}: provincia {pcode} no pertenece a la región {rcode}")
                ccodes = []
                for ccode, name in provincia["comunas"].items():
                    ccode = str(ccode)
                    if not ccode.startswith(pcode) or ccode in comunas:
                        raise TerritoriesError(f"{path}: comuna {ccode} repetida o fuera de la provincia {pcode}")
                    comunas[ccode] = Comuna(ccode, str(name), pcode, rcode)
                    ccodes.append(ccode)
                provincias[pcode] = Provincia(pcode, str(provincia["nombre"]), rcode, ccodes)
                pcodes.append(pcode)
            regions[rcode] = Region(rcode, str(region["nombre"]), pcodes, order)
    except (KeyError, TypeError, AttributeError) as exc:
        raise TerritoriesError(f"{path}: forma inesperada ({exc})") from None
    return Territories(regions, provincias, comunas)

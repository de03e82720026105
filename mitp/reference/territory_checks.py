"""Rules for Chilean territory codes (CUT: región "05", provincia "051", comuna "05101") that any
data file can apply: the catalogue's entries, activities, campaign regions.

Each rule takes the ``Checks`` of the file being read (``mitp.core.datafile``), the path of the
value and the value; it reports through ``checks.error`` and looks only at values of the right
type (wrong types are the schema's to report). ``explain_code`` says why a code is wrong
("¿Quisiste decir 'Peñalolén' ("13122")?"); the schema layer calls it for pattern errors.
"""
from __future__ import annotations

import difflib
import re
from typing import Any, Callable

_DIGITS = re.compile(r"^[0-9]+$")


def code_explainer(checks) -> Callable[[str, Any], str | None]:
    """``explain(kind, value)`` for the schema layer, bound to the file's territories."""
    return lambda kind, value: explain_code(checks.territories, kind, value)


def explain_code(t, kind: str, value: Any) -> str | None:
    """Why ``value`` is not a valid code of ``kind`` ("región", "provincia", "comuna", "any")."""
    text = str(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        padded = f"{int(value):05d}" if len(str(int(value))) in (4, 5) else None
        if padded and padded in t.comunas:
            return f"escríbelo entre comillas y con el cero inicial: \"{padded}\" ({t.comunas[padded].name})"
        padded = f"{int(value):02d}"
        if kind in ("any", "región") and padded in t.regions:
            return f"escríbelo entre comillas: \"{padded}\" ({t.regions[padded].name})"
        return None
    if kind in ("comuna", "any") and text and not _DIGITS.match(text):
        matches = t.closest_comunas(text)
        if matches:
            options = " o ".join(f"'{c.name}' (\"{c.code}\")" for c in matches)
            return f"'{text}' no es un código de comuna: ¿Quisiste decir {options}? Escribe el código CUT entre comillas"
        return (f"'{text}' no es un código de comuna ni el nombre de una comuna: usa el código CUT de 5 dígitos "
                "(data/territories.yaml)")
    if kind == "región" and text and not _DIGITS.match(text):
        names = {r.name.lower(): r for r in t.regions.values()}
        close = difflib.get_close_matches(text.lower(), list(names), n=1, cutoff=0.5)
        if close:
            region = names[close[0]]
            return f"'{text}' no es un código de región: ¿Quisiste decir \"{region.code}\" ({region.name})?"
    return None


def unknown_comuna(t, code: str) -> str:
    provincia = t.provincias.get(code[:3])
    if provincia:
        message = (f"no existe la comuna con código '{code}': en la provincia {provincia.name} "
                   f"({provincia.code}) los códigos van de {provincia.comunas[0]} a {provincia.comunas[-1]}")
        close = difflib.get_close_matches(code, provincia.comunas, n=1, cutoff=0.6)
        if close:
            message += f". ¿Quisiste decir \"{close[0]}\" ({t.comunas[close[0]].name})?"
        return message
    region = t.regions.get(code[:2])
    if region:
        return (f"no existe la comuna con código '{code}'; las provincias de {region.name} son: "
                + ", ".join(f"{p} {t.provincias[p].name}" for p in region.provincias))
    return f"no existe la comuna con código '{code}' (busca el código en data/territories.yaml)"


def is_region_code(value: Any) -> bool:
    return isinstance(value, str) and bool(_DIGITS.match(value)) and len(value) == 2


def check_region(checks, parts: tuple, region: Any) -> None:
    if is_region_code(region) and region not in checks.territories.regions:
        checks.error(parts, f"no existe la región '{region}': los códigos van de \"01\" a \"16\"")


def check_comuna(checks, parts: tuple, code: Any) -> None:
    t = checks.territories
    if isinstance(code, str) and _DIGITS.match(code) and len(code) == 5 and code not in t.comunas:
        checks.error(parts, unknown_comuna(t, code))


def check_territory(checks, parts: tuple, territory: Any) -> None:
    """A ``{region, provincia?, comuna?}`` mapping: codes exist and agree with each other."""
    if not isinstance(territory, dict):
        return
    t = checks.territories
    region = territory.get("region")
    provincia = territory.get("provincia")
    comuna = territory.get("comuna")
    region_ok = isinstance(region, str) and region in t.regions
    check_region(checks, parts + ("region",), region)
    if isinstance(provincia, str) and _DIGITS.match(provincia) and len(provincia) == 3:
        known = t.provincias.get(provincia)
        if known is None:
            region_obj = t.regions.get(region if region_ok else provincia[:2])
            listing = ", ".join(f"{p} {t.provincias[p].name}" for p in region_obj.provincias) if region_obj else ""
            checks.error(parts + ("provincia",), f"no existe la provincia '{provincia}'"
                         + (f"; las de {region_obj.name} son: {listing}" if listing else ""))
        elif region_ok and known.region != region:
            checks.error(parts + ("provincia",),
                         f"la provincia {provincia} ({known.name}) pertenece a la región {known.region} "
                         f"({t.regions[known.region].name}), no a la región {region} ({t.regions[region].name}); "
                         "corrige 'region' o 'provincia'")
    if isinstance(comuna, str) and _DIGITS.match(comuna) and len(comuna) == 5:
        known = t.comunas.get(comuna)
        if known is None:
            checks.error(parts + ("comuna",), unknown_comuna(t, comuna))
        elif region_ok and known.region != region:
            checks.error(parts + ("comuna",),
                         f"la comuna {comuna} ({known.name}) está en la región {known.region} "
                         f"({t.regions[known.region].name}), no en la región {region} ({t.regions[region].name}); "
                         "corrige 'region' o 'comuna'")
        elif isinstance(provincia, str) and provincia in t.provincias and known.provincia != provincia:
            checks.error(parts + ("comuna",),
                         f"la comuna {comuna} ({known.name}) está en la provincia {known.provincia} "
                         f"({t.provincias[known.provincia].name}), no en la provincia {provincia} "
                         f"({t.provincias[provincia].name})")

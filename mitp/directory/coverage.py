"""What each region of the directory lacks: ``mitp cobertura``, the weekly issue per region, the Mesa's page.

The reference list (``data/cobertura.yaml``, validated like every data file) names the kinds of
service a victim may need in every region, each tied to the catalogue's service types
(``data/taxonomy.yaml``). ``build`` compares it with the catalogue, region by region (all 16) and
comuna by comuna (those with an entry of their own): entries by kind, kinds missing, entries
without a contact, entries past the 12-month verification (the catalogue's own stale rule),
entries whose source is weak (``source.weak``) and catalogue texts without a translation, per
language. Pure functions; the command line, ``mitp.linkcheck`` and ``hooks/directory.py`` read
the same ``RegionCoverage`` records.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from mitp.catalogue import stale_before
from mitp.core import clock
from mitp.core.datafile import Checks, DataFile
from mitp.directory.views import is_coordination, weak_source

NATIONAL = "nacional"
# Texts of an entry shown on its card (source included), by path; phones add their own.
TEXT_FIELDS = (("name",), ("description",), ("organization",), ("address", "reference"), ("hours", "text"),
               ("cost",), ("documents", "text"), ("source",))
SITE_LANGUAGES = ("es", "en", "ht")
WEAK_LABELS = {"news": "artículo de prensa", "test-copy": "copia de prueba de un sitio oficial",
               "old-page": "página institucional antigua"}


@dataclass(frozen=True)
class Kind:
    id: str
    name: dict[str, str]
    services: tuple[str, ...]
    match: tuple[str, ...]

    def matches(self, entry: Mapping[str, Any]) -> bool:
        if not set(entry.get("services") or ()) & set(self.services):
            return False
        words = " ".join(_es(entry.get(key)) for key in ("name", "organization"))
        return any(_word(term).search(words) for term in self.match)


@dataclass
class AreaCoverage:
    """One region (or comuna, or the national entries): what it has and what it lacks."""

    code: str
    name: str
    entries: list[str] = field(default_factory=list)            # local service entries (ids)
    coordination: list[str] = field(default_factory=list)       # Mesa Regional and the like
    by_kind: dict[str, list[str]] = field(default_factory=dict)  # kind id → entry ids (every kind listed)
    unclassified: list[str] = field(default_factory=list)       # local entries of no kind
    without_contact: list[str] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)  # (id, last_verified)
    weak: list[tuple[str, str]] = field(default_factory=list)   # (id, news|test-copy|old-page)
    untranslated: dict[str, int] = field(default_factory=dict)  # language → texts shown in Spanish
    comunas: list["AreaCoverage"] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [kind for kind, ids in self.by_kind.items() if not ids]

    @property
    def to_do(self) -> int:
        """How many things a coordinator can act on (0: nothing pending)."""
        return (len(self.missing) + len(self.without_contact) + len(self.stale) + len(self.weak)
                + sum(self.untranslated.values()))


# The reference list (data/cobertura.yaml)


def _records(data: dict) -> list[Kind]:
    return [Kind(k["id"], dict(k["name"]), tuple(k["services"]), tuple(k["match"])) for k in data["kinds"]]


def _checks(c: Checks) -> None:
    kinds = c.data.get("kinds") if isinstance(c.data, dict) else None
    if not isinstance(kinds, list):
        return
    known = c.taxonomy.services
    seen: dict[str, int] = {}
    for index, kind in enumerate(kinds):
        if not isinstance(kind, dict):
            continue
        kind_id = kind.get("id")
        if isinstance(kind_id, str):
            if kind_id in seen:
                c.error(("kinds", index, "id"), f"id duplicado '{kind_id}': ya lo usa el tipo de la línea "
                                                f"{c.line_of(('kinds', seen[kind_id], 'id'))}")
            else:
                seen[kind_id] = index
        for i, key in enumerate(kind.get("services") if isinstance(kind.get("services"), list) else ()):
            if not isinstance(key, str):
                continue
            if key == "coordinacion":
                c.error(("kinds", index, "services", i), "'coordinacion' no es un servicio al que una persona pueda "
                                                          "acudir: usa los tipos de servicio de data/taxonomy.yaml")
            elif key not in known:
                valid = ", ".join(k for k in known if k != "coordinacion")
                c.error(("kinds", index, "services", i), f"'{key}' no es un tipo de servicio de data/taxonomy.yaml; "
                                                          f"válidos: {valid}")


FILE = DataFile(name="cobertura", path="data/cobertura.yaml", schema="schemas/cobertura.schema.json",
                records=_records, checks=_checks, title="la lista de referencia de la cobertura del directorio")


def load_kinds(root=None) -> list[Kind]:
    from mitp.core import datafile

    return datafile.load(FILE, root=root).records


# The comparison


def build(resources: Iterable[Mapping[str, Any]], territories, kinds: list[Kind], *, today: _dt.date,
          languages: Iterable[str] = SITE_LANGUAGES) -> list[AreaCoverage]:
    """One ``AreaCoverage`` per region (north to south, all of them), then one for national entries."""
    others = [lang for lang in languages if lang != "es"]
    limit = stale_before(today)
    regions = {code: AreaCoverage(code, region.name) for code, region in _ordered(territories)}
    national = AreaCoverage(NATIONAL, "Servicios nacionales")
    for area in (*regions.values(), national):
        area.by_kind = {kind.id: [] for kind in kinds}
        area.untranslated = {lang: 0 for lang in others}
    comunas: dict[str, AreaCoverage] = {}
    for entry in resources:
        region = region_of(entry)
        area = regions.get(region, national) if region else national
        _add(area, entry, kinds, others, limit)
        for code in _own_comunas(entry):
            if code not in territories.comunas or code[:2] not in regions:
                continue
            if code not in comunas:
                comunas[code] = AreaCoverage(code, territories.comunas[code].name,
                                             by_kind={kind.id: [] for kind in kinds},
                                             untranslated={lang: 0 for lang in others})
                regions[code[:2]].comunas.append(comunas[code])
            _add(comunas[code], entry, kinds, others, limit)
    for area in regions.values():
        area.comunas.sort(key=lambda c: c.name)
    return [*regions.values(), national]


def _add(area: AreaCoverage, entry: Mapping[str, Any], kinds: list[Kind], others: list[str], limit: _dt.date) -> None:
    entry_id = entry["id"]
    if is_coordination(entry):
        area.coordination.append(entry_id)
    else:
        area.entries.append(entry_id)
        found = [kind.id for kind in kinds if kind.matches(entry)]
        for kind_id in found:
            area.by_kind[kind_id].append(entry_id)
        if not found:
            area.unclassified.append(entry_id)
    if not (entry.get("phones") or entry.get("emails") or entry.get("website")):
        area.without_contact.append(entry_id)
    verified = entry.get("last_verified")
    if isinstance(verified, str):
        verified = _dt.date.fromisoformat(verified)
    if isinstance(verified, _dt.date) and verified < limit:
        area.stale.append((entry_id, verified.isoformat()))
    weak = weak_source(entry)
    if weak:
        area.weak.append((entry_id, weak))
    for lang in others:
        area.untranslated[lang] += sum(1 for text in _texts(entry) if isinstance(text, Mapping)
                                       and text.get("es") and not text.get(lang))


def region_of(entry: Mapping[str, Any]) -> str:
    """The region code of a local entry (its seat, else its service area), or "" for a national one."""
    for key in ("territory", "service_area"):
        part = entry.get(key)
        if isinstance(part, Mapping):
            if part.get("region"):
                return str(part["region"])
            for code in part.get("comunas") or ():
                return str(code)[:2]
    return ""


def _own_comunas(entry: Mapping[str, Any]) -> list[str]:
    """Comunas an entry belongs to: its seat's comuna and the comunas it is limited to."""
    codes = []
    territory = entry.get("territory")
    if isinstance(territory, Mapping) and territory.get("comuna"):
        codes.append(str(territory["comuna"]))
    area = entry.get("service_area")
    if isinstance(area, Mapping) and area.get("scope") == "comunas":
        codes += [str(c) for c in area.get("comunas") or () if str(c) not in codes]
    return codes


def _texts(entry: Mapping[str, Any]) -> list[Any]:
    found = []
    for path in TEXT_FIELDS:
        value: Any = entry
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        found.append(value)
    for phone in entry.get("phones") or ():
        if isinstance(phone, Mapping):
            found += [phone.get("description"), phone.get("hours")]
    return found


def _ordered(territories) -> list[tuple[str, Any]]:
    from mitp.directory.plan import _ordered_regions

    return [(code, territories.regions[code]) for code in _ordered_regions(territories)]


def _es(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("es") or "")
    return str(value or "")


_WORDS: dict[str, re.Pattern] = {}


def _word(term: str) -> re.Pattern:
    if term not in _WORDS:
        _WORDS[term] = re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)
    return _WORDS[term]


# What people read: the command line (Spanish) and the issue per region (Markdown)


def kind_names(kinds: list[Kind], language: str = "es") -> dict[str, str]:
    return {kind.id: kind.name.get(language) or kind.name["es"] for kind in kinds}


def text_report(areas: list[AreaCoverage], kinds: list[Kind], *, today: _dt.date) -> str:
    names = kind_names(kinds)
    lines = [f"Cobertura del directorio al {today.isoformat()} (lista de referencia: data/cobertura.yaml; "
             f"{len(kinds)} tipos de servicio por región)", ""]
    regions = [a for a in areas if a.code != NATIONAL]
    complete = sum(1 for a in regions if not a.missing)
    lines.append(f"Regiones con todos los tipos: {complete} de {len(regions)}.")
    lines.append("")
    for area in areas:
        lines += _area_text(area, names, heading=True)
    return "\n".join(lines).rstrip() + "\n"


def _area_text(area: AreaCoverage, names: Mapping[str, str], *, heading: bool, indent: str = "") -> list[str]:
    title = area.name if area.code == NATIONAL else f"{area.name} ({area.code})"
    lines = [f"{indent}== {title} ==" if heading else f"{indent}-- {title} ({area.code}) --"]
    pad = indent + "  "
    lines.append(f"{pad}servicios locales: {len(area.entries)}"
                 + (f"; coordinación (no atiende público): {', '.join(area.coordination)}" if area.coordination else ""))
    for kind_id, ids in area.by_kind.items():
        if ids:
            lines.append(f"{pad}  {names[kind_id]}: {', '.join(ids)}")
    if area.unclassified:
        lines.append(f"{pad}  sin tipo de la lista de referencia: {', '.join(area.unclassified)}")
    if area.code != NATIONAL:
        missing = area.missing
        lines.append(f"{pad}faltan ({len(missing)}): " + ("; ".join(names[k] for k in missing) if missing else "ninguno"))
    lines.append(f"{pad}sin contacto ({len(area.without_contact)}): {', '.join(area.without_contact) or 'ninguna'}")
    lines.append(f"{pad}sin verificar hace más de 12 meses ({len(area.stale)}): "
                 + (", ".join(f"{i} ({d})" for i, d in area.stale) or "ninguna"))
    lines.append(f"{pad}fuente débil ({len(area.weak)}): "
                 + (", ".join(f"{i} ({WEAK_LABELS[w]})" for i, w in area.weak) or "ninguna"))
    lines.append(f"{pad}textos sin traducir: "
                 + (", ".join(f"{lang}: {n}" for lang, n in area.untranslated.items()) or "—"))
    if area.comunas:
        lines.append(f"{pad}por comuna ({len(area.comunas)} con entradas propias):")
        for comuna in area.comunas:
            present = [names[k] for k, ids in comuna.by_kind.items() if ids]
            lines.append(f"{pad}  {comuna.name} ({comuna.code}): {len(comuna.entries)} servicio(s)"
                         + (f" — {'; '.join(present)}" if present else "")
                         + f"; faltan {len(comuna.missing)} de {len(comuna.by_kind)} tipos")
    lines.append("")
    return lines


def issue_section(area: AreaCoverage, kinds: list[Kind]) -> list[str]:
    """The coverage to-do list of one region, for its weekly issue (Markdown, Spanish)."""
    from mitp.annotations import md_code, md_text

    names = kind_names(kinds)
    lines = ["### Cobertura del directorio en esta región", ""]
    if area.code != NATIONAL:
        lines.append(f"Servicios locales con fuente: **{len(area.entries)}**"
                     + (" (la Mesa Regional coordina y no atiende público: no cuenta como servicio)."
                        if area.coordination else "."))
        missing = area.missing
        if missing:
            lines += ["", f"**Tipos de servicio que faltan ({len(missing)} de {len(area.by_kind)})** — "
                          "agrégalos con su fuente pública (CONTRIBUTING.md, «Importar una guía desde una planilla»):", ""]
            lines += [f"- {md_text(names[k])}" for k in missing]
        else:
            lines += ["", "✅ Tiene al menos una entrada de cada tipo de la lista de referencia."]
        present = [(k, ids) for k, ids in area.by_kind.items() if ids]
        if present:
            lines += ["", "Entradas por tipo:", ""]
            lines += [f"- {md_text(names[k])}: {', '.join(md_code(i) for i in ids)}" for k, ids in present]
    for title, items in (
            ("Entradas sin teléfono, correo ni sitio web", [md_code(i) for i in area.without_contact]),
            ("Entradas con fuente débil (confirmar con la institución)",
             [f"{md_code(i)} ({WEAK_LABELS[w]})" for i, w in area.weak])):
        if items:
            lines += ["", f"{title} ({len(items)}):", ""] + [f"- {item}" for item in items]
    missing_texts = {lang: n for lang, n in area.untranslated.items() if n}
    if missing_texts:
        lines += ["", "Textos del catálogo sin traducir (se muestran en español): "
                      + ", ".join(f"{lang}: {n}" for lang, n in missing_texts.items()) + "."]
    lines.append("")
    return lines


# Command line (registered by mitp/cli.py)


def register(commands) -> None:
    parser = commands.add_parser("cobertura", help="qué le falta al directorio en cada región y comuna")
    parser.add_argument("--region", metavar="CÓDIGO", help="solo esta región (código CUT de dos dígitos, p. ej. 08)")
    parser.add_argument("--hoy", type=_date_argument, default=None, metavar="AAAA-MM-DD",
                        help="fecha de hoy para la regla de 12 meses (por omisión, la del sistema)")
    parser.set_defaults(run=run)


def _date_argument(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' no es una fecha AAAA-MM-DD") from None


def run(args: argparse.Namespace) -> int:
    from mitp.catalogue import load_catalogue
    from mitp.problems import DataFileError
    from mitp.territories import load_territories

    try:
        resources = load_catalogue().resources
        kinds = load_kinds()
    except DataFileError as exc:
        print(f"{exc}\nCorrige los errores (./run.sh validate) antes de revisar la cobertura.", file=sys.stderr)
        return 1
    territories = load_territories()
    today = args.hoy or clock.today()
    areas = build(resources, territories, kinds, today=today)
    if args.region:
        code = args.region.zfill(2)
        if code not in territories.regions:
            valid = ", ".join(sorted(territories.regions))
            print(f"--region {args.region}: no es un código de región; válidos: {valid}", file=sys.stderr)
            return 2
        areas = [a for a in areas if a.code == code]
    sys.stdout.write(text_report(areas, kinds, today=today))
    return 0


# The page for the Mesa's members (hooks/directory.py, overrides/partials/directory/coverage.html)


def page_view(areas: list[AreaCoverage], kinds: list[Kind], resources_by_id: Mapping[str, Mapping[str, Any]], *,
              language: str, today: _dt.date) -> dict[str, Any]:
    """Plain data for the table of the coverage page, in ``language`` (Spanish where a text is missing)."""
    from mitp import i18n, ui

    names = kind_names(kinds, language)

    def entry_name(entry_id: str) -> dict[str, str]:
        return i18n.text_in((resources_by_id.get(entry_id) or {}).get("name"), language) or {"text": entry_id, "lang": ""}

    rows = []
    for area in areas:
        rows.append({
            "code": area.code,
            "name": area.name if area.code != NATIONAL else None,
            "national": area.code == NATIONAL,
            "local": len(area.entries),
            "present": [{"kind": names[k], "entries": [entry_name(i) for i in ids]}
                        for k, ids in area.by_kind.items() if ids],
            "missing": [names[k] for k in area.missing] if area.code != NATIONAL else [],
            "without_contact": [entry_name(i) for i in area.without_contact],
            "stale": [entry_name(i) for i, _ in area.stale],
            "weak": [entry_name(i) for i, _ in area.weak],
            "untranslated": [{"language": lang, "count": n} for lang, n in area.untranslated.items()],
        })
    regions = [a for a in areas if a.code != NATIONAL]
    return {
        "rows": rows,
        "complete": sum(1 for a in regions if not a.missing),
        "regions": len(regions),
        "kinds": [names[k.id] for k in kinds],
        "date_iso": today.isoformat(),
        "date_text": i18n.format_date(today, language, ui.strings_for(language)),
    }

"""Campaigns (``data/campaigns.yaml``) and activities (``data/activities.yaml``): loading and checks.

Each file is declared once (``CAMPAIGNS``, ``ACTIVITIES``) in the shape of the shared registry's
``DataFile`` (name, path, schema, records, checks, required), so wiring them into
``mitp/registry.py`` is one line each. Until the registry is on this branch, ``load()`` below
does the same with the existing bricks: strict YAML with positions (``mitp.yamlload``), the JSON
Schema (``mitp.validation``), then ``checks`` (what a schema cannot say), every problem as
``file:line:col: field: message`` in Spanish.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from mitp.problems import Problem, display_path

ROOT = Path(__file__).resolve().parent.parent.parent

# Chile's four time zones; which one a place uses (tzdata: Magallanes and Aysén keep UTC−3 all
# year, Isla de Pascua is two hours behind the mainland).
ZONE_MAGALLANES = "America/Punta_Arenas"
ZONE_AYSEN = "America/Coyhaique"
ZONE_EASTER = "Pacific/Easter"
ZONE_MAINLAND = "America/Santiago"
ZONES = (ZONE_MAINLAND, ZONE_MAGALLANES, ZONE_AYSEN, ZONE_EASTER)
REGION_ZONES = {"12": ZONE_MAGALLANES, "11": ZONE_AYSEN}
COMUNA_ZONES = {"05201": ZONE_EASTER}   # Isla de Pascua
# Words the pages use under /actividades/ and /campanas/: no activity or campaign may take them as id.
RESERVED_IDS = frozenset({"index", "regiones", "region", "calendario", "campanas", "actividades"})


def zone_for(region: str | None, comuna: str | None) -> str | None:
    """The IANA zone of a place, or None when only the whole country is known."""
    if comuna and comuna in COMUNA_ZONES:
        return COMUNA_ZONES[comuna]
    if region:
        return REGION_ZONES.get(region, ZONE_MAINLAND)
    return None


# The shape of the registry's declaration (mitp/core/datafile.py), kept here until it lands.


@dataclass(frozen=True)
class DataFile:
    name: str
    path: str
    schema: str
    records: Callable[[Any], Any] = lambda data: data
    checks: Callable[["Checks"], None] = lambda c: None
    required: bool = True


class DataFileError(ValueError):
    """A data file is invalid; ``str()`` lists every problem, one per line."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = problems
        self.warnings = warnings or []
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Checks:
    document: Any
    data: Any
    today: dt.date
    territories: Any
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, parts: tuple, message: str) -> None:
        from mitp.validation import make_problem

        self.errors.append(make_problem(self.document, parts, message))

    def warn(self, parts: tuple, message: str) -> None:
        from mitp.validation import make_problem

        self.warnings.append(make_problem(self.document, parts, message, "warning"))


@dataclass
class Loaded:
    records: Any
    warnings: list[Problem]
    path: Path


def path_of(spec: DataFile, root: Path | None = None) -> Path:
    override = os.environ.get(f"MITP_{spec.name.upper()}")
    return Path(override) if override else (root or ROOT) / spec.path


_CACHE: dict[tuple, Loaded] = {}


def load(spec: DataFile, *, root: Path | None = None, path: Path | None = None,
         today: dt.date | None = None) -> Loaded:
    """The validated records of ``spec``'s file (cached on its mtime); raises DataFileError."""
    from mitp import validation, yamlload
    from mitp.territories import load_territories

    path = Path(path) if path else path_of(spec, root)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = None
    if mtime is None and not spec.required:
        return Loaded(spec.records({spec.name: []}), [], path)
    key = (spec.name, str(path), mtime, today)
    if key in _CACHE:
        return _CACHE[key]
    try:
        document = yamlload.load_file(path, dates=False)
    except yamlload.YAMLLoadError as exc:
        raise DataFileError(list(exc.problems)) from None
    validator = validation.load_validator((root or ROOT) / spec.schema)
    problems = validation.schema_problems(document, validator)
    if problems:
        raise DataFileError(problems)
    checks = Checks(document, document.data, today or dt.date.today(), load_territories())
    spec.checks(checks)
    if checks.errors:
        raise DataFileError(checks.errors, checks.warnings)
    loaded = Loaded(spec.records(document.data), checks.warnings, path)
    _CACHE[key] = loaded
    return loaded


# Campaigns


def _campaign_records(data: dict) -> list[dict]:
    out = []
    for campaign in data.get("campaigns") or []:
        record = dict(campaign)
        record["start"] = dt.date.fromisoformat(campaign["start"])
        record["end"] = dt.date.fromisoformat(campaign["end"])
        out.append(record)
    return out


def _check_title(c: Checks, parts: tuple, texts: dict) -> None:
    """A title becomes the page's <title>, which the theme writes without escaping: no < or >."""
    for language, text in texts.items():
        if "<" in text or ">" in text:
            c.error(parts + (language,), "un título no puede llevar los signos < ni >: el sitio lo usa como "
                                         "título de la página; escríbelo sin ellos")


def _campaign_checks(c: Checks) -> None:
    seen: dict[str, int] = {}
    for index, campaign in enumerate(c.data.get("campaigns") or []):
        here = ("campaigns", index)
        _check_title(c, here + ("name",), campaign["name"])
        cid = campaign["id"]
        if cid in seen:
            c.error(here + ("id",), f"id repetido '{cid}' (ya lo usa la campaña n.º {seen[cid] + 1}); "
                                   "cada campaña necesita un id único")
        seen.setdefault(cid, index)
        if cid in RESERVED_IDS:
            c.error(here + ("id",), f"'{cid}' es una dirección del sitio: elige otro id, p. ej. '{cid}-{campaign.get('year') or 'campana'}'")
        start, end = _date(c, here + ("start",), campaign["start"]), _date(c, here + ("end",), campaign["end"])
        if start and end and end < start:
            c.error(here + ("end",), f"la campaña termina ({end}) antes de empezar ({start}); "
                                     "'end' debe ser igual o posterior a 'start'")
        if campaign["kind"] == "dia_mundial":
            year = campaign.get("year")
            if year is None:
                c.error(here + ("kind",), "una campaña del Día Mundial necesita 'year' (el año, p. ej. 2026)")
            elif start and not (start <= dt.date(year, 7, 30) <= (end or start)):
                c.error(here + ("start",), f"el período ({start} a {end}) no incluye el 30 de julio de {year}, "
                                           "día del Día Mundial contra la Trata de Personas")


def _date(c: Checks, parts: tuple, text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        c.error(parts, f"'{text}' no es una fecha que exista: escribe AAAA-MM-DD, p. ej. \"2026-07-30\"")
        return None


CAMPAIGNS = DataFile(
    name="campaigns",
    path="data/campaigns.yaml",
    schema="schemas/campaigns.schema.json",
    records=_campaign_records,
    checks=_campaign_checks,
    required=False,
)


# Activities


def _local(text: str, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def _activity_records(data: dict) -> list[dict]:
    out = []
    for activity in data.get("activities") or []:
        record = dict(activity)
        record["start"] = _local(activity["start"], activity["timezone"])
        record["end"] = _local(activity["end"], activity["timezone"])
        record["updated"] = dt.date.fromisoformat(activity["updated"])
        record.setdefault("sequence", 0)
        record.setdefault("territory", None)
        out.append(record)
    return out


def _exists(moment: dt.datetime) -> bool:
    """False for a local time skipped by a clock change (it does not survive a round trip via UTC)."""
    back = moment.astimezone(dt.timezone.utc).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


def _activity_checks(c: Checks) -> None:
    from mitp.catalogue import _Checker

    territory_checker = _Checker(c.document, c.territories, c.today)
    try:
        campaign_ids = {x["id"] for x in load(CAMPAIGNS, today=c.today).records}
        campaigns_broken = False
    except DataFileError:
        campaign_ids, campaigns_broken = set(), True
    seen: dict[str, int] = {}
    for index, activity in enumerate(c.data.get("activities") or []):
        here = ("activities", index)
        _check_title(c, here + ("title",), activity["title"])
        aid = activity["id"]
        if aid in seen:
            c.error(here + ("id",), f"id repetido '{aid}' (ya lo usa la actividad n.º {seen[aid] + 1}); "
                                   "cada actividad necesita un id único")
        seen.setdefault(aid, index)
        if aid in RESERVED_IDS:
            c.error(here + ("id",), f"'{aid}' es una dirección del sitio: elige otro id")
        # Times: real local times of the place, end after start.
        zone = activity["timezone"]
        moments = {}
        for name in ("start", "end"):
            try:
                moment = _local(activity[name], zone)
            except ValueError:
                c.error(here + (name,), f"'{activity[name]}' no es una fecha y hora que exista: "
                                        "escribe AAAA-MM-DDTHH:MM, p. ej. \"2026-07-30T10:00\"")
                continue
            if not _exists(moment):
                c.error(here + (name,), f"{activity[name]} no existe en {zone}: ese día el reloj se adelanta "
                                        "una hora (cambio de horario); elige otra hora")
            moments[name] = moment
        if len(moments) == 2 and moments["end"] <= moments["start"]:
            c.error(here + ("end",), f"la actividad termina ({activity['end']}) antes de empezar o a la vez "
                                     f"({activity['start']}); 'end' debe ser posterior a 'start'")
        # Place: región/comuna like the catalogue's, the zone that fits them, venue or link.
        territory = activity.get("territory")
        mode = activity["mode"]
        if territory is None:
            if mode != "en_linea":
                c.error(here + ("territory",), "falta 'territory' (región y comuna): solo una actividad "
                                               "en_linea de alcance nacional puede omitirlo")
        else:
            before = len(territory_checker.errors)
            territory_checker.check_territory(here + ("territory",), territory)
            c.errors.extend(territory_checker.errors[before:])
            if len(territory_checker.errors) == before and territory["region"] in c.territories.regions:
                wanted = zone_for(territory["region"], territory.get("comuna"))
                if wanted != zone:
                    where = (c.territories.comunas[territory["comuna"]].name if territory.get("comuna")
                             in c.territories.comunas else c.territories.regions[territory["region"]].name)
                    c.error(here + ("timezone",), f"{where} usa la zona horaria '{wanted}', no '{zone}': "
                                                  f"escribe timezone: {wanted}")
        if mode in ("presencial", "mixta") and "venue" not in activity:
            c.error(here + ("mode",), f"una actividad {mode} necesita 'venue' (el lugar: name y address)")
        if mode in ("en_linea", "mixta") and "online_url" not in activity:
            c.error(here + ("mode",), f"una actividad {mode} necesita 'online_url' (enlace https para participar)")
        if mode == "presencial" and "online_url" in activity:
            c.error(here + ("online_url",), "una actividad presencial no lleva 'online_url': usa mode: mixta")
        # Campaign: must exist in data/campaigns.yaml.
        campaign = activity.get("campaign")
        if campaign and not campaigns_broken and campaign not in campaign_ids:
            known = ", ".join(sorted(campaign_ids)) or "ninguna (data/campaigns.yaml está vacío)"
            c.error(here + ("campaign",), f"no existe la campaña '{campaign}' en data/campaigns.yaml; "
                                          f"las que existen son: {known}")


ACTIVITIES = DataFile(
    name="activities",
    path="data/activities.yaml",
    schema="schemas/activities.schema.json",
    records=_activity_records,
    checks=_activity_checks,
    required=False,
)


def load_campaigns(**kwargs) -> list[dict]:
    return load(CAMPAIGNS, **kwargs).records


def load_activities(**kwargs) -> list[dict]:
    return load(ACTIVITIES, **kwargs).records

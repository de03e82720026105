"""Campaigns (``data/campaigns.yaml``) and activities (``data/activities.yaml``): declared once each
(``CAMPAIGNS``, ``ACTIVITIES``, listed in ``mitp/registry.py``) and read through the registry
(``mitp.core.datafile.load``): strict YAML, the JSON Schema, the shared text rules, then the checks
below (what a schema cannot say). Every problem is ``file:line:col: field: message`` in Spanish.

The checks run even when the schema found problems, so they look only at values of the right type.
"""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from mitp.core import hygiene
from mitp.core.datafile import Checks, DataFile, load
from mitp.problems import DataFileError  # noqa: F401  (what load() raises; callers import it from here)
from mitp.reference.territory_checks import check_territory, code_explainer

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


# Campaigns


def _campaign_records(data: dict) -> list[dict]:
    out = []
    for campaign in data.get("campaigns") or []:
        record = dict(campaign)
        record["start"] = dt.date.fromisoformat(campaign["start"])
        record["end"] = dt.date.fromisoformat(campaign["end"])
        out.append(record)
    return out


def _items(c: Checks, key: str) -> list[tuple[int, dict]]:
    """(index, entry) of the entries that are mappings (the schema reports the rest)."""
    items = c.data.get(key) if isinstance(c.data, dict) else None
    return [(i, e) for i, e in enumerate(items) if isinstance(e, dict)] if isinstance(items, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _check_id(c: Checks, parts: tuple, value: Any, seen: dict[str, int], what: str) -> None:
    if not isinstance(value, str):
        return
    if value in seen:
        c.error(parts, f"id repetido '{value}' (ya lo usa la {what} n.º {seen[value] + 1}); "
                       f"cada {what} necesita un id único")
    seen.setdefault(value, parts[1])
    if value in RESERVED_IDS:
        c.error(parts, f"'{value}' es una dirección del sitio: elige otro id")


def _date(c: Checks, parts: tuple, text: Any) -> dt.date | None:
    if not isinstance(text, str) or len(text) != 10:
        return None   # the schema says what is wrong
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        c.error(parts, f"'{text}' no es una fecha que exista: escribe AAAA-MM-DD, p. ej. \"2026-07-30\"")
        return None


def _plan_action_keys(today: dt.date) -> set[str] | None:
    """The Plan's action keys ("1-1.7"), or None when data/plan/plan.yaml cannot be read (it has
    its own messages)."""
    from mitp.plan import data as plan_data

    try:
        return set(load(plan_data.FILE, today=today).records["actions"])
    except DataFileError:
        return None


def _check_plan_actions(c: Checks, parts: tuple, actions: Any, known: set[str] | None) -> None:
    if known is None or not isinstance(actions, list):
        return
    for i, key in enumerate(actions):
        if isinstance(key, str) and key not in known:
            axis = key.split("-", 1)[0]
            same_axis = sorted((k for k in known if k.startswith(axis + "-")),
                               key=lambda k: tuple(int(x) for x in k.replace("-", ".").split(".")))
            hint = f"; las del eje {axis} van de {same_axis[0]} a {same_axis[-1]}" if same_axis else ""
            c.error(parts + (i,), f"la acción '{key}' no existe en el Plan (data/plan/plan.yaml){hint}")


def _campaign_checks(c: Checks) -> None:
    seen: dict[str, int] = {}
    actions = _plan_action_keys(c.today)
    for index, campaign in _items(c, "campaigns"):
        here = ("campaigns", index)
        _check_plan_actions(c, here + ("plan_actions",), campaign.get("plan_actions"), actions)
        hygiene.check_title(c, here + ("name",), campaign.get("name"))
        _check_id(c, here + ("id",), campaign.get("id"), seen, "campaña")
        start, end = _date(c, here + ("start",), campaign.get("start")), _date(c, here + ("end",), campaign.get("end"))
        if start and end and end < start:
            c.error(here + ("end",), f"la campaña termina ({end}) antes de empezar ({start}); "
                                     "'end' debe ser igual o posterior a 'start'")
        if campaign.get("kind") == "dia_mundial":
            year = campaign.get("year")
            if year is None:
                c.error(here + ("kind",), "una campaña del Día Mundial necesita 'year' (el año, p. ej. 2026)")
            elif isinstance(year, int) and 1 <= year <= 9999 and start and end and not (start <= dt.date(year, 7, 30) <= end):
                c.error(here + ("start",), f"el período ({start} a {end}) no incluye el 30 de julio de {year}, "
                                           "día del Día Mundial contra la Trata de Personas")


CAMPAIGNS = DataFile(
    name="campaigns",
    path="data/campaigns.yaml",
    schema="schemas/campaigns.schema.json",
    title="las campañas (campaña nacional, Día Mundial)",
    records=_campaign_records,
    checks=_campaign_checks,
    required=False,
    empty={"campaigns": []},
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


def _ambiguous(moment: dt.datetime) -> bool:
    """True for a local time that happens twice (the hour repeated when the clock goes back)."""
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _check_campaign_period(c: Checks, here: tuple, activity: dict, periods: dict[str, tuple]) -> None:
    """An activity of a campaign happens within the campaign's days (local dates, both included)."""
    period = periods.get(activity.get("campaign"))
    if period is None:
        return
    first, last = period
    for name in ("start", "end"):
        text = activity.get(name)
        try:
            day = dt.date.fromisoformat(text[:10]) if isinstance(text, str) else None
        except ValueError:
            day = None   # _check_times says what is wrong
        if day and not first <= day <= last:
            c.error(here + (name,), f"la actividad {'empieza' if name == 'start' else 'termina'} el {day}, fuera del "
                                    f"período de su campaña '{activity['campaign']}' ({first} a {last} en "
                                    "data/campaigns.yaml): corrige la fecha, o la campaña si es otra")


def _check_times(c: Checks, here: tuple, activity: dict) -> None:
    """Real local times of the place, end after start."""
    zone = activity.get("timezone")
    if zone not in ZONES:
        return
    moments = {}
    for name in ("start", "end"):
        text = activity.get(name)
        if not isinstance(text, str) or len(text) != 16:
            continue
        try:
            moment = _local(text, zone)
        except ValueError:
            c.error(here + (name,), f"'{text}' no es una fecha y hora que exista: "
                                    "escribe AAAA-MM-DDTHH:MM, p. ej. \"2026-07-30T10:00\"")
            continue
        if not _exists(moment):
            c.error(here + (name,), f"{text} no existe en {zone}: ese día el reloj se adelanta "
                                    "una hora (cambio de horario); elige otra hora")
        elif _ambiguous(moment):
            c.error(here + (name,), f"{text} ocurre dos veces en {zone}: ese día el reloj se atrasa una hora "
                                    "(fin del horario de verano) y la hora no dice cuál de las dos es; "
                                    "elige una hora fuera de esa hora repetida")
        moments[name] = moment
    if len(moments) == 2 and moments["end"] <= moments["start"]:
        c.error(here + ("end",), f"la actividad termina ({activity['end']}) antes de empezar o a la vez "
                                 f"({activity['start']}); 'end' debe ser posterior a 'start'")


def _check_place(c: Checks, here: tuple, activity: dict) -> None:
    """región/comuna like the catalogue's, the time zone that fits them, a venue or a link."""
    territory = activity.get("territory")
    mode = activity.get("mode")
    zone = activity.get("timezone")
    if territory is None:
        if mode in ("presencial", "mixta"):
            c.error(here + ("territory",), "falta 'territory' (región y comuna): solo una actividad "
                                           "en_linea de alcance nacional puede omitirlo")
    elif isinstance(territory, dict):
        before = len(c.errors)
        check_territory(c, here + ("territory",), territory)
        region, comuna = territory.get("region"), territory.get("comuna")
        t = c.territories
        if len(c.errors) == before and region in t.regions and zone in ZONES:
            wanted = zone_for(region, comuna if comuna in t.comunas else None)
            if wanted != zone:
                where = t.comunas[comuna].name if comuna in t.comunas else t.regions[region].name
                c.error(here + ("timezone",), f"{where} usa la zona horaria '{wanted}', no '{zone}': "
                                              f"escribe timezone: {wanted}")
    if mode in ("presencial", "mixta") and "venue" not in activity:
        c.error(here + ("mode",), f"una actividad {mode} necesita 'venue' (el lugar: name y address)")
    if mode in ("en_linea", "mixta") and "online_url" not in activity:
        c.error(here + ("mode",), f"una actividad {mode} necesita 'online_url' (enlace https para participar)")
    if mode == "presencial" and "online_url" in activity:
        c.error(here + ("online_url",), "una actividad presencial no lleva 'online_url': usa mode: mixta")


def _activity_checks(c: Checks) -> None:
    try:
        campaigns = load(CAMPAIGNS, today=c.today).records
    except DataFileError:
        campaigns = None   # data/campaigns.yaml has its own messages
    campaign_ids: set[str] | None = None if campaigns is None else {x["id"] for x in campaigns}
    periods = {x["id"]: (x["start"], x["end"]) for x in campaigns or ()}
    seen: dict[str, int] = {}
    actions = _plan_action_keys(c.today)
    for index, activity in _items(c, "activities"):
        here = ("activities", index)
        _check_plan_actions(c, here + ("plan_actions",), activity.get("plan_actions"), actions)
        hygiene.check_title(c, here + ("title",), activity.get("title"))
        _check_id(c, here + ("id",), activity.get("id"), seen, "actividad")
        _check_times(c, here, activity)
        _check_campaign_period(c, here, activity, periods)
        _check_place(c, here, activity)
        campaign = activity.get("campaign")
        if isinstance(campaign, str) and campaign_ids is not None and campaign not in campaign_ids:
            known = ", ".join(sorted(campaign_ids)) or "ninguna (data/campaigns.yaml está vacío)"
            c.error(here + ("campaign",), f"no existe la campaña '{campaign}' en data/campaigns.yaml; "
                                          f"las que existen son: {known}")


ACTIVITIES = DataFile(
    name="activities",
    path="data/activities.yaml",
    schema="schemas/activities.schema.json",
    title="las actividades (Día Mundial, campaña nacional, jornadas, capacitaciones)",
    records=_activity_records,
    checks=_activity_checks,
    explain_code=code_explainer,
    required=False,
    empty={"activities": []},
)


def load_campaigns(**kwargs) -> list[dict]:
    return load(CAMPAIGNS, **kwargs).records


def load_activities(**kwargs) -> list[dict]:
    return load(ACTIVITIES, **kwargs).records

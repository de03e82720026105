"""iCalendar files of the activities (icalendar 7): the whole calendar, one per región, one per campaign.

Reproducible by construction: the UID of an event is its activity id + ``@`` + the site's domain
(never an index, a random uuid or the build time), DTSTAMP and LAST-MODIFIED come from the
activity's ``updated`` date, SEQUENCE from its ``sequence`` counter; a cancelled activity stays
in the file with ``STATUS:CANCELLED``. Every TZID used gets its VTIMEZONE, bounded to the years
of the events. Lines end in CRLF (RFC 5545).

A calendar with no activity is not written (RFC 5545 §3.6: a VCALENDAR holds at least one
component), and pages link only to calendars that exist (``specs`` is the one list of them).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping
from urllib.parse import urlsplit

from icalendar import Calendar, Event

BASE = "actividades"
ALL = f"{BASE}/calendario.ics"


def region_path(code: str) -> str:
    return f"{BASE}/calendario-region-{code}.ics"


def campaign_path(campaign_id: str) -> str:
    return f"{BASE}/calendario-{campaign_id}.ics"


@dataclass(frozen=True)
class CalendarSpec:
    path: str          # under the site (and under the language prefix)
    name: str          # X-WR-CALNAME / NAME
    activities: tuple


def domain(site_url: str) -> str:
    return urlsplit(site_url).hostname or "tratadepersonas.subinterior.gov.cl"


def uid(activity: Mapping, site_url: str) -> str:
    """Stable across builds and edits: a pure function of the activity's id and the site's domain."""
    return f"{activity['id']}@{domain(site_url)}"


def _stamp(activity: Mapping) -> dt.datetime:
    updated = activity["updated"]
    return dt.datetime(updated.year, updated.month, updated.day, tzinfo=dt.timezone.utc)


def _text(value: Mapping[str, str] | None, language: str) -> str:
    if not value:
        return ""
    return value.get(language) or value["es"]


def event(activity: Mapping, *, language: str, site_url: str, page_url: str, place: str) -> Event:
    description = _text(activity["description"], language)
    how = _text(activity["how_to_join"], language)
    if how:
        description = f"{description}\n\n{how}"
    ev = Event.new(
        uid=uid(activity, site_url),
        stamp=_stamp(activity),
        summary=_text(activity["title"], language),
        description=description,
        start=activity["start"],
        end=activity["end"],
        location=place or None,
        url=page_url or None,
        sequence=int(activity.get("sequence") or 0),
        last_modified=_stamp(activity),
        status="CANCELLED" if activity["status"] == "cancelada" else "CONFIRMED",
    )
    return ev


def calendar(spec: CalendarSpec, *, language: str, site_url: str, page_urls: Mapping[str, str],
             places: Mapping[str, str]) -> bytes:
    """One .ics file: its events in start order, VTIMEZONEs first, CRLF line ends."""
    cal = Calendar.new(
        prodid=f"-//MITP//Actividades//{language.upper()}",
        uid=f"{spec.path}@{domain(site_url)}",
        name=spec.name,
    )
    cal.add("method", "PUBLISH")
    activities = sorted(spec.activities, key=lambda a: (a["start"], a["id"]))
    for activity in activities:
        cal.add_component(event(activity, language=language, site_url=site_url,
                                page_url=page_urls.get(activity["id"], ""), place=places.get(activity["id"], "")))
    if activities:
        first = min(a["start"] for a in activities).date()
        last = max(a["end"] for a in activities).date()
        cal.add_missing_timezones(first_date=dt.date(first.year, 1, 1), last_date=dt.date(last.year + 1, 1, 1))
        # The library adds them in set order (which changes with Python's hash seed): sort them,
        # so two builds of the same data give the same bytes.
        zones = sorted((c for c in cal.subcomponents if c.name == "VTIMEZONE"), key=lambda c: str(c["TZID"]))
        cal.subcomponents = zones + [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    return cal.to_ical()


def specs(activities: Iterable[Mapping], campaigns: Iterable[Mapping], *, names: Mapping[str, str],
          region_names: Mapping[str, str], language: str) -> list[CalendarSpec]:
    """The whole calendar, one per región with activities, one per campaign with activities: never
    an empty one (RFC 5545 §3.6)."""
    activities = tuple(activities)
    out = [CalendarSpec(ALL, names["all"], activities)] if activities else []
    regions = sorted({(a.get("territory") or {}).get("region") for a in activities} - {None})
    for code in regions:
        chosen = tuple(a for a in activities if (a.get("territory") or {}).get("region") == code)
        out.append(CalendarSpec(region_path(code), f"{names['region']} {region_names.get(code, code)}", chosen))
    for campaign in campaigns:
        chosen = tuple(a for a in activities if a.get("campaign") == campaign["id"])
        if chosen:
            out.append(CalendarSpec(campaign_path(campaign["id"]), _text(campaign["name"], language), chosen))
    return out

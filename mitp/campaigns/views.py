"""What the campaign and activity pages show, as plain data for the templates (no MkDocs).

Every text is ``{"text", "lang"}`` as ``mitp.i18n.text_in`` builds it, so the template macro
``t()`` marks a Spanish fallback with ``lang="es"``. Links are relative to the page that shows them.
"""
from __future__ import annotations

import datetime as dt
import json
import posixpath
from typing import Any, Iterable, Mapping

from babel.dates import format_date as _babel_date, format_time

from mitp import i18n
from mitp.core import clock
from mitp.campaigns import calendar as ics

DEFAULT_LANGUAGE = "es"
ACTIVITIES = "actividades"
CAMPAIGNS = "campanas"
REGIONS = f"{ACTIVITIES}/regiones"


# Small helpers


def text_in(value: Mapping[str, str] | None, language: str):
    return i18n.text_in(value, language)


def plain(value: Mapping[str, str] | None, language: str) -> str:
    return i18n.plain(value, language)


def today() -> dt.date:
    """The build's date in Chile (the site's one rule, ``mitp.core.clock.today``)."""
    return clock.today()


def now(day: dt.date) -> dt.datetime:
    """Start of ``day`` in Chile: what "upcoming" is measured against."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=clock.CHILE)


def relative(target: str, page_url: str) -> str:
    """Link from the page at ``page_url`` ("actividades/x/") to ``target`` ("campanas/y/")."""
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


def activity_url(activity_id: str, prefix: str = "") -> str:
    return f"{prefix}{ACTIVITIES}/{activity_id}/"


def plan_action_links(keys, prefix: str, page_url: str) -> list[dict]:
    """Plan actions as readers see them ("Eje 1, acción 1.2"), each linked to its place on the
    Plan's axis page; ``keys`` are the data's "1-1.2" (axis-action)."""
    from mitp.plan.views import anchor

    out = []
    for key in keys:
        axis, action = key.split("-", 1)
        out.append({"axis": axis, "id": action,
                    "href": relative(f"{prefix}plan/eje-{axis}/#{anchor({'eje': axis, 'id': action})}", page_url)})
    return out


def campaign_url(campaign_id: str, prefix: str = "") -> str:
    return f"{prefix}{CAMPAIGNS}/{campaign_id}/"


def region_url(code: str, prefix: str = "") -> str:
    return f"{prefix}{REGIONS}/{code}/"


def offset_text(moment: dt.datetime) -> str:
    """"UTC−3" (with a real minus sign), "UTC−6", "UTC+0"."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "−" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def jsonld_text(data: Mapping[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">`` block that no data can close early.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so ``</script>`` or ``<!--`` inside a
    title stays text of the JSON and never becomes markup.
    """
    text = json.dumps(data, ensure_ascii=False, indent=None, sort_keys=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# Campaigns


def running(campaigns: Iterable[Mapping], day: dt.date) -> list[Mapping]:
    """The campaigns whose period includes ``day`` (start and end days included)."""
    return [c for c in campaigns if c["start"] <= day <= c["end"]]


def format_date(day: dt.date, form: str = "long", *, locale: str) -> str:
    """Babel's date, except in a language whose record says `fechas: propias` (Kreyòl: Babel would
    write French month names): the site's own rule, ``i18n.format_date``, without the weekday."""
    if i18n.uses_own_dates(locale):
        from mitp import ui

        return i18n.format_date(day, locale, ui.strings_for(locale))
    return _babel_date(day, form, locale=locale)


def period_text(campaign: Mapping, language: str) -> str:
    start, end = campaign["start"], campaign["end"]
    if start == end:
        return format_date(start, "long", locale=language)
    return f"{format_date(start, 'long', locale=language)} – {format_date(end, 'long', locale=language)}"


def campaign_view(campaign: Mapping, *, language: str, page_url: str, prefix: str, day: dt.date,
                  activities: Iterable[Mapping] = (), territories=None, strings: Mapping[str, str]) -> dict:
    theme = campaign.get("theme")
    state = "current" if campaign["start"] <= day <= campaign["end"] else ("upcoming" if day < campaign["start"] else "past")
    own = [a for a in activities if a.get("campaign") == campaign["id"]]
    return {
        "id": campaign["id"],
        "kind": campaign["kind"],
        "year": campaign.get("year"),
        "name": text_in(campaign["name"], language),
        "message": text_in(campaign.get("message"), language),
        "period": period_text(campaign, language),
        "start": campaign["start"].isoformat(),
        "end": campaign["end"].isoformat(),
        "state": state,
        "href": relative(campaign_url(campaign["id"], prefix), page_url),
        "theme": {
            "text": theme["text"], "lang": theme["lang"],
            "source": text_in({k: v for k, v in theme["source"].items() if k != "url"}, language),
            "source_url": theme["source"].get("url"),
        } if theme else None,
        "plan_actions": plan_action_links(campaign["plan_actions"], prefix, page_url),
        "source": text_in({k: v for k, v in campaign["source"].items() if k != "url"}, language),
        "source_url": campaign["source"].get("url"),
        "activity_count": len(own),
        "calendar": relative(f"{prefix}{ics.campaign_path(campaign['id'])}", page_url),
    }


def campaigns_by_state(views: list[dict]) -> dict[str, list[dict]]:
    out = {"current": [], "upcoming": [], "past": []}
    for view in views:
        out[view["state"]].append(view)
    out["upcoming"].sort(key=lambda v: v["start"])
    out["past"].sort(key=lambda v: v["start"], reverse=True)
    return out


# Activities


def place_text(activity: Mapping, language: str, territories) -> str:
    """Venue, comuna, región (or "En línea") in one line, for lists and calendars."""
    parts = []
    venue = activity.get("venue")
    if venue:
        parts.append(plain(venue["name"], language))
        if venue.get("address"):
            parts.append(venue["address"])
    territory = activity.get("territory") or {}
    if territory.get("comuna") and territories and territory["comuna"] in territories.comunas:
        parts.append(territories.comunas[territory["comuna"]].name)
    if territory.get("region") and territories and territory["region"] in territories.regions:
        parts.append(territories.regions[territory["region"]].name)
    return ", ".join(parts)


def when_text(activity: Mapping, language: str, strings: Mapping[str, str]) -> str:
    start, end = activity["start"], activity["end"]
    zone = strings.get(f"activities_zone_{start.tzinfo.key.replace('/', '_')}", start.tzinfo.key)
    day = format_date(start.date(), "full", locale=language)
    time = f"{format_time(start, 'short', locale=language)}–{format_time(end, 'short', locale=language)}"
    if end.date() != start.date():
        time = (f"{format_time(start, 'short', locale=language)} – "
                f"{format_date(end.date(), 'full', locale=language)} {format_time(end, 'short', locale=language)}")
    return f"{day}, {time} ({zone}, {offset_text(start)})"


def jsonld(activity: Mapping, *, language: str, url: str, territories, strings: Mapping[str, str]) -> dict:
    """schema.org Event (Google's event fields): dates with the offset of the place."""
    territory = activity.get("territory") or {}
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "CL"}
    if territory.get("comuna") and territory["comuna"] in territories.comunas:
        address["addressLocality"] = territories.comunas[territory["comuna"]].name
    if territory.get("region") and territory["region"] in territories.regions:
        address["addressRegion"] = territories.regions[territory["region"]].name
    venue = activity.get("venue")
    if venue and venue.get("address"):
        address["streetAddress"] = venue["address"]
    locations = []
    if venue:
        locations.append({"@type": "Place", "name": plain(venue["name"], language), "address": address})
    if activity.get("online_url"):
        locations.append({"@type": "VirtualLocation", "url": activity["online_url"]})
    mode = {"presencial": "OfflineEventAttendanceMode", "en_linea": "OnlineEventAttendanceMode",
            "mixta": "MixedEventAttendanceMode"}[activity["mode"]]
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": plain(activity["title"], language),
        "description": plain(activity["description"], language),
        "startDate": activity["start"].isoformat(),
        "endDate": activity["end"].isoformat(),
        "eventStatus": "https://schema.org/" + ("EventCancelled" if activity["status"] == "cancelada" else "EventScheduled"),
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": plain(activity["organizer"], language)},
        "audience": {"@type": "Audience", "audienceType": plain(activity["audience"], language)},
        "inLanguage": language,
        "url": url,
    }


def activity_view(activity: Mapping, *, language: str, page_url: str, prefix: str, territories,
                  campaigns_by_id: Mapping[str, Mapping], strings: Mapping[str, str], site_url: str = "") -> dict:
    territory = activity.get("territory") or {}
    campaign = campaigns_by_id.get(activity.get("campaign") or "")
    venue = activity.get("venue")
    own_url = activity_url(activity["id"], prefix)
    region = territory.get("region")
    return {
        "id": activity["id"],
        "href": relative(own_url, page_url),
        "title": text_in(activity["title"], language),
        "description": text_in(activity["description"], language),
        "type": activity["type"],
        "type_label": strings.get(f"activities_type_{activity['type']}", activity["type"]),
        "cancelled": activity["status"] == "cancelada",
        "when": when_text(activity, language, strings),
        "start": activity["start"].isoformat(),
        "end": activity["end"].isoformat(),
        "mode": activity["mode"],
        "mode_label": strings.get(f"activities_mode_{activity['mode']}", activity["mode"]),
        "place": place_text(activity, language, territories),
        "venue": text_in(venue["name"], language) if venue else None,
        "address": venue.get("address") if venue else None,
        "online_url": activity.get("online_url"),
        "comuna": territories.comunas[territory["comuna"]].name if territory.get("comuna") in territories.comunas else None,
        "region": territories.regions[region].name if region in territories.regions else None,
        "region_href": relative(region_url(region, prefix), page_url) if region in territories.regions else None,
        "organizer": text_in(activity["organizer"], language),
        "audience": text_in(activity["audience"], language),
        "how_to_join": text_in(activity["how_to_join"], language),
        "campaign": {"name": text_in(campaign["name"], language),
                     "href": relative(campaign_url(campaign["id"], prefix), page_url)} if campaign else None,
        "plan_actions": plan_action_links(activity["plan_actions"], prefix, page_url),
        "source": text_in({k: v for k, v in activity["source"].items() if k != "url"}, language),
        "source_url": activity["source"]["url"],
        "updated": format_date(activity["updated"], "long", locale=language),
        "jsonld": jsonld_text(jsonld(activity, language=language,
                                     url=(site_url.rstrip("/") + "/" + own_url) if site_url else own_url,
                                     territories=territories, strings=strings)),
    }


def split_by_time(activities: Iterable[Mapping], day: dt.date) -> tuple[list[Mapping], list[Mapping]]:
    """(upcoming, past): upcoming = not yet over at the start of ``day`` in Chile, soonest first."""
    moment = now(day)
    upcoming = sorted((a for a in activities if a["end"] > moment), key=lambda a: (a["start"], a["id"]))
    past = sorted((a for a in activities if a["end"] <= moment), key=lambda a: (a["start"], a["id"]), reverse=True)
    return upcoming, past


def listing(activities: Iterable[Mapping], *, day: dt.date, **view_args) -> dict:
    upcoming, past = split_by_time(activities, day)
    return {
        "upcoming": [activity_view(a, **view_args) for a in upcoming],
        "past": [activity_view(a, **view_args) for a in past],
    }


def regions_summary(activities: Iterable[Mapping], *, territories, prefix: str, page_url: str) -> list[dict]:
    """Regions with activities, north to south, with their count and links."""
    counts: dict[str, int] = {}
    for activity in activities:
        code = (activity.get("territory") or {}).get("region")
        if code:
            counts[code] = counts.get(code, 0) + 1
    regions = sorted((territories.regions[c] for c in counts if c in territories.regions), key=lambda r: r.order)
    return [{"code": r.code, "name": r.name, "count": counts[r.code],
             "href": relative(region_url(r.code, prefix), page_url),
             "calendar": relative(f"{prefix}{ics.region_path(r.code)}", page_url)} for r in regions]


def pieces_view(pieces: Iterable[Mapping], *, language: str, prefix: str, page_url: str) -> list[dict]:
    """A campaign's pieces, linked to their place in the materials library (``materiales/#<id>``)."""
    library = relative(f"{prefix}materiales/", page_url)
    return [{"title": text_in(p["title"], language), "href": f"{library}#{p['id']}"} for p in pieces]

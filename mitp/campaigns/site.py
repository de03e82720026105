"""What hooks/campaigns.py puts in pages and files: markers → HTML, calendars, indicator counts.

The markers (``KINDS``) are registered with the one marker grammar (mitp.core.render) by the hook.

Plain functions over the validated records; the Jinja environment is handed in (the theme's,
with autoescape), so nothing here imports MkDocs.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from mitp.campaigns import calendar as ics
from mitp.campaigns import indicators, views

INDICATORS = f"{views.ACTIVITIES}/indicadores.json"


class MarkerError(ValueError):
    """A marker names something the data does not have."""


@dataclass
class State:
    campaigns: list[dict]
    activities: list[dict]
    territories: Any
    today: dt.date
    site_url: str = ""
    pieces: Mapping[str, list[dict]] = field(default_factory=dict)   # campaign id → its pieces (data/materials.yaml)

    @property
    def campaigns_by_id(self) -> dict[str, dict]:
        return {c["id"]: c for c in self.campaigns}


def load_state(root, site_url: str) -> State:
    """The validated campaigns and activities of the project at ``root`` (read once per change)."""
    from mitp.campaigns import data
    from mitp.territories import load_territories

    day = views.today()
    return State(data.load_campaigns(root=root, today=day), data.load_activities(root=root, today=day),
                 load_territories(), day, site_url, _pieces(root))


def _pieces(root) -> dict[str, list[dict]]:
    """The materials library's pieces (data/materials.yaml, field ``campaign``) by campaign id.

    The library is another content type (mitp/materials/); where it is not installed, or its file
    is broken (its own hook reports that), campaign pages simply list no pieces.
    """
    try:
        from mitp.materials import data as materials
    except ImportError:
        return {}
    from mitp.problems import DataFileError

    try:
        pieces = materials.load_materials(root=root)
    except DataFileError:
        return {}
    out: dict[str, list[dict]] = {}
    for piece in pieces:
        if isinstance(piece, dict) and piece.get("campaign"):
            out.setdefault(piece["campaign"], []).append(piece)
    return out


KINDS = ("campanas", "campana-actual", "campana", "actividades-region", "actividades", "actividad")


def render_marker(kind: str, arg: str | None, *, state: State, language: str, prefix: str, page_url: str,
            strings: Mapping[str, str], render: Callable[..., str]) -> str:
    view_args = dict(language=language, page_url=page_url, prefix=prefix, territories=state.territories,
                     campaigns_by_id=state.campaigns_by_id, strings=strings, site_url=state.site_url)
    campaign_args = dict(language=language, page_url=page_url, prefix=prefix, day=state.today,
                         activities=state.activities, territories=state.territories, strings=strings)
    back_to_activities = views.relative(f"{prefix}{views.ACTIVITIES}/", page_url)
    if kind == "campana-actual":
        running = [views.campaign_view(c, **campaign_args) for c in views.running(state.campaigns, state.today)]
        return render("partials/campaigns/banner.html", running=running) if running else ""
    if kind == "campanas":
        groups = views.campaigns_by_state([views.campaign_view(c, **campaign_args) for c in state.campaigns])
        return render("partials/campaigns/campaigns.html", campaigns=groups)
    if kind == "actividades":
        data = {
            "listing": views.listing(state.activities, day=state.today, **view_args),
            "regions": views.regions_summary(state.activities, territories=state.territories, prefix=prefix,
                                             page_url=page_url),
            "campaigns": [views.campaign_view(c, **campaign_args)
                          for c in sorted(state.campaigns, key=lambda c: c["start"], reverse=True)],
            # No activity, no calendar file (mitp/campaigns/calendar.py): no link to one.
            "calendar": views.relative(f"{prefix}{ics.ALL}", page_url) if state.activities else None,
        }
        return render("partials/campaigns/activities.html", activities=data)
    if kind == "campana":
        campaign = state.campaigns_by_id.get(arg or "")
        if campaign is None:
            raise MarkerError(f"no existe la campaña '{arg}' en data/campaigns.yaml")
        own = [a for a in state.activities if a.get("campaign") == campaign["id"]]
        return render("partials/campaigns/campaign.html", campaign=views.campaign_view(campaign, **campaign_args),
                      listing=views.listing(own, day=state.today, **view_args),
                      pieces=views.pieces_view(state.pieces.get(campaign["id"], []), language=language,
                                               prefix=prefix, page_url=page_url),
                      back=views.relative(f"{prefix}{views.CAMPAIGNS}/", page_url))
    if kind == "actividades-region":
        region = state.territories.regions.get(arg or "")
        if region is None:
            raise MarkerError(f"no existe la región '{arg}'")
        own = [a for a in state.activities if (a.get("territory") or {}).get("region") == region.code]
        data = {"name": region.name, "listing": views.listing(own, day=state.today, **view_args),
                "back": back_to_activities,
                "calendar": views.relative(f"{prefix}{ics.region_path(region.code)}", page_url) if own else None}
        return render("partials/campaigns/region.html", region=data)
    # kind == "actividad"
    activity = next((a for a in state.activities if a["id"] == arg), None)
    if activity is None:
        raise MarkerError(f"no existe la actividad '{arg}' en data/activities.yaml")
    return render("partials/campaigns/activity.html", activity=views.activity_view(activity, **view_args),
                  calendar_href=views.relative(f"{prefix}{ics.ALL}", page_url), back_href=back_to_activities)


def files(state: State, *, language: str, prefix: str, strings: Mapping[str, str]) -> dict[str, bytes]:
    """{path under the site: bytes}: the calendars of one language, and the indicator counts (once)."""
    names = {"all": strings["activities_calendar_all"].replace(" (.ics)", ""),
             "region": strings["activities_calendar_region"]}
    region_names = {code: region.name for code, region in state.territories.regions.items()}
    site = state.site_url.rstrip("/") + "/" if state.site_url else "/"
    page_urls = {a["id"]: site + views.activity_url(a["id"], prefix) for a in state.activities}
    places = {a["id"]: views.place_text(a, language, state.territories)
              or strings.get(f"activities_mode_{a['mode']}", "") for a in state.activities}
    out: dict[str, bytes] = {}
    for spec in ics.specs(state.activities, state.campaigns, names=names, region_names=region_names,
                          language=language):
        out[prefix + spec.path] = ics.calendar(spec, language=language, site_url=state.site_url,
                                               page_urls=page_urls, places=places)
    if not prefix:
        out[INDICATORS] = (json.dumps(indicators.counts(state.activities), ensure_ascii=False, indent=2)
                           + "\n").encode("utf-8")
    return out

"""The .ics files as a calendar app reads them: parse with icalendar, stable UIDs and DTSTAMPs
across builds and edits, a VTIMEZONE for every TZID, cancellations kept and marked, CRLF, and the
right events in the per-región and per-campaign files."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from icalendar import Calendar

from directory_sites import copy_project
from sitebuild import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "activities"
SITE_URL = "https://tratadepersonas.subinterior.gov.cl/"


def _build(tmp: Path, activities: Path, *, seed: str) -> Path:
    project = copy_project(tmp / "project")
    site = tmp / "site"
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": seed,
           "MITP_ACTIVITIES": str(activities), "MITP_CAMPAIGNS": str(FIXTURES / "campaigns.yaml"),
           "MITP_TODAY": "2026-07-01", "HOME": str(tmp),
           "MITP_MATERIALS_CACHE": os.environ["MITP_MATERIALS_CACHE"]}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=project, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


@pytest.fixture(scope="module")
def builds():
    """Two builds of the same data (different hash seeds) and one after editing a description."""
    tmp = Path(tempfile.mkdtemp(prefix="mitp-ics-"))
    edited = tmp / "edited.yaml"
    text = (FIXTURES / "activities.yaml").read_text("utf-8")
    edited.write_text(text.replace("Puestos de información sobre la trata de personas.",
                                   "Puestos de información y una charla."), "utf-8")
    sites = (_build(tmp / "a", FIXTURES / "activities.yaml", seed="1"),
             _build(tmp / "b", FIXTURES / "activities.yaml", seed="2"),
             _build(tmp / "c", edited, seed="3"))
    yield sites
    shutil.rmtree(tmp, ignore_errors=True)


def _cal(site: Path, rel: str) -> Calendar:
    return Calendar.from_ical((site / rel).read_bytes())


def _uids(cal: Calendar) -> dict[str, str]:
    return {str(e["UID"]): str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


def test_calendar_parses_and_holds_every_activity(builds):
    cal = _cal(builds[0], "actividades/calendario.ics")
    uids = _uids(cal)
    assert set(uids) == {f"{i}@tratadepersonas.subinterior.gov.cl" for i in (
        "dm-2026-punta-arenas", "dm-2026-santiago", "dm-2026-rapa-nui", "turismo-2026-09", "sens-2025-coyhaique")}
    assert str(cal["METHOD"]) == "PUBLISH"


def test_same_data_gives_the_same_bytes(builds):
    for rel in ("actividades/calendario.ics", "actividades/calendario-region-12.ics",
                "en/actividades/calendario.ics", "actividades/calendario-dia-mundial-2026.ics"):
        assert (builds[0] / rel).read_bytes() == (builds[1] / rel).read_bytes(), rel


def test_uid_and_dtstamp_survive_an_edited_description(builds):
    before = {str(e["UID"]): e for e in _cal(builds[0], "actividades/calendario.ics").walk("VEVENT")}
    after = {str(e["UID"]): e for e in _cal(builds[2], "actividades/calendario.ics").walk("VEVENT")}
    assert set(before) == set(after)
    uid = "dm-2026-punta-arenas@tratadepersonas.subinterior.gov.cl"
    assert "charla" in str(after[uid]["DESCRIPTION"]) and "charla" not in str(before[uid]["DESCRIPTION"])
    for key in before:
        assert before[key].decoded("DTSTAMP") == after[key].decoded("DTSTAMP")
    # DTSTAMP is the activity's `updated` date, not the build's time.
    assert before[uid].decoded("DTSTAMP").isoformat() == "2026-07-01T00:00:00+00:00"


def test_every_tzid_has_its_vtimezone_first(builds):
    raw = (builds[0] / "actividades/calendario.ics").read_bytes().decode()
    used = set(re.findall(r";TZID=([A-Za-z_/]+):", raw))
    assert used == {"America/Santiago", "America/Punta_Arenas", "America/Coyhaique", "Pacific/Easter"}
    defined = set(re.findall(r"^TZID:(\S+)\r$", raw, re.M))
    assert used <= defined
    assert raw.index("BEGIN:VTIMEZONE") < raw.index("BEGIN:VEVENT")


def test_times_keep_the_zone_of_the_place(builds):
    events = {str(e["UID"]).split("@")[0]: e for e in _cal(builds[0], "actividades/calendario.ics").walk("VEVENT")}
    start = events["dm-2026-punta-arenas"].decoded("DTSTART")
    assert start.utcoffset().total_seconds() == -3 * 3600
    assert events["dm-2026-rapa-nui"].decoded("DTSTART").utcoffset().total_seconds() == -6 * 3600
    assert events["dm-2026-santiago"].decoded("DTSTART").utcoffset().total_seconds() == -4 * 3600


def test_cancelled_is_kept_and_marked_with_its_sequence(builds):
    events = {str(e["UID"]).split("@")[0]: e for e in _cal(builds[0], "actividades/calendario.ics").walk("VEVENT")}
    assert str(events["dm-2026-rapa-nui"]["STATUS"]) == "CANCELLED"
    assert int(events["dm-2026-rapa-nui"]["SEQUENCE"]) == 1
    assert str(events["dm-2026-santiago"]["STATUS"]) == "CONFIRMED"
    assert int(events["dm-2026-santiago"]["SEQUENCE"]) == 2


def test_lines_end_in_crlf(builds):
    raw = (builds[0] / "actividades/calendario.ics").read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") > 10


def test_region_and_campaign_files_hold_their_events(builds):
    site = builds[0]
    ids = lambda rel: {u.split("@")[0] for u in _uids(_cal(site, rel))}   # noqa: E731
    assert ids("actividades/calendario-region-12.ics") == {"dm-2026-punta-arenas"}
    assert ids("actividades/calendario-region-05.ics") == {"dm-2026-rapa-nui"}
    assert ids("actividades/calendario-region-11.ics") == {"sens-2025-coyhaique"}
    assert ids("actividades/calendario-dia-mundial-2026.ics") == {
        "dm-2026-punta-arenas", "dm-2026-santiago", "dm-2026-rapa-nui"}
    assert not (site / "actividades/calendario-campana-prueba.ics").exists()   # no event, no file (RFC 5545 §3.6)
    assert not (site / "actividades/calendario-region-13.ics").read_bytes().count(b"punta-arenas")


def test_english_calendar_has_english_titles_and_same_uids(builds):
    es = _uids(_cal(builds[0], "actividades/calendario.ics"))
    en = _uids(_cal(builds[0], "en/actividades/calendario.ics"))
    assert set(es) == set(en)
    uid = "dm-2026-punta-arenas@tratadepersonas.subinterior.gov.cl"
    assert en[uid] == "Information fair in Punta Arenas" and es[uid] == "Feria informativa en Punta Arenas"


def test_no_calendar_file_without_an_event():
    """RFC 5545 §3.6: a VCALENDAR holds at least one component; with no activity, no file."""
    from mitp.campaigns import calendar as ics

    names = {"all": "Todas las actividades", "region": "Región"}
    campaigns = [{"id": "dia-mundial-2026", "name": {"es": "Día Mundial 2026"}}]
    assert ics.specs([], campaigns, names=names, region_names={}, language="es") == []


def test_the_shipped_site_links_no_calendar_that_does_not_exist(site):
    """data/activities.yaml ships empty: no .ics is published, and no page links to one."""
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.ics")) == []
    linked = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if ".ics\"" in p.read_text("utf-8")]
    assert linked == []

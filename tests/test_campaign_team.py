"""Issue 10, "done means": a campaign team follows CONTRIBUTING.md — adds the campaign, the piece
and the activity its examples show — and one strict build turns them into pages in every
language, a kit, the campaign's page with both, and calendars a phone's calendar app imports.

The examples are read from CONTRIBUTING.md itself, so the guide cannot drift from what the build
accepts. Everything happens in a copy of the project (tests/directory_sites.copy_project); the
2027 campaign, piece and activity are the guide's examples, never published.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import icalendar
import pytest
from PIL import Image

from directory_sites import ROOT, build, copy_project

TODAY = "2027-07-10"   # the campaign runs 2027-07-30; the activity is upcoming


def _yaml_blocks(section: str) -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    part = text.split(section, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", part, re.S)


def _team_project(tmp: Path) -> Path:
    project = copy_project(tmp / "project")
    piece = next(b for b in _yaml_blocks("## Agregar una pieza") if "files:" in b)
    campaign, activity = _yaml_blocks("## Campañas y actividades")
    # The piece's files, as a campaign team would put them in materials/<id>/.
    for path, kind in re.findall(r"path: (materials/\S+?\.(png|pdf))", piece):
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "png":
            buffer = io.BytesIO()
            Image.new("RGB", (1080, 1350), "#0d3b66").save(buffer, "PNG")
            target.write_bytes(buffer.getvalue())
        else:
            target.write_bytes(b"%PDF-1.4\n% fixture\n")
    data = project / "data"
    (data / "materials.yaml").write_text((data / "materials.yaml").read_text("utf-8").rstrip("\n") + "\n\n" + piece,
                                         "utf-8")
    (data / "campaigns.yaml").write_text((data / "campaigns.yaml").read_text("utf-8").rstrip("\n") + "\n\n" + campaign,
                                         "utf-8")
    activities = (data / "activities.yaml").read_text("utf-8")
    assert "activities: []" in activities   # the guide's instruction for an empty list
    activity = activity.replace("https://…", "https://www.ejemplo.gob.cl/noticias/dia-mundial-2027")
    (data / "activities.yaml").write_text(activities.replace("activities: []", "activities:\n" + activity), "utf-8")
    return project


@pytest.fixture(scope="module")
def team_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("equipo")
    project = _team_project(tmp)
    site = tmp / "site"
    proc = build(project, project / "data" / "resources.yaml", site, MITP_TODAY=TODAY,
                 MITP_MATERIALS_CACHE=str(ROOT / ".cache" / "materials"))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return site


PIECE = "afiche-dia-mundial-2027-magallanes"
ACTIVITY = "2027-dm-punta-arenas-plaza"
CAMPAIGN = "dia-mundial-2027"


@pytest.mark.parametrize("prefix, lang", [("", "es"), ("en/", "en"), ("ht/", "ht")])
def test_the_piece_is_on_the_materials_page_of_every_language_with_its_files_and_kit(team_site, prefix, lang):
    page = team_site / prefix / "materiales" / "index.html"
    text = page.read_text("utf-8")
    section = text[text.index(f'id="{PIECE}"'):]
    section = section[:section.index("</section>")]
    links = re.findall(r'href="([^"]+)" download', section)
    names = [link.rsplit("/", 1)[1] for link in links]
    assert names[:2] == ["afiche-es.png", "afiche-es.pdf"]
    kit_name = f"{PIECE}-{'es' if lang == 'ht' else lang}-kit.zip"   # no Kreyòl texts: the Spanish piece
    assert names[-1] == kit_name
    for link in links:
        assert (page.parent / link).resolve().is_file(), link
    if lang == "ht":
        assert '<h2 id="' + PIECE + '-title"><span lang="es">Afiche del Día Mundial 2027' in section
    kit = zipfile.ZipFile((page.parent / links[-1]).resolve())
    assert {"afiche-es.png", "afiche-es.pdf"} <= set(kit.namelist())
    readme = next(n for n in kit.namelist() if n in ("LEEME.txt", "README.txt"))
    assert "133" in kit.read(readme).decode("utf-8")   # the full text of the image travels with it


@pytest.mark.parametrize("prefix", ["", "en/", "ht/"])
def test_the_activity_has_its_page_with_event_data_in_every_language(team_site, prefix):
    page = (team_site / prefix / "actividades" / ACTIVITY / "index.html").read_text("utf-8")
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    event = json.loads(block)
    assert event["@type"] == "Event"
    assert event["startDate"] == "2027-07-30T11:00:00-03:00"   # Magallanes: UTC-3 all year
    listing = (team_site / prefix / "actividades" / "index.html").read_text("utf-8")
    upcoming = listing.split('id="proximas"', 1)[1].split('id="pasadas"', 1)[0]
    assert f"{ACTIVITY}/" in upcoming


@pytest.mark.parametrize("prefix", ["", "en/", "ht/"])
def test_the_campaign_page_lists_the_piece_and_the_activity(team_site, prefix):
    page = (team_site / prefix / "campanas" / CAMPAIGN / "index.html").read_text("utf-8")
    assert f"materiales/#{PIECE}" in page
    assert f"actividades/{ACTIVITY}/" in page
    # Not running yet on TODAY: the home page shows no campaign notice.
    assert CAMPAIGN not in (team_site / prefix / "index.html").read_text("utf-8")


def test_calendars_hold_the_activity_as_a_phone_imports_it(team_site):
    for name in ("calendario.ics", "calendario-region-12.ics", f"calendario-{CAMPAIGN}.ics"):
        raw = (team_site / "actividades" / name).read_bytes()
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
        calendar = icalendar.Calendar.from_ical(raw)
        [event] = [c for c in calendar.walk("VEVENT")]
        assert str(event["UID"]) == f"{ACTIVITY}@tratadepersonas.subinterior.gov.cl"
        assert event["DTSTART"].dt.isoformat() == "2027-07-30T11:00:00-03:00"
        assert str(event["DTSTART"].params["TZID"]) == "America/Punta_Arenas"
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Punta_Arenas"]

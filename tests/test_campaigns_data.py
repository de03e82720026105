"""data/campaigns.yaml and data/activities.yaml: shipped files valid; editors' mistakes refused with
file:line:col, the field, and what would be valid (Spanish), never a traceback."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mitp.campaigns import data
from sitebuild import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "activities"
ACTIVITIES = (FIXTURES / "activities.yaml").read_text("utf-8")
CAMPAIGNS = (FIXTURES / "campaigns.yaml").read_text("utf-8")


@pytest.fixture(autouse=True)
def fixture_campaigns(monkeypatch):
    monkeypatch.setenv("MITP_CAMPAIGNS", str(FIXTURES / "campaigns.yaml"))


def _problems(tmp_path: Path, text: str, spec=data.ACTIVITIES) -> list[str]:
    path = tmp_path / f"{spec.name}.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(data.DataFileError) as caught:
        data.load(spec, path=path)
    return str(caught.value).splitlines()


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


def test_shipped_files_are_valid_and_sourced(monkeypatch):
    monkeypatch.delenv("MITP_CAMPAIGNS")
    campaigns = data.load_campaigns()
    activities = data.load_activities()
    assert activities == [], "no activity could be confirmed on an official page: the file ships empty"
    for campaign in campaigns:
        assert campaign["source"]["es"]
        if campaign["kind"] == "dia_mundial":
            assert campaign["start"] <= dt.date(campaign["year"], 7, 30) <= campaign["end"]
        theme = campaign.get("theme")
        if theme:   # a theme only with an official UN page (un.org, unodc.org) as its source
            assert re.match(r"https://([a-z]+\.)?(un|unodc)\.org/", theme["source"]["url"]), theme["source"]["url"]


def test_fixture_activities_load_with_the_offset_of_each_place():
    activities = {a["id"]: a for a in data.load_activities(path=FIXTURES / "activities.yaml")}
    offsets = {key: a["start"].utcoffset() for key, a in activities.items()}
    assert offsets["dm-2026-punta-arenas"] == dt.timedelta(hours=-3)   # Magallanes, all year
    assert offsets["dm-2026-santiago"] == dt.timedelta(hours=-4)       # mainland winter
    assert offsets["dm-2026-rapa-nui"] == dt.timedelta(hours=-6)       # Isla de Pascua winter
    assert offsets["sens-2025-coyhaique"] == dt.timedelta(hours=-3)    # Aysén, all year


@pytest.mark.parametrize("old, new, field, words", [
    # Magallanes does not use the mainland's zone.
    ("timezone: America/Punta_Arenas", "timezone: America/Santiago", "timezone",
     "America/Punta_Arenas"),
    # Isla de Pascua is two hours behind.
    ("timezone: Pacific/Easter", "timezone: America/Santiago", "timezone", "Pacific/Easter"),
    # A comuna of another región.
    ('territory: {region: "13", comuna: "13101"}', 'territory: {region: "12", comuna: "13101"}',
     "territory.comuna", "Metropolitana"),
    # A comuna code that does not exist, with the codes of its provincia.
    ('comuna: "12101"', 'comuna: "12199"', "territory.comuna", "12101"),
    # End before start.
    ('end: "2026-07-30T12:00"', 'end: "2026-07-30T09:00"', "end", "posterior"),
    # A local time skipped by the clock change (Chile moves to summer time on 6 Sep 2026).
    ('start: "2026-09-10T15:00"', 'start: "2026-09-06T00:30"', "start", "no existe"),
    # A local time that happens twice: Chile's summer time ends on 5 Apr 2026, 00:00 becomes 23:00 again.
    ('start: "2026-09-10T15:00"\n    end: "2026-09-10T16:30"', 'start: "2026-04-04T23:30"\n    end: "2026-04-05T01:00"',
     "start", "ocurre dos veces"),
    # An activity outside its campaign's days (dia-mundial-2026 is 30 July only).
    ('start: "2026-07-30T11:00"\n    end: "2026-07-30T13:00"', 'start: "2026-07-31T11:00"\n    end: "2026-07-31T13:00"',
     "start", "fuera del período de su campaña 'dia-mundial-2026' (2026-07-30 a 2026-07-30"),
    # A campaign that is not in data/campaigns.yaml, with the ones that are.
    ("campaign: dia-mundial-2026\n    start: \"2026-07-30T10:00\"", "campaign: dia-mundial-2062\n    start: \"2026-07-30T10:00\"",
     "campaign", "dia-mundial-2026"),
    # In person without a venue.
    ("    venue:\n      name: {es: \"Plaza de prueba\"}\n      address: \"Calle Falsa 123\"\n", "",
     "mode", "venue"),
    # An id that is a path of the site.
    ("id: turismo-2026-09", "id: regiones", "id", "dirección del sitio"),
    # Markup in a title (it would reach the page's <title> unescaped).
    ('es: "Feria informativa en Punta Arenas"', 'es: "Feria </title><script>alert(1)</script>"',
     "title.es", "< ni >"),
    # Repeated id.
    ("id: sens-2025-coyhaique", "id: dm-2026-santiago", "id", "repetido"),
])
def test_mistakes_are_refused_with_line_field_and_fix(tmp_path, old, new, field, words):
    assert old in ACTIVITIES
    text = ACTIVITIES.replace(old, new, 1)
    problems = _problems(tmp_path, text)
    ours = [p for p in problems if f" {field}:" in p]
    assert ours, problems
    assert words in ours[0], ours[0]
    assert "Traceback" not in "\n".join(problems)
    # file:line:col points at the field (or, for a missing one, at what asks for it).
    line = int(ours[0].split("activities.yaml:", 1)[1].split(":", 1)[0])
    key = field.rsplit(".", 1)[-1]
    lines = text.splitlines()
    assert re.match(rf"\s*(- )?{re.escape(key)}:", lines[line - 1]) or key in lines[line - 1], (ours[0], lines[line - 1])


def test_schema_errors_name_line_and_valid_values(tmp_path):
    text = ACTIVITIES.replace("status: cancelada", "status: suspendida", 1)
    problems = _problems(tmp_path, text)
    line = _line(text, "status: suspendida")
    assert any(f"activities.yaml:{line}:" in p and "cancelada" in p for p in problems), problems


def test_campaign_mistakes(tmp_path):
    text = CAMPAIGNS.replace('start: "2026-07-30"', 'start: "2026-07-31"', 1).replace('end: "2026-07-30"', 'end: "2026-07-31"', 1)
    problems = _problems(tmp_path, text, data.CAMPAIGNS)
    assert any(" start:" in p and "30 de julio de 2026" in p for p in problems), problems
    text = CAMPAIGNS.replace('end: "2026-09-30"', 'end: "2026-08-30"', 1)
    problems = _problems(tmp_path, text, data.CAMPAIGNS)
    line = _line(text, 'end: "2026-08-30"')
    assert any(f":{line}:" in p and " end:" in p for p in problems), problems


def test_validate_command_prints_messages_not_a_traceback(tmp_path):
    bad = tmp_path / "activities.yaml"
    bad.write_text(ACTIVITIES.replace("timezone: America/Coyhaique", "timezone: America/Santiago"), "utf-8")
    code = ("import sys\nfrom mitp.campaigns import data\n"
            "try:\n    data.load_activities()\nexcept data.DataFileError as e:\n    print(e); sys.exit(1)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={"MITP_ACTIVITIES": str(bad), "MITP_CAMPAIGNS": str(FIXTURES / "campaigns.yaml"),
                               "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 1
    assert "timezone" in proc.stdout and "America/Coyhaique" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def _contributing_examples() -> tuple[str, str, list[str]]:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = text.split("## Campañas y actividades", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(yaml)?\n(.*?)```", section, re.S)
    campaign, activity = (b[1] for b in blocks if b[0] == "yaml")
    errors = next(b[1] for b in blocks if b[0] == "").strip().splitlines()
    return campaign, activity, errors


def test_contributing_examples_are_valid_and_its_error_example_is_what_editors_get(tmp_path, monkeypatch):
    campaign, activity, errors = _contributing_examples()
    campaigns_file = tmp_path / "campaigns.yaml"
    campaigns_file.write_text("campaigns:\n" + campaign, "utf-8")
    monkeypatch.setenv("MITP_CAMPAIGNS", str(campaigns_file))
    assert [c["id"] for c in data.load_campaigns()] == ["dia-mundial-2027"]
    good = tmp_path / "activities.yaml"
    good.write_text("activities:\n" + activity.replace("https://…", "https://www.ejemplo.gob.cl/noticia"), "utf-8")
    (loaded,) = data.load_activities(path=good)
    assert loaded["start"].utcoffset() == dt.timedelta(hours=-3)
    # The mistakes the section shows, made on its own example, give the messages it shows.
    monkeypatch.setenv("MITP_CAMPAIGNS", str(ROOT / "data" / "campaigns.yaml"))
    bad = tmp_path / "data" / "activities.yaml"
    bad.parent.mkdir()
    bad.write_text(good.read_text("utf-8").replace("timezone: America/Punta_Arenas", "timezone: America/Santiago")
                   .replace('comuna: "12101"', 'comuna: "Punta Arenas"'), "utf-8")
    with pytest.raises(data.DataFileError) as caught:
        data.load_activities(path=bad)
    got = [line.replace(str(bad), "data/activities.yaml") for line in str(caught.value).splitlines()]
    shown = [line.split(": ", 1)[1] for line in errors]
    assert [line.split(": ", 1)[1] for line in got] == shown
    assert [line.split(":")[1:3] for line in got] == [line.split(":")[1:3] for line in errors]


def test_campaign_pieces_link_to_the_materials_library():
    from mitp.campaigns import views

    pieces = [{"id": "senales", "title": {"es": "Señales", "en": "Signs"}}, {"id": "afiche", "title": {"es": "Afiche"}}]
    shown = views.pieces_view(pieces, language="en", prefix="en/", page_url="en/campanas/dia-mundial-2026/")
    assert shown == [{"title": {"text": "Signs", "lang": "en"}, "href": "../../materiales/#senales"},
                     {"title": {"text": "Afiche", "lang": "es"}, "href": "../../materiales/#afiche"}]

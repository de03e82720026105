"""Campaign and activity pages as built: JSON-LD a search engine can read (and no data can break
out of), the home notice only during a campaign, pages per language, Plan counts, and what the
shipped (empty) activity data shows."""
from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest

from directory_sites import built
from mitp import security
from mitp.campaigns import data, indicators, views
from sitebuild import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "activities"
ENV = (("MITP_ACTIVITIES", str(FIXTURES / "activities.yaml")), ("MITP_CAMPAIGNS", str(FIXTURES / "campaigns.yaml")))


def site_on(day: str):
    return built(f"campaigns-{day}", env=ENV + (("MITP_TODAY", day),))


def page(site, path: str) -> str:
    return (site / path.strip("/") / "index.html").read_text("utf-8")


def jsonld_of(text: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return [json.loads(b) for b in blocks]


# JSON-LD


@pytest.mark.parametrize("activity, offset", [
    ("dm-2026-punta-arenas", "-03:00"),   # Magallanes: UTC−3 all year
    ("dm-2026-santiago", "-04:00"),       # mainland on 30 July
    ("dm-2026-rapa-nui", "-06:00"),       # Isla de Pascua on 30 July
    ("sens-2025-coyhaique", "-03:00"),    # Aysén
])
def test_event_jsonld_has_the_offset_of_the_place(activity, offset):
    site = site_on("2026-07-30")
    (event,) = jsonld_of(page(site, f"/actividades/{activity}/"))
    assert event["@type"] == "Event" and event["@context"] == "https://schema.org"
    assert event["startDate"].endswith(offset) and event["endDate"].endswith(offset)
    assert dt.datetime.fromisoformat(event["startDate"]) < dt.datetime.fromisoformat(event["endDate"])
    assert event["url"] == f"https://tratadepersonas.subinterior.gov.cl/actividades/{activity}/"


def test_cancelled_event_is_marked_in_page_and_jsonld():
    text = page(site_on("2026-07-30"), "/actividades/dm-2026-rapa-nui/")
    (event,) = jsonld_of(text)
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert "Esta actividad fue cancelada." in text
    assert re.search(r"<h1[^>]*>Cancelada: Encuentro en Rapa Nui</h1>", text)


def test_script_end_tag_in_data_stays_inside_the_json():
    text = page(site_on("2026-07-30"), "/actividades/dm-2026-santiago/")
    (event,) = jsonld_of(text)   # parses: the block was not cut short
    assert event["description"] == "Charla abierta </script><script>alert(1)</script> & más"
    assert "<script>alert(1)" not in text
    assert re.search(r'<h1[^>]*>Charla "abierta" en Santiago &amp; más {x}</h1>', text)
    assert '<meta name="description" content="Actividad pública' in text   # the site's text, not the data's
    # The page's Content-Security-Policy hashes executable inline scripts only: the data block
    # adds no hash, and nothing of it can run.
    body = text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert all(body not in h for h in security.inline_script_hashes(text))
    assert security.inline_script_hashes('<script type="application/ld+json">{}</script>') == []
    assert security.unknown_inline_scripts(text) == []   # the build's "theme scripts only" rule holds


def test_mixed_event_has_place_and_virtual_location():
    (event,) = jsonld_of(page(site_on("2026-07-30"), "/actividades/dm-2026-santiago/"))
    kinds = sorted(loc["@type"] for loc in event["location"])
    assert kinds == ["Place", "VirtualLocation"]
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


# Home notice


# Each date is one build (about 20 s on the shared machine): the edges of both fixture periods.
@pytest.mark.parametrize("day, shown", [
    ("2026-07-29", None), ("2026-07-30", "Día Mundial de prueba 2026"),
    ("2026-09-30", "Campaña nacional de prueba"), ("2026-10-01", None),
])
def test_home_notice_only_during_the_campaign(day, shown):
    site = site_on(day)
    text = (site / "index.html").read_text("utf-8")
    notices = re.findall(r'<aside class="mitp-campaign-banner".*?</aside>', text, re.S)
    if shown is None:
        assert notices == []
    else:
        assert len(notices) == 1 and shown in notices[0]
        english = (site / "en" / "index.html").read_text("utf-8")
        assert "Campaign running now" in english


def test_notice_message_is_text_not_markup():
    text = (site_on("2026-09-30") / "index.html").read_text("utf-8")
    assert "Mensaje de prueba &lt;script&gt;alert(1)&lt;/script&gt;" in text


# Listing pages


def test_activities_page_splits_upcoming_and_past_and_links_regions_and_calendars():
    text = page(site_on("2026-07-29"), "/actividades/")
    upcoming, past = text.split('id="proximas"', 1)[1].split('id="pasadas"', 1)
    past = past.split('id="por-region"', 1)[0]
    assert "Capacitación a prestadores turísticos" in upcoming and "Feria informativa en Punta Arenas" in upcoming
    assert upcoming.index("Punta Arenas") < upcoming.index("Capacitación"), "soonest first"
    assert "Jornada de sensibilización en Coyhaique" in past and "Punta Arenas" not in past
    later = page(site_on("2026-10-01"), "/actividades/")
    later_upcoming = later.split('id="proximas"', 1)[1].split('id="pasadas"', 1)[0]
    assert "No hay actividades próximas publicadas." in later_upcoming
    for code in ("05", "11", "12", "13"):
        assert f'href="regiones/{code}/"' in text and f'href="calendario-region-{code}.ics"' in text
    assert 'href="calendario.ics"' in text


def test_region_page_lists_only_its_activities():
    text = page(site_on("2026-07-30"), "/actividades/regiones/12/")
    assert "Feria informativa en Punta Arenas" in text
    assert "Charla en Santiago" not in text and "Encuentro en Rapa Nui" not in text


def test_campaign_page_shows_theme_with_its_language_and_activities():
    text = page(site_on("2026-07-30"), "/campanas/dia-mundial-2026/")
    assert '<span lang="en">Fixture theme &lt;b&gt;not real&lt;/b&gt;</span>' in text
    assert "Feria informativa en Punta Arenas" in text and "Capacitación a prestadores" not in text
    assert "Qué es el Día Mundial contra la Trata de Personas" in text


def test_english_pages_mark_spanish_fallbacks():
    text = page(site_on("2026-07-30"), "/en/actividades/dm-2026-santiago/")
    assert re.search(r'<h1[^>]*lang="es"[^>]*>Charla "abierta" en Santiago &amp; más {x}</h1>', text)
    assert '<span lang="es">Institución de prueba</span>' in text
    assert "mainland Chile time, UTC−4" in text


def test_plan_counts_file():
    counts = json.loads((site_on("2026-07-30") / "actividades" / "indicadores.json").read_text("utf-8"))
    assert counts == indicators.counts(data.load_activities(path=FIXTURES / "activities.yaml"))
    assert counts["cancelled"] == 1 and counts["by_plan_action"]["1-1.7"] == 2
    assert counts["by_year"] == {"2025": 1, "2026": 3}


# Shipped data


def test_shipped_site_says_no_activities_are_published(site):
    text = (site / "actividades" / "index.html").read_text("utf-8")
    assert "No hay actividades próximas publicadas." in text
    assert "No hay actividades pasadas publicadas." in text
    english = (site / "en" / "actividades" / "index.html").read_text("utf-8")
    assert "No upcoming activities have been published." in english


def test_shipped_world_day_pages_cite_their_sources(site):
    text = (site / "campanas" / "dia-mundial-2024" / "index.html").read_text("utf-8")
    assert '<span lang="en">Leave no child behind in the fight against human trafficking</span>' in text
    assert "https://pakistan.un.org/en/275312-media-update-united-nations-pakistan-29-july-2024" in text
    assert "https://www.unodc.org/centralasia/en/news/world-day-against-trafficking-in-persons.html" in text
    # What the day is: the UN resolution that made it, with the official page that says so.
    for language, prefix in (("es", ""), ("en", "en/"), ("ht", "ht/")):
        page = (site / prefix / "campanas" / "dia-mundial-2024" / "index.html").read_text("utf-8")
        assert "A/RES/68/192" in page, language
        assert "https://ebulg.cancilleria.gob.ar/es/d%C3%ADa-mundial-contra-la-trata-de-personas" in page, language
    earlier = (site / "campanas" / "dia-mundial-2023" / "index.html").read_text("utf-8")
    assert '<span lang="en">Reach every trafficking victim, leave no one behind</span>' in earlier
    assert "https://www.unodc.org/unodc/en/frontpage/2023/July/" in earlier
    for year in (2025, 2026):   # no official UN page for their themes was found
        assert "Tema del año" not in (site / "campanas" / f"dia-mundial-{year}" / "index.html").read_text("utf-8")


def test_running_uses_whole_days():
    campaigns = data.load_campaigns(path=FIXTURES / "campaigns.yaml")
    assert [c["id"] for c in views.running(campaigns, dt.date(2026, 9, 30))] == ["campana-prueba"]
    assert views.running(campaigns, dt.date(2026, 10, 1)) == []


def test_the_plan_counts_the_activities_that_serve_each_action():
    """Plan axis 1: the activities of data/activities.yaml count toward the actions they serve,
    per year, cancelled ones left out (the Plan's indicators 1.7–1.10 count held activities)."""
    text = page(site_on("2026-07-30"), "/plan/eje-1/")
    section = text[text.index('id="accion-1-1-7"'):]
    section = section[:section.index("</section>")]
    assert "Actividades publicadas en este sitio que sirven a esta acción, por año:" in section
    assert re.search(r"2026: 2\.", section), section
    assert 'href="../../actividades/"' in section
    english = page(site_on("2026-07-30"), "/en/plan/eje-1/")
    assert "Activities published on this site that serve this action, by year:" in english
    shipped = page(site_on("2026-07-30"), "/plan/eje-2/")
    assert "Actividades publicadas en este sitio" not in shipped


def test_plan_actions_are_named_and_link_to_their_place_in_the_plan(site):
    """Readers see "Eje 1, acción 1.2" (not the data key "1-1.2"), linked to that action on the
    Plan's axis page, in every language."""
    for prefix, words in (("", "Eje 1, acción 1.2"), ("en/", "Axis 1, action 1.2"), ("ht/", "Aks 1, aksyon 1.2")):
        page = site / prefix / "campanas" / "dia-mundial-2024" / "index.html"
        text = page.read_text("utf-8")
        assert "1-1.2" not in text.split('class="mitp-act-facts"', 1)[1].split("</dl>", 1)[0]
        found = re.search(r'<a href="([^"]+)">' + re.escape(words) + "</a>", text)
        assert found, (prefix, words)
        path, anchor = found.group(1).split("#", 1)
        target = (page.parent / path).resolve()
        assert f'id="{anchor}"' in (target / "index.html").read_text("utf-8"), found.group(1)

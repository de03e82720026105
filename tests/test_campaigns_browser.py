"""Campaign and activity pages in headless Chromium, built with the test fixtures
(tests/fixtures/activities/) on a day a campaign runs: zero axe violations, the language of the
page and of Spanish fallbacks, no script run from the data, usable without JavaScript, and the
calendar links lead to calendars."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest
from axe_playwright_python.sync_playwright import Axe

from directory_sites import built
from sitebuild import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "activities"
ENV = (("MITP_ACTIVITIES", str(FIXTURES / "activities.yaml")), ("MITP_CAMPAIGNS", str(FIXTURES / "campaigns.yaml")),
       ("MITP_TODAY", "2026-07-30"))
AXE = Axe()
AXE_OPTIONS = {"rules": {"target-size": {"enabled": True}}}
PATHS = ["/", "/en/", "/actividades/", "/en/actividades/", "/actividades/dm-2026-santiago/",
         "/en/actividades/dm-2026-santiago/", "/actividades/dm-2026-rapa-nui/", "/actividades/regiones/12/",
         "/campanas/", "/campanas/dia-mundial-2026/", "/en/campanas/campana-prueba/"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def url():
    site = built("campaigns-browser", env=ENV)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _open(page, address: str) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.goto(address, wait_until="load")
    page.wait_for_load_state("networkidle")
    return problems


@pytest.mark.parametrize("path", PATHS)
def test_page_is_clean_and_axe_finds_nothing(page, url, path):
    problems = _open(page, url + path)
    assert problems == []
    assert page.evaluate("document.documentElement.lang") == ("en" if path.startswith("/en/") else "es")
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_home_shows_the_running_campaign_and_leads_to_it(page, url):
    _open(page, url + "/")
    notice = page.locator("aside.mitp-campaign-banner")
    assert notice.count() == 1
    notice.get_by_role("link").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/campanas/dia-mundial-2026/")
    assert page.locator("h1").inner_text() == "Día Mundial de prueba 2026"


def test_english_activity_marks_spanish_text(page, url):
    _open(page, url + "/en/actividades/dm-2026-santiago/")
    assert page.locator("h1").get_attribute("lang") == "es"
    assert page.get_by_text("mainland Chile time, UTC−4").count() == 1


def test_activities_work_without_javascript(browser, url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/actividades/", wait_until="load")
    upcoming = page.locator("h2#proximas + ul li")
    titles = upcoming.locator("h3").all_inner_texts()
    context.close()
    # Soonest first, by the real instant: 10:00 in Magallanes (13:00 UTC) before 09:00 on Rapa Nui
    # (15:00 UTC); the cancelled one stays, marked.
    assert len(titles) == 4, titles
    assert titles[0] == "Feria informativa en Punta Arenas"
    assert titles[1].startswith("Cancelada") and "Encuentro en Rapa Nui" in titles[1]
    assert titles[3] == "Capacitación a prestadores turísticos"


def test_calendar_links_lead_to_calendars(page, url):
    _open(page, url + "/actividades/")
    hrefs = page.eval_on_selector_all('a[type="text/calendar"]', "els => els.map(e => e.href)")
    assert len(hrefs) == 5   # all + regions 05, 11, 12, 13
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200 and response.body().startswith(b"BEGIN:VCALENDAR\r\n"), href

"""Plan pages in headless Chromium: axe on pages with fictitious reports, and a 320 px phone."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

from test_browser import AXE, AXE_OPTIONS, PHONE, _open
from test_plan_pages import _fixture_site


@pytest.fixture(scope="module")
def fixture_url():
    site = _fixture_site("2026-11-24")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/plan/", "/plan/eje-1/", "/plan/informes/", "/plan/informes/2026-s1-a/",
                                  "/en/plan/eje-2/", "/en/plan/informes/2026-s1-b/"])
def test_pages_with_reports_have_no_axe_violations(page, fixture_url, path):
    problems = _open(page, fixture_url, path)
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert problems == []


@pytest.mark.parametrize("path", ["/plan/", "/plan/estadisticas/", "/en/plan/estadisticas/", "/plan/eje-2/"])
def test_plan_pages_fit_a_320px_phone(browser, fixture_url, path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _open(page, fixture_url, path)
    results = AXE.run(page, options=AXE_OPTIONS)
    width = page.evaluate("document.documentElement.scrollWidth")
    # The charts' text stays readable: at least 11 px on screen.
    sizes = page.evaluate("""[...document.querySelectorAll('.mitp-chart__svg text')]
        .map(t => t.getBoundingClientRect().height)""")
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert width <= PHONE["width"], "the page scrolls sideways on a phone (WCAG 1.4.10)"
    assert all(h >= 11 for h in sizes), min(sizes)


def test_table_regions_take_keyboard_focus(page, fixture_url):
    _open(page, fixture_url, "/plan/estadisticas/")
    regions = page.locator(".mitp-plan-table-wrap[tabindex='0']")
    assert regions.count() == 6
    regions.first.focus()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"

"""Issue 21 in headless Chromium: the coverage page for the Mesa's members and a region page whose
only entry is its Mesa Regional, on a 320 px phone: no axe violation, nothing off the side, the
table's scroll box reachable by keyboard with a visible focus."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from test_browser import AXE_OPTIONS, PHONE, _open

AXE = Axe()


@pytest.mark.parametrize("path", ["/cobertura-directorio/", "/ht/cobertura-directorio/", "/en/directorio/biobio/"])
def test_coverage_page_and_a_region_without_local_service_on_a_phone(browser, base_url, path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems = _open(page, base_url, path)
    results = AXE.run(page, options=AXE_OPTIONS)
    width = page.evaluate("document.documentElement.scrollWidth")
    focus = None
    if "cobertura" in path:
        box = page.locator(".mitp-coverage__scroll")
        box.focus()
        focus = page.evaluate("""() => { const el = document.activeElement;
            return [el.className, getComputedStyle(el).outlineStyle, el.scrollWidth > el.clientWidth]; }""")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        # Chromium scrolls smoothly: wait for the box to move (up to 2 s) rather than read it at once.
        page.wait_for_function("document.querySelector('.mitp-coverage__scroll').scrollLeft > 0", timeout=2000)
        scrolled = page.evaluate("document.querySelector('.mitp-coverage__scroll').scrollLeft")
    context.close()
    assert problems == []
    assert results.violations_count == 0, results.generate_report()
    assert width <= PHONE["width"], "the page scrolls sideways on a phone (WCAG 1.4.10)"
    if focus is not None:
        assert focus[0] == "mitp-coverage__scroll" and focus[1] != "none" and focus[2]
        assert scrolled > 0, "the arrow keys scroll the table"

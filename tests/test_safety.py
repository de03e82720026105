"""Help one tap away, leaving one tap or three key presses away, nothing left behind.

The checks every page gets (help bar, quick exit by click and by Shift×3, CSP) run in
test_browser.test_every_page_as_a_reader_meets_it, one visit per page.
"""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import EXIT_URL
from sitebuild import ROOT

UI = yaml.safe_load((ROOT / "data" / "ui.yaml").read_text("utf-8"))


def test_mkdocs_yml_sets_the_neutral_site():
    assert f"quick_exit_url: {EXIT_URL}" in (ROOT / "mkdocs.yml").read_text("utf-8")


def test_shift_count_is_announced_and_other_keys_reset_it(page, base_url, neutral):
    for path, language in (("/", "es"), ("/en/", "en")):
        page.goto(base_url + path)
        status = page.locator("#mitp-exit-status")
        assert status.get_attribute("aria-live") == "assertive"
        page.keyboard.press("Shift")
        assert status.inner_text() == UI["exit_count_1"][language]
        page.keyboard.press("Shift")
        assert status.inner_text() == UI["exit_count_2"][language]
        page.keyboard.press("a")  # any other key starts the count again
        assert status.inner_text() == ""
        page.keyboard.press("Shift")
        page.keyboard.press("Shift")
        assert page.url == base_url + path, "two presses after a reset must not leave"
    assert neutral == []


def test_quick_exit_replaces_the_history_entry(page, base_url, neutral):
    page.goto(base_url + "/")
    page.goto(base_url + "/que-es-la-trata/")
    page.locator("#mitp-exit").click()
    page.wait_for_url(EXIT_URL)
    page.go_back()
    # Back goes to the page before, never to the page the reader left from.
    assert page.url == base_url + "/"


def test_without_javascript_quick_exit_is_a_plain_link(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        assert page.locator("#mitp-exit").get_attribute("href") == EXIT_URL
    finally:
        context.close()


def test_a_visit_leaves_no_cookie_or_web_storage(page, context, base_url, site):
    """Several pages, the language switcher and the search box: nothing is stored."""
    for path in ("/", "/que-es-la-trata/", "/en/", "/en/tus-derechos/", "/pide-ayuda/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    page.goto(base_url + "/")
    page.locator(".mitp-search > summary").click()
    page.locator("#mitp-search-input").fill("protocolo")
    result = page.locator("[data-mitp-search-results] a").first
    result.wait_for()
    result.click()
    page.wait_for_load_state("load")
    assert "?" not in page.url, f"the search words must not travel in the address: {page.url}"
    assert context.cookies() == []
    assert page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]


def test_every_external_link_is_noopener_noreferrer(site):
    own = "https://tratadepersonas.subinterior.gov.cl/"
    anchors = re.compile(r"<a\s[^>]*href=\"(https?://[^\"]+)\"[^>]*>")
    checked = 0
    for html_file in site.rglob("*.html"):
        for match in anchors.finditer(html_file.read_text("utf-8")):
            if match.group(1).startswith(own):
                continue
            checked += 1
            rel = re.search(r'rel="([^"]*)"', match.group(0))
            assert rel and {"noopener", "noreferrer"} <= set(rel.group(1).split()), (html_file, match.group(0))
    assert checked > 0, "the site links to other sites (channel sources): the check must see them"


def test_headers_file_for_static_hosts(site):
    headers = (site / "_headers").read_text("utf-8")
    assert "Content-Security-Policy: default-src 'self'" in headers
    assert "frame-ancestors 'none'" in headers
    assert "Referrer-Policy: no-referrer" in headers
    # Every inline script hash a page's <meta> allows is also allowed by the header.
    for html_file in site.rglob("*.html"):
        meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html_file.read_text("utf-8"))
        assert meta, f"{html_file} has no Content-Security-Policy"
        for digest in re.findall(r"'sha256-[^']+'", meta.group(1)):
            assert digest in headers, f"{html_file}: {digest} missing from _headers"


@pytest.mark.parametrize("path", ["/pide-ayuda/", "/en/pide-ayuda/"])
def test_triage_page_leads_to_matching_directory_entries(page, base_url, path):
    """'Pide ayuda' links to the directory already filtered to the services that match."""
    page.goto(base_url + path)
    link = page.locator("a[href*='servicio=denuncia']").first
    link.click()
    page.wait_for_load_state("load")
    assert "servicio=denuncia" in page.url
    visible = page.locator("[data-dir-entry]:visible")
    assert visible.count() > 0, "the filtered directory shows the matching services"
    hidden = page.locator("[data-dir-entry]:not(:visible)")
    assert hidden.count() > 0, "services that take no reports are filtered out"
    assert "denuncia" in page.locator("select[name='servicio']").input_value()


FOCUS_PATHS = ["/", "/pide-ayuda/", "/que-es-la-trata/", "/directorio/", "/directorio/metropolitana-de-santiago/",
               "/en/pide-ayuda/"]


@pytest.mark.parametrize("path", FOCUS_PATHS)
@pytest.mark.parametrize("width, height", [(360, 640), (1280, 720)])
def test_quick_exit_never_covers_the_keyboard_focus(browser, base_url, path, width, height):
    # WCAG 2.4.11: the fixed button must not hide what the keyboard focuses; we ask for no overlap at all.
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(base_url + path)
    covered, seen = [], 0
    for _ in range(400):
        page.keyboard.press("Tab")
        found = page.evaluate("""() => {
          const a = document.activeElement;
          if (!a || a === document.body) return null;
          const exit = document.getElementById('mitp-exit');
          if (a === exit || a.closest('.mitp-search__panel')) return {skip: true};   // the search panel, over the page
          const r = a.getBoundingClientRect(), e = exit.getBoundingClientRect();
          const overlap = r.width > 0 && r.left < e.right && r.right > e.left && r.top < e.bottom && r.bottom > e.top;
          return {overlap, label: (a.textContent || a.getAttribute('aria-label') || a.tagName).trim().slice(0, 60)};
        }""")
        if found is None:
            break
        seen += 1
        if found.get("overlap"):
            covered.append(found["label"])
    context.close()
    assert seen > 10, "the tab order reached too few elements to judge"
    assert covered == [], f"focused under the quick-exit button at {width}x{height}: {covered}"

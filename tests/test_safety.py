"""Help one tap away, leaving one tap or three key presses away, nothing left behind.

Every built page, in every language (pages discovered from the build).
"""
from __future__ import annotations

import re
import time

import pytest
import yaml

from mitp import channels as channel_data
from sitebuild import ROOT, language_of

EXIT_URL = "https://www.google.cl/"
UI = yaml.safe_load((ROOT / "data" / "ui.yaml").read_text("utf-8"))


class _Visits(list):
    left_at: list[float]


@pytest.fixture
def neutral(context):
    """The neutral site, answered locally: the test machine has no network and needs none."""
    visits = _Visits()

    def answer(route):
        visits.append(route.request.url)
        left_at.append(time.monotonic())
        route.fulfill(status=200, content_type="text/html", body="<title>neutral</title><p>neutral</p>")

    left_at: list[float] = []
    context.route(re.compile(r"^https://www\.google\.cl/.*"), answer)
    visits.left_at = left_at
    return visits


def _watch_csp(page):
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )


def test_mkdocs_yml_sets_the_neutral_site():
    assert f"quick_exit_url: {EXIT_URL}" in (ROOT / "mkdocs.yml").read_text("utf-8")


def test_help_bar_and_quick_exit_on_every_page(page, base_url, page_path, neutral):
    language = language_of(page_path)
    _watch_csp(page)
    page.goto(base_url + page_path)

    # Help bar: the help-bar channels of data/channels.yaml, as tap-to-call links.
    expected = [c["tel"] for c in channel_data.help_bar(channel_data.load_channels(), language)]
    calls = page.locator(".mitp-helpbar a[href^='tel:']")
    assert [calls.nth(i).get_attribute("href") for i in range(calls.count())] == expected
    assert calls.first.is_visible()

    # Quick exit: visible, labelled in the page's language, the first stop of the tab order.
    control = page.locator("#mitp-exit")
    assert control.is_visible()
    assert UI["exit_label"][language] in control.inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "mitp-exit"
    # …and the page that says honestly what it does and does not do is one tap away.
    safety = page.locator(".mitp-helpbar__safety")
    assert safety.inner_text() == UI["exit_safety_link"][language]
    assert page.evaluate("h => new URL(h, location.href).pathname", safety.get_attribute("href")) == \
        ("/seguridad/" if language == "es" else f"/{language}/seguridad/")

    # A strict Content-Security-Policy, and the page works under it.
    csp = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert page.evaluate("window.__csp") == []

    # A click leaves within a second, blanking the page first.
    started = time.monotonic()
    control.click()
    page.wait_for_url(EXIT_URL, timeout=5000)
    assert neutral == [EXIT_URL]
    assert neutral.left_at[0] - started < 1.0, "the browser must be on its way out within a second"


def test_shift_three_times_leaves_every_page(page, base_url, page_path, neutral):
    page.goto(base_url + page_path)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    started = time.monotonic()
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL, timeout=5000)
    assert neutral.left_at[0] - started < 1.0, "the browser must be on its way out within a second"


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

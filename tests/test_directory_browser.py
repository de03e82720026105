"""The directory in headless Chromium, as a reader would use it: filters, shared URLs, Back,
no JavaScript, printing. Built with the test catalogue (tests/fixtures/directory/)."""
from __future__ import annotations

import time

import functools
import http.server
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from directory_sites import built

RM = "/directorio/metropolitana-de-santiago/"
ALL_RM = {"prueba-malicioso", "prueba-santiago", "prueba-las-condes"}


def _until(page, expression: str, timeout: float = 5.0) -> None:
    """Waits until a JavaScript expression is true. (Playwright's wait_for_function evaluates
    its predicate with eval() inside the page, which the site's Content-Security-Policy forbids;
    page.evaluate runs through the DevTools protocol instead.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def dir_url():
    site = built("fixture")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def visible_entries(page) -> set[str]:
    return set(page.eval_on_selector_all(
        # An entry's id is on its heading (the site search links results to headings).
        "[data-dir-entry]", "els => els.filter(e => e.offsetParent !== null).map(e => e.querySelector('.mitp-dir-entry__name').id)"))


def status(page) -> str:
    return page.locator("[data-dir-status]").inner_text().strip()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def open_page(page, url: str):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    page.wait_for_selector("[data-dir-filters]:not([hidden])")
    return dialogs


def test_filter_by_service_changes_entries_count_and_url(page, dir_url):
    dialogs = open_page(page, dir_url + RM)
    assert visible_entries(page) == ALL_RM
    assert status(page) == "3 servicios en esta página."
    assert page.locator("[data-dir-status]").get_attribute("aria-live") == "polite"
    page.select_option("#dir-servicio", "salud")
    assert visible_entries(page) == {"prueba-malicioso"}
    assert status(page) == "Se muestra 1 de 3 servicios."  # the verb agrees with one
    assert query(page) == {"servicio": ["salud"]}
    page.reload(wait_until="load")
    assert page.input_value("#dir-servicio") == "salud", "a reload keeps the filter"
    assert visible_entries(page) == {"prueba-malicioso"}
    assert dialogs == [], "a name with <script> must never run"


def test_filter_by_comuna_keeps_services_for_the_whole_region(page, dir_url):
    open_page(page, dir_url + RM)
    page.select_option("#dir-comuna", "13101")
    assert visible_entries(page) == {"prueba-malicioso", "prueba-santiago"}
    assert status(page) == "Se muestran 2 de 3 servicios."
    # The comuna's heading stays, the empty Las Condes section goes.
    assert page.locator("#comuna-13101").is_visible() and not page.locator("#comuna-13114").is_visible()
    assert query(page)["comuna"] == ["13101"]


def test_filter_by_language_and_text_in_english(page, dir_url):
    open_page(page, dir_url + "/en" + RM)
    page.select_option("#dir-idioma", "pt")
    assert visible_entries(page) == {"prueba-las-condes"}
    assert status(page) == "Showing 1 of 3 services."
    page.select_option("#dir-idioma", "")
    page.fill("#dir-buscar", "legal aid")  # words of the labels, in the page's language
    _until(page, "new URLSearchParams(location.search).get('buscar') === 'legal aid'")
    assert visible_entries(page) == {"prueba-santiago"}
    page.fill("#dir-buscar", "SHÉLTER")  # case and accents do not matter
    _until(page, "new URLSearchParams(location.search).get('buscar') === 'SHÉLTER'")
    assert visible_entries(page) == {"prueba-las-condes"}
    page.fill("#dir-buscar", "nothing like this")
    _until(page, "document.querySelector('[data-dir-status]').textContent.startsWith('No service')")
    assert visible_entries(page) == set()


def test_a_shared_url_opens_filtered_and_back_restores_the_previous_filter(page, dir_url):
    open_page(page, dir_url + RM + "?poblacion=mujeres")
    assert page.input_value("#dir-poblacion") == "mujeres"
    assert visible_entries(page) == {"prueba-malicioso", "prueba-las-condes"}
    page.select_option("#dir-comuna", "13114")
    assert visible_entries(page) == {"prueba-malicioso", "prueba-las-condes"}
    page.select_option("#dir-servicio", "alojamiento")
    assert visible_entries(page) == {"prueba-las-condes"}
    page.go_back()
    _until(page, "!new URLSearchParams(location.search).has('servicio')")
    assert page.input_value("#dir-servicio") == ""
    assert page.input_value("#dir-comuna") == "13114"
    assert visible_entries(page) == {"prueba-malicioso", "prueba-las-condes"}
    page.click("[data-dir-clear]")
    assert visible_entries(page) == ALL_RM and urlsplit(page.url).query == ""
    assert status(page) == "3 servicios en esta página."


def test_a_shared_text_search_opens_on_the_page_not_in_the_site_search(page, dir_url):
    open_page(page, dir_url + RM + "?buscar=Condes")
    assert page.input_value("#dir-buscar") == "Condes"
    assert visible_entries(page) == {"prueba-las-condes"}
    assert not page.evaluate("document.getElementById('__search').checked"), "Material's search must stay closed"


def test_filters_are_keyboard_usable_and_labelled(page, dir_url):
    open_page(page, dir_url + RM)
    for control in page.locator("[data-dir-filters] select, [data-dir-filters] input").all():
        control_id = control.get_attribute("id")
        assert page.locator(f'label[for="{control_id}"]').count() == 1, f"#{control_id} has no label"
    page.focus("#dir-servicio")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "dir-poblacion"
    page.focus("#dir-buscar")
    page.keyboard.type("santiago")
    _until(page, "new URLSearchParams(location.search).get('buscar') === 'santiago'")
    assert "prueba-santiago" in visible_entries(page)
    assert page.evaluate("document.activeElement.id") == "dir-buscar", "typing must not move the focus"


def test_filtering_leaves_no_cookie_or_storage(page, context, dir_url):
    open_page(page, dir_url + RM)
    page.select_option("#dir-servicio", "salud")
    page.fill("#dir-buscar", "x")
    assert context.cookies() == []
    assert page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]


def test_without_javascript_every_entry_is_listed(browser, dir_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(dir_url + RM + "?servicio=salud", wait_until="load")
        assert visible_entries(page) == ALL_RM
        assert not page.locator("[data-dir-filters]").is_visible(), "filters are hidden until they can work"
        assert page.locator("[data-dir-status]").inner_text().strip() == "3 servicios en esta página."
        page.goto(dir_url + "/en/directorio/", wait_until="load")
        assert visible_entries(page) == {"prueba-nacional"}
    finally:
        context.close()


def test_print_shows_the_listing_only_with_addresses_in_full(page, dir_url):
    page.goto(dir_url + "/directorio/", wait_until="load")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".mitp-helpbar__more",
                   "[data-dir-filters]", ".mitp-dir-entry__report"):
        locator = page.locator(chrome).first
        assert locator.count() == 0 or not locator.is_visible(), f"{chrome} is printed"
    helpbar = page.locator(".mitp-helpbar")
    assert helpbar.is_visible() and "133" in helpbar.inner_text(), "the handout carries the emergency numbers"
    assert visible_entries(page) == {"prueba-nacional"}
    after = page.evaluate(
        "getComputedStyle(document.querySelector('a[data-print-url]'), '::after').content")
    assert "https://prueba.example/ayuda" in after, "web addresses are printed in full"
    assert page.evaluate(
        "getComputedStyle(document.querySelector('[data-dir-entry]')).breakInside") == "avoid"
    note = page.locator(".mitp-dir-print-note")
    assert note.is_visible() and "/directorio/" in note.inner_text(), "the handout says where it comes from"
    tel = page.locator('[data-dir-entry] a[href^="tel:"]').first.inner_text()
    assert re.fullmatch(r"\+56 2 2000 0000", tel), "phone numbers are written out in full"
    page.goto(dir_url + RM, wait_until="load")  # a region's handout
    national = page.evaluate(
        "getComputedStyle(document.querySelector('.mitp-dir-national a'), '::after').content")
    assert re.search(r"https?://[^ ]+/directorio/#todo-el-pais", national), "the way to national services, on paper"
    assert not page.locator(".mitp-dir-crumbs").is_visible()

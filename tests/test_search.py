"""The site search (issue 14): Pagefind, loaded only when the reader opens the search box.

What a reader notices: nothing of the search costs data until they open it; then results come
from every page in their language, directory entries included, each leading to the entry itself;
without JavaScript the box still leads to the directory's filters.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from mitp import search
from sitebuild import ROOT


def _i18n_languages() -> list[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return [lang["locale"] for lang in i18n["languages"] if lang.get("build", True)]


# Built site (no browser)


def test_one_index_per_language_of_the_i18n_config(site):
    # Pagefind splits the index by <html lang>: a language added to mkdocs.yml gets its own.
    assert set(_i18n_languages()) <= set(search.index_languages(site))


def test_no_page_references_the_search_files(site):
    # The index, the engine and its WebAssembly are fetched by search.js on demand, never by a page.
    for html in site.rglob("*.html"):
        text = html.read_text("utf-8")
        assert "pagefind/" not in text, f"{html} references the search files"
        assert "search_index.json" not in text and "workers/search" not in text, html


def test_csp_allows_webassembly_but_no_eval_or_inline_code(site):
    for html in [site / "index.html", site / "en" / "directorio" / "index.html"]:
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html.read_text("utf-8")).group(1)
        script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
        sources = script_src.split()[1:]
        assert sources[:2] == ["'self'", "'wasm-unsafe-eval'"], script_src
        assert all(s.startswith("'sha256-") for s in sources[2:]), script_src
        assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy


def test_search_form_without_javascript_targets_the_directory(site):
    for html, action in [(site / "index.html", "directorio/"), (site / "en" / "que-es-la-trata" / "index.html", "../directorio/")]:
        form = re.search(r'<form class="mitp-search__form"[^>]*>', html.read_text("utf-8")).group(0)
        assert f'action="{action}"' in form and 'method="get"' in form, form
        assert 'name="buscar"' in html.read_text("utf-8")


def test_a_language_without_a_stemmer_gets_its_own_index(tmp_path):
    # Kreyòl (ht) is coming; Material's lunr has no `ht`, Pagefind indexes it without stemming.
    for lang, text in (("ht", "Si ou se viktim trafik moun, rele"), ("es", "Si eres víctima de trata, llama")):
        folder = tmp_path / lang
        folder.mkdir()
        (folder / "index.html").write_text(
            f'<!doctype html><html lang="{lang}"><head><title>t</title></head><body>'
            f'<div data-pagefind-body><h1 id="a">{text}</h1><p>{text}</p></div></body></html>', "utf-8")
    search.build_index(tmp_path)
    assert search.index_languages(tmp_path) == ["es", "ht"]


def test_pagefind_failure_is_reported_in_spanish(tmp_path):
    with pytest.raises(search.SearchIndexError, match="Pagefind"):
        search.build_index(tmp_path / "no-existe")


# In the browser


def _open_search(page, base_url: str, path: str, query: str):
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.locator(".mitp-search > summary").click()
    page.locator("#mitp-search-input").fill(query)
    page.locator("[data-mitp-search-results] a").first.wait_for(timeout=15000)


def test_nothing_of_search_is_fetched_until_the_reader_opens_it(page, base_url):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")  # the page in use, search box closed
    page.wait_for_timeout(300)
    assert [p for p in fetched if p.startswith("/pagefind/")] == []
    page.locator(".mitp-search > summary").click()
    # The box opens, then its "toggle" event moves the cursor into the field (a moment later).
    page.wait_for_function("document.activeElement && document.activeElement.id === 'mitp-search-input'",
                           timeout=3000)
    page.wait_for_load_state("networkidle")
    loaded = [p for p in fetched if p.startswith("/pagefind/")]
    assert "/pagefind/pagefind.js" in loaded
    # Only the page's language: nothing of the English index on a Spanish page.
    assert not [p for p in loaded if ".en." in p or "/en_" in p or p.endswith("wasm.en.pagefind")], loaded
    assert not [p for p in loaded if "/fragment/" in p], "no result is fetched before a query"


@pytest.mark.parametrize("path, query, expected, title", [
    ("/", "mesa regional arica", "/directorio/arica-y-parinacota/#mesa-regional-arica-y-parinacota",
     "Mesa Regional sobre Trata de Personas, Región de Arica y Parinacota"),
    ("/", "fiscalia", "/directorio/#fiscalia-ministerio-publico", "Fiscalía de Chile (Ministerio Público)"),
    ("/en/", "roundtable arica", "/en/directorio/arica-y-parinacota/#mesa-regional-arica-y-parinacota",
     "Regional Roundtable on Trafficking in Persons, Arica y Parinacota Region"),
    ("/en/tus-derechos/", "prosecutor", "/en/directorio/#fiscalia-ministerio-publico",
     "Public Prosecutor's Office of Chile (Ministerio Público)"),
])
def test_search_finds_a_directory_entry_and_leads_to_it(page, base_url, path, query, expected, title):
    _open_search(page, base_url, path, query)
    links = page.locator("[data-mitp-search-results] a")
    hrefs = [urlsplit(a.get_attribute("href")) for a in links.all()]
    found = [h.path + "#" + h.fragment for h in hrefs if h.path + "#" + h.fragment == expected]
    assert found, f"{query!r}: {expected} not among {[h.path + '#' + h.fragment for h in hrefs]}"
    assert page.locator("[data-mitp-search-status]").inner_text().strip(), "the count of results is announced"
    link = page.locator(f"[data-mitp-search-results] a[href$='{expected}']").first
    assert link.inner_text() == title
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(expected).path)
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path + "#" + urlsplit(page.url).fragment == expected
    assert "?" not in page.url, "the words searched stay out of the address"
    heading = page.locator(f"#{expected.split('#')[1]}")
    assert heading.is_visible() and heading.inner_text() == title


def test_results_are_in_the_pages_language_only(page, base_url):
    _open_search(page, base_url, "/en/", "trafficking")
    hrefs = [urlsplit(a.get_attribute("href")).path for a in page.locator("[data-mitp-search-results] a").all()]
    assert hrefs and all(h.startswith("/en/") for h in hrefs), hrefs


def test_escape_closes_search_and_returns_to_its_button(page, base_url):
    page.goto(base_url + "/que-es-la-trata/")
    page.locator(".mitp-search > summary").click()
    page.keyboard.press("Escape")
    assert page.evaluate("document.querySelector('[data-mitp-search]').open") is False
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_result_text_from_the_index_is_never_markup(page, base_url):
    # Titles and excerpts are written as text; only <mark> highlights become elements.
    _open_search(page, base_url, "/", "trata")
    tags = page.evaluate("""() => [...document.querySelectorAll('[data-mitp-search-results] *')]
                              .map(e => e.tagName)""")
    assert set(tags) <= {"LI", "A", "P", "UL", "MARK"}, set(tags)


def test_without_javascript_the_search_box_reaches_the_directory_filters(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "/en/que-es-la-trata/")
        page.locator(".mitp-search > summary").click()
        page.locator("#mitp-search-input").fill("arica")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        url = urlsplit(page.url)
        assert url.path == "/en/directorio/" and parse_qs(url.query) == {"buscar": ["arica"]}
    finally:
        context.close()


def test_the_directory_applies_the_words_sent_by_the_search_form(page, base_url):
    # What the form sends without JavaScript is what the directory's own filter reads.
    page.goto(base_url + "/directorio/?buscar=fiscalia")
    page.wait_for_load_state("networkidle")
    assert page.locator("#dir-buscar").input_value() == "fiscalia"
    visible = page.locator("[data-dir-entry]:visible")
    assert visible.count() >= 1
    assert all("Fiscal" in t for t in visible.all_inner_texts())


@pytest.mark.parametrize("width, height", [(360, 640), (1280, 720)])
def test_keyboard_focus_in_the_results_is_never_under_the_quick_exit(browser, base_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        _open_search(page, base_url, "/", "trata")
        covered, seen = [], 0
        for _ in range(30):
            page.keyboard.press("Tab")
            found = page.evaluate("""() => {
              const a = document.activeElement;
              if (!a.closest('[data-mitp-search-results]')) return null;
              const r = a.getBoundingClientRect(), e = document.getElementById('mitp-exit').getBoundingClientRect();
              return {overlap: r.left < e.right && r.right > e.left && r.top < e.bottom && r.bottom > e.top,
                      label: a.textContent.trim().slice(0, 60)};
            }""")
            if found is None:
                continue
            seen += 1
            if found["overlap"]:
                covered.append(found["label"])
        assert seen > 3, "the keyboard reaches the results"
        assert covered == [], f"focused under the quick-exit button at {width}x{height}: {covered}"
    finally:
        context.close()


@pytest.mark.parametrize("path, query", [("/", "fiscalia"), ("/en/", "roundtable")])
def test_open_search_with_results_has_no_axe_violations(page, base_url, path, query):
    from axe_playwright_python.sync_playwright import Axe

    _open_search(page, base_url, path, query)
    results = Axe().run(page, options={"rules": {"target-size": {"enabled": True}}})
    assert results.violations_count == 0, results.generate_report()

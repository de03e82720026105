"""The first minute of a person in danger, on a phone, in real Chromium (issue 20).

- The quick exit never covers a link or button: it lives in the sticky header, and on the pages
  below, at 320, 360 and 412 px wide, in every language, every link, button and form control is
  the element found at its own centre whenever it is on screen (the drawer open or closed).
- The triage page fits a phone: at most 8 screens, the situations' first actions within two.
- The Spanish phrase card to ask for an interpreter is on the help page in every language.
- The other languages are on the first screen as words, each in its own language.
- Without JavaScript, the search says honestly what its button does.

Cost is bounded: one browser page per width, navigating from page to page, and one
page.evaluate per page that scrolls through it and checks every element at each position.
"""
from __future__ import annotations

import re

import pytest
import yaml

from sitebuild import ROOT, language_of

UI = yaml.safe_load((ROOT / "data" / "ui.yaml").read_text("utf-8"))
SCREEN = 740
WIDTHS = (320, 360, 412)
# The pages a frightened reader meets first, in each language, and one of each other kind
# (directory region, Plan, materials, campaigns, podcast, the 404 page).
PAGES = [
    "/", "/pide-ayuda/", "/seguridad/", "/tus-derechos/", "/que-es-la-trata/", "/como-reconocerla/",
    "/que-pasa-cuando-pides-ayuda/", "/directorio/", "/directorio/metropolitana-de-santiago/",
    "/directorio/biobio/", "/funcionarios/", "/materiales/", "/campanas/", "/plan/", "/podcast/",
    "/en/", "/en/pide-ayuda/", "/en/directorio/", "/en/tus-derechos/", "/en/seguridad/",
    "/ht/", "/ht/pide-ayuda/", "/ht/directorio/", "/ht/tus-derechos/", "/ht/seguridad/",
    "/ht/directorio/valparaiso/", "/404.html",
]
TRIAGE = {"es": "/pide-ayuda/", "en": "/en/pide-ayuda/", "ht": "/ht/pide-ayuda/"}

# Scrolls the page from top to bottom, a third of a screen at a time; at each position, every
# rendered link, button and form control that is on screen (and not under the sticky header, where
# content legitimately scrolls) must be the element at its centre (at the centre of each of its
# lines, for a link that wraps). Returns what covers the others.
CHECK_ALL = """() => {
  const exit = document.getElementById('mitp-exit');
  const header = document.querySelector('header.md-header');
  const hb = header.getBoundingClientRect();
  const fails = [], seen = new Set();
  const sel = "a[href], button, summary, input:not([type=hidden]):not(.md-toggle), select, textarea";
  const all = [...document.querySelectorAll(sel)].filter(el =>
    !el.closest('.md-sidebar--primary, .md-sidebar--secondary') && el !== exit && !el.classList.contains('mitp-skip'));
  // A third of the screen at a time: each element is checked at two or three positions, low,
  // middle and high on the screen, where a floating button would cover it.
  const step = Math.max(120, Math.floor((innerHeight - hb.height) / 3));
  const failed = new Set();
  const max = document.documentElement.scrollHeight - innerHeight;
  let checked = 0;
  for (let y = 0; ; y = Math.min(y + step, max)) {
    window.scrollTo({top: y, behavior: 'instant'});
    const top = header.getBoundingClientRect().bottom;
    for (const el of all) {
      if (failed.has(el)) continue;
      // Each line of a link that wraps is a box of its own: check the centre of each.
      const boxes = [...el.getClientRects()].filter(r => r.width >= 1 && r.height >= 1);
      if (!boxes.length) continue;
      const inHeader = header.contains(el);
      const onScreen = r => { const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
        return cx >= 0 && cx < innerWidth && cy < innerHeight - 1 && cy >= (inHeader ? 0 : top); };
      if (!boxes.every(onScreen)) continue;
      if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
      if (!seen.has(el)) { seen.add(el); checked++; }
      for (const r of boxes) {
      const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
      const hit = document.elementFromPoint(cx, cy);
      if (hit && (hit === el || el.contains(hit))) continue;
      // Clipped by a scrolling container of its own (a wide table): not covered by the page.
      let clip = el.parentElement, clipped = false;
      while (clip && clip !== document.body) {
        const s = getComputedStyle(clip);
        if (/(auto|scroll|hidden|clip)/.test(s.overflowX + s.overflowY)) {
          const c = clip.getBoundingClientRect();
          if (cx < c.left || cx > c.right || cy < c.top || cy > c.bottom) { clipped = true; break; }
        }
        clip = clip.parentElement;
      }
      if (clipped) continue;
      failed.add(el);
      const by = hit ? (hit.closest('[id]') || hit).id || hit.className || hit.tagName : 'nothing';
      fails.push(`${(el.textContent || el.getAttribute('aria-label') || el.tagName).trim().replace(/\\s+/g, ' ').slice(0, 50)} (covered by ${String(by).slice(0, 40)}, y=${Math.round(cy)})`);
      }
    }
    if (y >= max) break;
  }
  const e = exit.getBoundingClientRect();
  return {fails, checked, exitInHeader: e.top >= hb.top - 1 && e.bottom <= hb.bottom + 1 && e.height >= 44 && e.width >= 44,
          headerTop: Math.round(header.getBoundingClientRect().top)};
}"""

# With the navigation drawer open: every link of the drawer on screen is itself at its centre,
# and so is the quick exit.
CHECK_DRAWER = """() => {
  const exit = document.getElementById('mitp-exit');
  const drawer = document.querySelector('.md-sidebar--primary');
  const d = drawer.getBoundingClientRect();
  const fails = [];
  let checked = 0;
  for (const el of drawer.querySelectorAll('a[href], label.md-nav__link')) {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    if (cx < Math.max(0, d.left) || cx > Math.min(innerWidth, d.right) || cy < Math.max(0, d.top) || cy > Math.min(innerHeight, d.bottom)) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    checked++;
    const hit = document.elementFromPoint(cx, cy);
    if (!(hit && (hit === el || el.contains(hit) || hit.contains(el) && hit.tagName === 'LABEL')))
      fails.push(`${el.textContent.trim().slice(0, 40)} (covered by ${hit && (hit.id || hit.className || hit.tagName)})`);
  }
  const e = exit.getBoundingClientRect();
  const hit = document.elementFromPoint(e.left + e.width / 2, e.top + e.height / 2);
  return {fails, checked, exitReachable: !!hit && exit.contains(hit)};
}"""


@pytest.fixture(scope="module")
def phones(browser):
    """One page per width, reused from page to page."""
    pages = {}
    contexts = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": SCREEN}, has_touch=True, is_mobile=True)
        contexts.append(context)
        pages[width] = context.new_page()
    yield pages
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_quick_exit_covers_no_link_or_button_at_any_scroll_position(phones, base_url, width):
    page = phones[width]
    problems, total = [], 0
    for path in PAGES:
        page.goto(base_url + path)
        found = page.evaluate(CHECK_ALL)
        total += found["checked"]
        if not found["exitInHeader"]:
            problems.append(f"{path}: the quick exit is not inside the header, or smaller than 44 × 44 px")
        problems += [f"{path}: {f}" for f in found["fails"]]
    assert total > 500, f"only {total} elements checked: the check does not see the pages"
    assert problems == [], f"at {width} × {SCREEN}:\n" + "\n".join(problems)


def test_on_every_built_page_the_quick_exit_is_the_first_thing_in_the_sticky_header(site):
    # The browser test above measures a sample of pages; this holds the structure on all of them.
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for html in pages:
        text = html.read_text("utf-8")
        header = re.search(r'<header class="md-header[^"]*"[^>]*>\s*<nav class="md-header__inner[^>]*>\s*(<a [^>]*>)', text)
        assert header, f"{html.relative_to(site)}: no header"
        assert 'id="mitp-exit"' in header.group(1), f"{html.relative_to(site)}: the quick exit is not first in the header"
        assert text.count('id="mitp-exit"') == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_with_the_drawer_open_the_exit_is_reachable_and_covers_no_drawer_link(phones, base_url, width):
    page = phones[width]
    for path in ("/pide-ayuda/", "/en/directorio/", "/ht/"):
        page.goto(base_url + path)
        page.locator("label.md-header__button[for='__drawer']").click()
        page.wait_for_timeout(300)   # the drawer's slide (0.25 s)
        found = page.evaluate(CHECK_DRAWER)
        assert found["checked"] >= 5, f"{path}: the drawer's links were not found on screen"
        assert found["fails"] == [], f"{path} at {width} px, drawer open: {found['fails']}"
        assert found["exitReachable"], f"{path} at {width} px: the quick exit is covered when the drawer is open"


def test_the_quick_exit_stays_the_first_tab_stop_and_in_view_deep_in_the_page(phones, base_url):
    page = phones[360]
    page.goto(base_url + "/pide-ayuda/")
    page.evaluate("window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'})")
    box = page.locator("#mitp-exit").bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= 60, f"the quick exit is off screen at the bottom: {box}"
    page.goto(base_url + "/ht/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "mitp-exit"


# The triage fits a phone


@pytest.mark.parametrize("language", TRIAGE)
def test_the_triage_is_at_most_8_screens_with_every_first_action_in_the_first_two(phones, base_url, language):
    page = phones[360]
    page.goto(base_url + TRIAGE[language])
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height / SCREEN <= 8, f"{TRIAGE[language]} is {height / SCREEN:.1f} screens tall at 360 × 740"
    bottoms = page.evaluate("""() => [...document.querySelectorAll('.mitp-c-triage li')].map(li => {
        const a = li.querySelector('a'); const r = a.getBoundingClientRect(); return r.bottom + scrollY; })""")
    assert len(bottoms) >= 7
    late = [round(b) for b in bottoms if b > 2 * SCREEN]
    assert late == [], f"{TRIAGE[language]}: first actions below the second screen at {late} px"


# Interpreters


@pytest.mark.parametrize("language", TRIAGE)
def test_the_help_page_has_the_spanish_phrase_card_to_ask_for_an_interpreter(site, language):
    html = (site / TRIAGE[language].strip("/") / "index.html").read_text("utf-8")
    card = re.search(r'<div class="mitp-phrases" lang="es">(.*?)</div>', html, re.S)
    assert card, f"no phrase card with lang=\"es\" on {TRIAGE[language]}"
    text = re.sub(r"<[^>]+>", " ", card.group(1))
    assert "Necesito un intérprete" in text and "Necesito ayuda." in text and "Estoy en peligro." in text
    word = {"es": "intérprete", "en": "interpreter", "ht": "entèprèt"}[language]
    outside = html.replace(card.group(0), "")
    assert word in outside, f"«{word}» is not in the words of {TRIAGE[language]} (the site search would not find it)"


def test_the_phrase_card_is_large_and_readable_on_a_phone(phones, base_url):
    page = phones[360]
    page.goto(base_url + "/ht/pide-ayuda/")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.mitp-phrases__line')).fontSize)")
    assert size >= 18.5, f"the phrase card's text is {size} px (large bold text is 18.5 px or more)"


# Languages visible as words


@pytest.mark.parametrize("path,others", [
    ("/", {"en": "/en/", "ht": "/ht/"}),
    ("/pide-ayuda/", {"en": "/en/pide-ayuda/", "ht": "/ht/pide-ayuda/"}),
    ("/en/tus-derechos/", {"es": "/tus-derechos/", "ht": "/ht/tus-derechos/"}),
    ("/ht/directorio/", {"es": "/directorio/", "en": "/en/directorio/"}),
])
def test_the_other_languages_are_words_on_the_first_screen(phones, base_url, path, others):
    page = phones[320]
    page.goto(base_url + path)
    links = page.locator(".mitp-langs a")
    assert links.count() == len(others)
    names = {"es": "Español", "en": "English", "ht": "Kreyòl ayisyen"}
    for n in range(links.count()):
        link = links.nth(n)
        lang = link.get_attribute("lang")
        assert link.get_attribute("hreflang") == lang
        assert link.inner_text().strip() == names[lang]
        assert page.evaluate("h => new URL(h, location.href).pathname", link.get_attribute("href")) == others[lang]
        box = link.bounding_box()
        assert box and box["y"] + box["height"] <= SCREEN, f"{names[lang]} is below the first screen on {path}"


# Search without JavaScript says what it does


def test_without_javascript_the_search_says_it_opens_the_list_of_services(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": SCREEN})
    page = context.new_page()
    try:
        for path in ("/", "/en/", "/ht/"):
            page.goto(base_url + path)
            page.locator(".mitp-search > summary").click()
            hint = page.locator("#mitp-search-hint")
            assert hint.is_visible()
            language = language_of(path)
            assert hint.inner_text().strip() == UI["search_hint_nojs"][language]
            page.fill("#mitp-search-input", "fiscalia")
            page.locator(".mitp-search__submit").click()
            page.wait_for_load_state("load")
            assert "/directorio/" in page.url   # the list the hint promised, not a search result
    finally:
        context.close()
    assert re.search(r"no (busca|search)", UI["search_hint_nojs"]["es"] + UI["search_hint_nojs"]["en"])

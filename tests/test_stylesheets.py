"""Stylesheets on a slow link (issue 24): the first screen's CSS arrives with the page, Material's
CSS is reduced without losing a rule a page uses, and the inline style is allowed by its hash only."""
from __future__ import annotations

import functools
import re
import time
from pathlib import Path

import pytest
import tinycss2

import material
from mitp import security, stylesheets
from mitp.stylesheets import Features, html_features, reduce_css, requires

from sitebuild import page_paths

_STYLE = re.compile(r"<style data-mitp-critical>(.*?)</style>", re.S)
_LINKED = re.compile(r"""<link rel="stylesheet" href="[^"]*assets/stylesheets/([\w.-]+\.css)">""")
_CLASS = re.compile(r"""\sclass="([^"]*)\"""")
_META_CSP = re.compile(r'http-equiv="Content-Security-Policy" content="([^"]+)"')


def _selector(text: str) -> list:
    return tinycss2.parse_stylesheet(text + "{}")[0].prelude


# What a selector requires (pure functions)


def test_a_selector_requires_its_classes_types_and_attribute_values_but_not_inside_functional_pseudo_classes():
    need = requires(_selector('[dir=rtl] nav.md-nav>.md-nav__link:not(.md-nav__link--active):hover::before'))
    assert need.classes == {"md-nav", "md-nav__link"}
    assert need.tags == {"nav"}
    assert need.attributes == {"dir"} and need.values == {("dir", "rtl")}
    assert requires(_selector(":is(.a,.b) .c")).classes == {"c"}
    assert requires(_selector("#x [data-md-state]")).ids == {"x"}


def test_reduction_removes_only_rules_that_can_never_match():
    css = (":root{--used:red;--chain:var(--used);--unused:url(data:x)}"
           ".here{color:var(--chain)}.absent{color:blue}.here .absent,.here p{margin:0}"
           "[dir=rtl] .here{float:right}[dir=ltr] .here{float:left}"
           "@media screen{.absent{x:1}.here:not(.absent){y:2}}"
           "@keyframes spin{to{transform:rotate(1turn)}}@keyframes gone{to{opacity:0}}.here{animation:spin 1s}")
    page = html_features('<html dir="ltr"><body><div class="here"><p>t</p></div></body></html>')
    out = reduce_css(css, page)
    assert ".absent{" not in out and ".here .absent" not in out
    assert ".here p{margin:0}" in out                       # the selector that can match is kept
    assert "[dir=ltr] .here" in out and "[dir=rtl]" not in out
    assert "@media screen{.here:not(.absent){y:2}}" in out
    assert "--used:red" in out and "--chain:var(--used)" in out and "--unused" not in out
    assert "@keyframes spin" in out and "gone" not in out


def test_a_class_a_loaded_script_may_add_keeps_its_rules():
    css = ".mitp-leaving body{display:none}.md-header--shadow{box-shadow:0 0 1px}"
    page = html_features("<html><body></body></html>")
    script = stylesheets.script_features("document.documentElement.classList.add('mitp-leaving')")
    out = reduce_css(css, page.update(script))
    assert ".mitp-leaving body" in out and "md-header--shadow" not in out


def test_first_screen_is_the_page_up_to_the_top_of_its_content():
    html = '<header class="h"></header><article class="md-content__inner md-typeset">' + "x" * 9000 + "<p class='late'>"
    assert "class=\"h\"" in stylesheets.first_screen(html)
    assert "late" not in stylesheets.first_screen(html)
    assert stylesheets.first_screen("<p>no article</p>") == "<p>no article</p>"


def test_inline_style_hash_goes_into_style_src_only():
    page = security.add_csp_meta("<html><head><title>t</title></head><body></body></html>")
    page = page.replace("<title>", "<style data-mitp-critical>p{color:red}</style><title>")
    policy = _META_CSP.search(security.allow_inline_styles(page)).group(1)
    style_src = next(d for d in policy.split("; ") if d.startswith("style-src"))
    assert style_src == f"style-src 'self' {stylesheets.style_hash('p{color:red}')}"
    assert "'unsafe-inline'" not in policy
    other = page.replace("<style data-mitp-critical>", "<style>")
    assert "sha256" not in _META_CSP.search(security.allow_inline_styles(other)).group(1).split("style-src")[1]


# The built site


@functools.lru_cache(maxsize=None)
def _selector_classes(css: str) -> frozenset[str]:
    """Every class named in a stylesheet's selectors (inside functional pseudo-classes too)."""
    found: set[str] = set()
    for selector in stylesheets.selectors(css):
        found |= set(re.findall(r"\.([A-Za-z_][\w-]*)", tinycss2.serialize(selector)))
    return frozenset(found)


def _pages(site: Path):
    for path in page_paths(site):
        file = site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        yield path, file.read_text("utf-8")


def test_every_class_a_page_uses_keeps_its_rules(site):
    """A class of a built page that has rules in the pinned Material CSS or the site's stylesheets
    has rules in what that page ships (its inline style and the stylesheets it links)."""
    pinned = next(Path(material.__file__).parent.glob("templates/assets/stylesheets/main.*.min.css"))
    folder = site / "assets" / "stylesheets"
    own = {sheet.name: sheet.read_text("utf-8") for sheet in folder.glob("*.css")}
    had_rules = _selector_classes(pinned.read_text("utf-8")).union(*(_selector_classes(t) for t in own.values()))
    lost: dict[str, set[str]] = {}
    for path, html in _pages(site):
        style = _STYLE.search(html)
        shipped = _selector_classes(style.group(1) if style else "").union(
            *(_selector_classes(own[name]) for name in _LINKED.findall(html)))
        used = {c for value in _CLASS.findall(html) for c in value.split()}
        if (used & had_rules) - shipped:
            lost[path] = (used & had_rules) - shipped
    assert lost == {}, f"classes whose rules were removed: {lost}"


def test_no_page_links_material_s_full_stylesheet_and_the_reduction_is_real(site):
    assert not list((site / "assets" / "stylesheets").glob("main.*.css"))
    pinned = next(Path(material.__file__).parent.glob("templates/assets/stylesheets/main.*.min.css"))
    style = _STYLE.search((site / "pide-ayuda" / "index.html").read_text("utf-8")).group(1)
    assert len(style) < len(pinned.read_text("utf-8")) / 2


def test_every_page_inlines_its_first_screen_css_allowed_by_hash_and_links_the_rest_at_the_end(site):
    headers = (site / "_headers").read_text("utf-8")
    hashes = set()
    for path, html in _pages(site):
        head, body = html.split("</head>", 1)
        assert head.count("<style") == 1 and "<style" not in body, f"{path}: one inline style, in <head>"
        assert 'rel="stylesheet"' not in head, f"{path}: a stylesheet still blocks the first paint"
        assert re.search(r'(<link rel="stylesheet"[^>]*>\s*)+</body>', body), f"{path}: stylesheets at the end of <body>"
        policy = _META_CSP.search(head).group(1)
        style_src = next(d for d in policy.split("; ") if d.startswith("style-src"))
        digest = stylesheets.style_hash(_STYLE.search(head).group(1))
        assert "'unsafe-inline'" not in policy and style_src == f"style-src 'self' {digest}", path
        hashes.add(digest)
    server = re.search(r"style-src ([^;]*)", headers).group(1).split()
    assert set(server) == {"'self'"} | hashes and "'unsafe-inline'" not in headers
    assert len(hashes) < 12, "one inline style per set of stylesheets: the header stays short"


# In Chromium

PHONE = {"width": 360, "height": 640}


@pytest.mark.parametrize("path", ["/pide-ayuda/", "/ht/"])
def test_help_bar_is_styled_before_the_site_s_stylesheets_arrive(browser, base_url, path):
    """With every linked stylesheet blocked, what the first paint has (the page and its inline
    style) shows the help bar's call links on screen, styled, as tap targets of 44 x 44 px."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    blocked: list[str] = []

    def block(route):
        blocked.append(route.request.url)
        route.abort()

    page.route(re.compile(r".*\.css(\?.*)?$"), block)
    page.goto(base_url + path, wait_until="load")
    calls = page.evaluate("""() => [...document.querySelectorAll('.mitp-helpbar__call')].map(a => {
        const r = a.getBoundingClientRect(), s = getComputedStyle(a);
        return {w: r.width, h: r.height, top: r.top, bottom: r.bottom, bg: s.backgroundColor, text: a.textContent.trim()}; })""")
    header = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    context.close()
    assert blocked, "the page links no stylesheet: nothing was deferred"
    assert calls, f"{path}: no call link in the help bar"
    for call in calls:
        assert call["w"] >= 44 and call["h"] >= 44, f"{path}: {call}"
        assert 0 <= call["top"] and call["bottom"] <= PHONE["height"], f"{path}: below the first screen: {call}"
        assert call["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), f"{path}: unstyled: {call}"
    assert header == "rgb(13, 59, 102)", "the header keeps the site's colour"


@pytest.mark.parametrize("path", ["/", "/directorio/biobio/"])
def test_no_layout_shift_when_the_site_s_stylesheets_arrive_late(browser, base_url, path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    def late(route):
        time.sleep(0.4)
        route.continue_()

    page.route(re.compile(r".*\.css(\?.*)?$"), late)
    page.add_init_script("""window.__shift = 0; new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
        .observe({type: 'layout-shift', buffered: true});""")
    page.goto(base_url + path, wait_until="load")
    page.wait_for_timeout(200)
    shift = page.evaluate("() => window.__shift")
    context.close()
    assert shift <= 0.05, f"{path}: layout shift {shift:.3f} when the stylesheets arrived"


def test_the_measuring_script_compares_each_page_with_its_html_alone():
    import importlib.util

    spec = importlib.util.spec_from_file_location("first_paint", Path(__file__).parent.parent / "scripts" / "first_paint.py")
    first_paint = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(first_paint)
    page = ('<head><style data-mitp-critical>p{}</style><link rel="stylesheet" href="a.css"></head>'
            '<body><p>Ayuda</p><script src="q.js"></script><script>x()</script><link rel="stylesheet" href="b.css"></body>')
    assert first_paint.html_alone(page) == "<head></head><body><p>Ayuda</p></body>"

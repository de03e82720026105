"""The site builds strictly in every language, and every page exists in each of them."""
from __future__ import annotations

import re

from sitebuild import LANGUAGES, counterpart, language_of, page_paths


def test_every_language_is_built(site):
    assert (site / "index.html").is_file(), "Spanish home page missing at /"
    for language in LANGUAGES[1:]:
        assert (site / language / "index.html").is_file(), f"{language} home page missing"


def test_every_page_exists_in_every_language(site):
    """A missing translation is never a 404: the Spanish page stands in, with a notice."""
    paths = set(page_paths(site))
    for path in paths:
        for language in LANGUAGES:
            other = counterpart(path, language)
            if path.endswith("404.html"):
                continue
            assert other in paths, f"{path} has no {language} version at {other}"


def test_html_lang_matches_language(site):
    for path in page_paths(site):
        html = (site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))).read_text("utf-8")
        assert f'<html lang="{language_of(path)}"' in html, path


# Stylesheets per page: what a page's markup needs, and nothing else on a first visit

_STYLE_USES = {
    "materials.css": re.compile(r'class="[^"]*\bmitp-(piece|materials)\b'),
    "campaigns.css": re.compile(r'class="[^"]*\bmitp-(act|campaign-banner)'),
    "plan.css": re.compile(r'class="[^"]*\bmitp-(plan|chart)'),
}


def test_every_page_links_the_stylesheets_its_markup_uses_and_the_help_page_none_of_them(site):
    """materials.css, campaigns.css and plan.css load only where their markers render (a
    first visit to the help page skips three requests); a page that shows their markup always
    has them (otherwise it would render unstyled)."""
    missing, linked = [], {name: 0 for name in _STYLE_USES}
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        for name, uses in _STYLE_USES.items():
            has = f"assets/stylesheets/{name}" in text
            linked[name] += has
            if uses.search(text) and not has:
                missing.append((str(path.relative_to(site)), name))
    assert missing == []
    assert linked["materials.css"] == 3                      # the materials page, es/en/ht
    assert all(count >= 3 for count in linked.values())
    for help_page in ("pide-ayuda/index.html", "en/pide-ayuda/index.html", "ht/pide-ayuda/index.html"):
        text = (site / help_page).read_text("utf-8")
        assert not [name for name in _STYLE_USES if f"assets/stylesheets/{name}" in text], help_page

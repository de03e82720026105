"""The site builds strictly in every language, and every page exists in each of them."""
from __future__ import annotations

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

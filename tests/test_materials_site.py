"""The materials page in the built site: what a reader sees and can download."""
from __future__ import annotations

import html
import re

import pytest

from sitebuild import built_site

PAGES = {"es": "materiales/index.html", "en": "en/materiales/index.html"}


@pytest.mark.parametrize("language", ["es", "en"])
def test_materials_page_links_every_download_with_its_real_size(language):
    site = built_site()
    page = site / PAGES[language]
    text = page.read_text("utf-8")
    links = re.findall(r'<a href="([^"]+)" download[^>]*>[^<]*</a> <span class="mitp-piece__size">\((\w+), ([\d,.]+) (KB|MB)\)', text)
    assert len(links) >= 4 * 7 + 16 * 2 + 1 + 3
    for href, kind, amount, unit in links:
        target = (page.parent / html.unescape(href)).resolve()
        assert target.is_file(), href
        assert target.is_relative_to(site.resolve())
        assert target.suffix[1:].upper() == kind
        size = target.stat().st_size
        value = float(amount.replace(",", ".")) * (1024 if unit == "KB" else 1024 * 1024)
        assert abs(value - size) <= max(0.06 * size, 1024), (href, amount, unit, size)


@pytest.mark.parametrize("language", ["es", "en"])
def test_materials_page_shows_previews_with_alt_text_and_the_full_text_of_each_image(language):
    from mitp.materials import data

    site = built_site()
    page = site / PAGES[language]
    text = html.unescape(page.read_text("utf-8"))
    images = re.findall(r'<img src="([^"]+)" width="(\d+)" height="(\d+)"\s+alt="([^"]+)"', text)
    assert len(images) == 6
    for src, _, _, alt in images:
        assert not src.startswith(("http:", "https:", "//"))
        assert (page.parent / src).resolve().is_file()
    for piece in data.load_materials():
        assert piece["alt"][language] in text
        if "design" not in piece:
            continue
        for point in piece["design"]["points"]:
            first_words = re.split(r"[{(]", point[language])[0].strip()
            assert first_words in text
    assert ("Licencia por confirmar" if language == "es" else "Licence to be confirmed") in text
    assert "600 818 1000" in text  # the help numbers, in the full text of the image

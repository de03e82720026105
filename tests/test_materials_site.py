"""The materials page in the built site: what a reader sees and can download."""
from __future__ import annotations

import html
import re

import pytest

from sitebuild import built_site

PAGES = {"es": "materiales/index.html", "en": "en/materiales/index.html", "ht": "ht/materiales/index.html"}
LICENCE = {"es": "Licencia por confirmar", "en": "Licence to be confirmed", "ht": "Lisans pou konfime"}


@pytest.mark.parametrize("language", list(PAGES))
def test_materials_page_links_every_download_with_its_real_size(language):
    site = built_site()
    page = site / PAGES[language]
    text = page.read_text("utf-8")
    links = re.findall(r'<a href="([^"]+)" download[^>]*>[^<]*</a> <span class="mitp-piece__size">\((\w+), ([\d,.]+) (kB|MB)\)', text)
    assert len(links) >= 4 * 7 + 16 * 2 + 1 + 3
    for href, kind, amount, unit in links:
        target = (page.parent / html.unescape(href)).resolve()
        assert target.is_file(), href
        assert target.is_relative_to(site.resolve())
        assert target.suffix[1:].upper() == kind
        size = target.stat().st_size
        value = float(amount.replace(",", ".")) * (1000 if unit == "kB" else 1_000_000)
        assert abs(value - size) <= max(0.06 * size, 1000), (href, amount, unit, size)


@pytest.mark.parametrize("language", list(PAGES))
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
        shown = language if language in data.piece_languages(piece) else "es"
        assert piece["alt"][shown] in text
        if "design" not in piece:
            continue
        for point in piece["design"]["points"]:
            first_words = re.split(r"[{(]", point[shown])[0].strip()
            assert first_words in text
    assert LICENCE[language] in text
    assert "600 818 1000" in text  # the help numbers, in the full text of the image


def test_kreyol_page_draws_the_graphics_and_the_script_in_kreyol_and_marks_them_unreviewed():
    """The four graphics and the posters are drawn from the Kreyòl pages, and the script is printed
    from docs/ht/guion.md (pending review, as those pages are): its Kreyòl files are listed."""
    from mitp import ui

    site = built_site()
    text = (site / PAGES["ht"]).read_text("utf-8")
    for piece_id in ("senales", "derechos", "donde-denunciar", "donde-pedir-ayuda"):
        assert f'../../materiales/{piece_id}/{piece_id}-ht-1080x1080.png' in text, piece_id
        assert (site / "materiales" / piece_id / f"{piece_id}-ht-kit.zip").is_file()
    assert len(list((site / "materiales" / "afiche-regional" / "ht").glob("*-a4.pdf"))) == 16
    assert text.count(html.escape(ui.strings_for("ht")["translation_review"], quote=False)) >= 6
    script = text[text.index('id="guion"'):]
    script = script[:script.index("</section>")]
    assert '<h2 id="guion-title">Tèks enfòmatif sou trafik moun' in script
    assert 'hreflang="es"' not in script and "mitp-piece__review" in script
    assert re.findall(r'href="([^"]+)" download', script) == [
        "../../materiales/guion/guion-ht-a4.pdf", "../../materiales/guion/guion-ht-carta.pdf",
        "../../materiales/guion/guion-ht-kit.zip"]
    assert (site / "materiales" / "guion" / "guion-ht-kit.zip").is_file()

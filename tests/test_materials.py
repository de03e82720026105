"""Materials library: data checks, the pieces' words, layout, QR codes, kits and determinism."""
from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import cairocffi
import pytest
import zxingcpp
from PIL import Image

from mitp import channels, ui
from mitp.materials import data, graphics, outputs, render
from mitp.territories import load_territories

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://tratadepersonas.subinterior.gov.cl/"


def _contexts(channel_list=None):
    channel_list = channel_list or channels.load_channels()
    strings = {language: ui.strings_for(language) for language in data.LANGUAGES}
    return outputs.contexts(strings, SITE_URL, channel_list, channels)


def _pieces(*ids):
    pieces = data.load_materials()
    return [p for p in pieces if not ids or p["id"] in ids]


def _few_regions(count=2):
    territories = load_territories()
    codes = sorted(territories.regions, key=lambda c: territories.regions[c].order)[:count]
    return dataclasses.replace(territories, regions={c: territories.regions[c] for c in codes})


# The data file


def test_shipped_materials_are_valid_and_cover_the_four_graphics_of_action_1_3():
    pieces = data.load_materials()
    avisos = [p for p in pieces if p.get("design", {}).get("template") == "aviso"]
    assert len(avisos) == 4
    assert {p["design"]["page"] for p in avisos} == {"como-reconocerla", "tus-derechos", "pide-ayuda"}


def _broken(tmp_path, old, new):
    text = (ROOT / "data" / "materials.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / "materials.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_missing_alt_text_fails_with_file_line_and_field(tmp_path):
    path = _broken(tmp_path, '      en: "Blue and white graphic: signs that may point to human trafficking and the numbers '
                             'to call for help."\n', "")
    with pytest.raises(data.MaterialsError) as caught:
        data.load_materials(path)
    message = str(caught.value)
    line = next(n for n, l in enumerate(path.read_text("utf-8").splitlines(), 1) if l.strip() == "alt:")
    assert re.search(rf"materials\.yaml:{line}:\d+: (pieces\[0\]\.)?alt(\.en)?: .*'en'", message), message
    assert "Traceback" not in message


def test_a_piece_half_written_in_kreyol_names_the_missing_text(tmp_path):
    path = _broken(tmp_path, '      ht: "Imaj ble ak blan: siy ki ka montre gen trafik moun, ak nimewo pou rele pou mande èd."\n', "")
    with pytest.raises(data.MaterialsError) as caught:
        data.load_materials(path)
    message = str(caught.value)
    assert re.search(r"materials\.yaml:\d+:\d+: (pieces\[0\]\.)?alt: falta el texto en criollo haitiano \('ht'\)", message), message
    assert "Traceback" not in message


def test_a_piece_without_kreyol_texts_is_shown_in_spanish_on_the_kreyol_page():
    from mitp.materials import views

    piece = _pieces("senales")[0]
    spanish_only = {key: ({k: v for k, v in value.items() if k != "ht"} if isinstance(value, dict) else value)
                    for key, value in piece.items()}
    spanish_only["design"] = dict(piece["design"], heading={"es": piece["design"]["heading"]["es"],
                                                            "en": piece["design"]["heading"]["en"]},
                                  points=[{"es": p["es"], "en": p["en"]} for p in piece["design"]["points"]])
    assert data.piece_languages(spanish_only) == ["es", "en"]
    ctxs = _contexts()
    result = outputs.produce([spanish_only], ctxs, _few_regions(), cache=None)
    assert not any("-ht" in path for path in result.files)
    [view] = views.pieces_view([spanish_only], result, language="ht", strings=ui.strings_for("ht"),
                               page_url="ht/materiales/", territories=_few_regions(), site_url=SITE_URL, ctxs=ctxs)
    assert view["title"] == {"text": piece["title"]["es"], "lang": "es"}
    assert view["alt"]["lang"] == "es" and view["words_lang"] == "es" and view["post_lang"] == "es"
    assert {d["lang"] for d in view["downloads"]} == {"es"}
    assert all(d["href"].startswith("../../materiales/senales/senales-es") for d in view["downloads"])


def test_unknown_channel_in_a_piece_names_the_field_and_the_valid_ids(tmp_path):
    path = _broken(tmp_path, "{canal:denuncia-seguro}", "{canal:denuncia-segura}")
    with pytest.raises(data.MaterialsError) as caught:
        data.load_materials(path)
    message = str(caught.value)
    assert re.search(r"materials\.yaml:\d+:\d+: (pieces\[2\]\.)?design\.points\[2\]\.es: '\{canal:denuncia-segura\}'",
                     message), message
    assert "denuncia-seguro" in message


def test_build_stops_on_a_piece_without_alt_text(tmp_path):
    import os
    import subprocess
    import sys

    path = _broken(tmp_path, '      es: "Gráfica azul y blanca: cinco derechos de las víctimas de trata en Chile y los '
                             'números para pedir ayuda."\n', "")
    env = dict(os.environ, MITP_MATERIALS=str(path), NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode != 0
    assert re.search(r"materials\.yaml:\d+:\d+: (pieces\[1\]\.)?alt", proc.stdout + proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr


# The words on the pieces come from the site's pages


def _plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)          # links → their text
    text = re.sub(r"\{[^}]*\}", "", text)                              # attribute lists
    text = re.sub(r"<[^>]+>", "", text).replace("**", "").replace("*", "")
    return re.sub(r"\s+", " ", text).casefold()


@pytest.mark.parametrize("language", data.LANGUAGES)
def test_every_sentence_of_a_piece_is_on_the_page_it_names(language):
    for piece in _pieces():
        if "design" not in piece:
            continue
        design = piece["design"]
        page = _plain((ROOT / "docs" / language / f"{design['page']}.md").read_text("utf-8"))
        texts = [design["heading"][language]] + [p[language] for p in design["points"]]
        for value in texts:
            for chunk in data.PLACEHOLDER.split(value)[::2]:
                for sentence in re.split(r"(?<=[.?!])\s+", chunk):
                    sentence = sentence.strip(" .()").casefold()
                    if sentence:
                        assert sentence in page, f"{piece['id']} ({language}): «{sentence}» no está en {design['page']}"


# Layout: nothing runs off its box


def _cairo_width(text: str, size: float, bold: bool) -> float:
    surface = cairocffi.RecordingSurface(cairocffi.CONTENT_COLOR_ALPHA, None)
    context = cairocffi.Context(surface)
    context.select_font_face("DejaVu Sans", cairocffi.FONT_SLANT_NORMAL,
                             cairocffi.FONT_WEIGHT_BOLD if bold else cairocffi.FONT_WEIGHT_NORMAL)
    context.set_font_size(size)
    return context.text_extents(text)[4]  # x_advance, as cairo draws it


def _scenes(territories):
    ctxs = _contexts()
    for piece in _pieces():
        if "design" not in piece:
            continue
        for language in data.piece_languages(piece):
            if piece["design"]["template"] == "afiche-regional":
                for region in outputs.region_pages(territories, SITE_URL, language, ctxs[language].strings):
                    for fmt in graphics.PAPER:
                        yield graphics.scene(piece, fmt, ctxs[language], region=region)
            else:
                for fmt in graphics.FORMATS.values():
                    yield graphics.scene(piece, fmt, ctxs[language])


def test_no_line_of_any_piece_overflows_its_box_as_cairo_measures_it():
    checked = 0
    for sc in _scenes(load_territories()):
        W, H = sc.format.width, sc.format.height
        for line in sc.lines:
            width = _cairo_width(line["text"], line["size"], line["bold"])
            left = line["x"] - width if line["anchor"] == "end" else line["x"]
            right = line["x"] if line["anchor"] == "end" else line["x"] + width
            where = f"{sc.title} {sc.format.name} {sc.language}: «{line['text']}»"
            assert right <= line["box_right"] + 0.5, where
            assert 0 <= left and right <= W, where
            assert line["size"] <= line["y"] <= H, where
            checked += 1
    assert checked > 2000


def test_a_text_too_long_for_its_box_fails_instead_of_overflowing():
    piece = _pieces("derechos")[0]
    long = dict(piece, design=dict(piece["design"], points=[{"es": "palabra " * 400, "en": "word " * 400}]))
    with pytest.raises(graphics.layout.LayoutError, match="pieza 'derechos', formato cuadrado, idioma es"):
        graphics.scene(long, graphics.FORMATS["cuadrado"], _contexts()["es"])


# QR codes of the regional posters


@pytest.mark.parametrize("language", data.LANGUAGES)
def test_qr_of_every_regional_poster_decodes_to_that_regions_directory_page(language):
    ctx = _contexts()[language]
    piece = _pieces("afiche-regional")[0]
    territories = load_territories()
    regions = outputs.region_pages(territories, SITE_URL, language, ctx.strings)
    assert len(regions) == 16
    prefix = "" if language == "es" else f"{language}/"
    for region in regions:
        sc = graphics.scene(piece, graphics.FORMATS["a4"], ctx, region=region)
        image = Image.open(io.BytesIO(render.png(graphics.svg(sc), 1240, 1754)))
        found = zxingcpp.read_barcodes(image)
        assert [r.text for r in found] == [region["url"]], region["name"]
        assert region["url"] == f"{SITE_URL}{prefix}directorio/{region['slug']}/"
        assert "?" not in region["url"] and "#" not in region["url"]
        # The address is printed as text too.
        assert region["url"].split("://")[1] in sc.words


def test_region_urls_point_at_pages_the_directory_builds():
    from mitp.directory import plan_pages

    territories = load_territories()
    region_pages = {p.url for p in plan_pages([], territories) if p.kind == "region"}
    for region in outputs.region_pages(territories, SITE_URL, "es", ui.strings_for("es")):
        assert region["url"][len(SITE_URL):] in region_pages


# Numbers come from data/channels.yaml


def test_a_number_changed_in_channels_changes_every_piece(tmp_path):
    original = (ROOT / "data" / "channels.yaml").read_text("utf-8")
    assert 'dial: "600 818 1000"' in original
    changed = tmp_path / "channels.yaml"
    changed.write_text(original.replace('dial: "600 818 1000"', 'dial: "600 818 2000"'), "utf-8")
    before = outputs.produce(_pieces("senales", "derechos", "donde-denunciar", "donde-pedir-ayuda"), _contexts(),
                             _few_regions(), cache=None)
    after = outputs.produce(_pieces("senales", "derechos", "donde-denunciar", "donde-pedir-ayuda"),
                            _contexts(channels.load_channels(changed)), _few_regions(), cache=None)
    for (piece_id, language), words in after.words.items():
        assert any("600 818 2000" in w for w in words), (piece_id, language)
        assert not any("600 818 1000" in w for w in words), (piece_id, language)
    for path, content in after.files.items():
        if path.endswith((".svg", ".png", ".pdf", ".zip")) and "vista" not in path:
            assert content != before.files[path], path
        if path.endswith(".svg"):
            assert "600 818 2000" in content.decode("utf-8")


# Kits and determinism


def test_kits_hold_every_format_the_texts_and_the_licence_and_are_byte_identical_across_builds(tmp_path):
    pieces = _pieces("senales", "afiche-regional")
    first = outputs.produce(pieces, _contexts(), _few_regions(), cache=None)
    second = outputs.produce(pieces, _contexts(), _few_regions(), cache=tmp_path / "cache")
    third = outputs.produce(pieces, _contexts(), _few_regions(), cache=tmp_path / "cache")
    assert first.files.keys() == second.files.keys() == third.files.keys()
    for path in first.files:
        assert first.files[path] == second.files[path] == third.files[path], path
    assert third.rendered == 0  # everything came from the cache

    kit = zipfile.ZipFile(io.BytesIO(first.files["materiales/senales/senales-es-kit.zip"]))
    names = kit.namelist()
    assert names == sorted(names)
    assert set(names) == {
        "senales-es-1080x1080.png", "senales-es-1080x1920.png", "senales-es-1200x630.png",
        "senales-es-a4.pdf", "senales-es-carta.pdf", "senales-es-a4-imprenta.pdf", "senales-es.svg",
        "LEEME.txt", "LICENCIA.txt"}   # the kit holds what the page lists (no unlisted A4 SVG)
    # Every kit holds exactly the files its page lists, plus its texts (issue 22: an unlisted A4 SVG,
    # and only Arica's in the regional poster's kit, were in them).
    for (pid, language), downloads in first.downloads.items():
        zipped = next(d.path for d in downloads if d.path.endswith("-kit.zip"))
        members = set(zipfile.ZipFile(io.BytesIO(first.files[zipped])).namelist())
        listed = {d.path.rsplit("/", 1)[1] for d in downloads if not d.path.endswith("-kit.zip")}
        assert {m for m in members if not m.endswith(".txt")} == listed, (pid, language)
    assert all(info.date_time == (2026, 11, 24, 0, 0, 0) for info in kit.infolist())
    for name in names:
        if name.endswith(".png"):
            width, height = Image.open(io.BytesIO(kit.read(name))).size
            assert f"{width}x{height}" in name
    readme = kit.read("LEEME.txt").decode("utf-8")
    piece = pieces[0]
    assert piece["alt"]["es"] in readme
    assert "Texto para publicar" in readme and "Texto completo de la imagen" in readme
    assert "Licencia por confirmar" in kit.read("LICENCIA.txt").decode("utf-8")
    english = zipfile.ZipFile(io.BytesIO(first.files["materiales/senales/senales-en-kit.zip"]))
    assert piece["alt"]["en"] in english.read("README.txt").decode("utf-8")
    # Kreyòl: its own file names and texts, and the warning that the translation awaits review.
    kreyol = zipfile.ZipFile(io.BytesIO(first.files["materiales/senales/senales-ht-kit.zip"]))
    assert {"LI-M.txt", "LISANS.txt", "senales-ht-1080x1080.png", "senales-ht-a4.pdf"} <= set(kreyol.namelist())
    li_m = kreyol.read("LI-M.txt").decode("utf-8")
    assert piece["alt"]["ht"] in li_m and "Tèks pou pibliye" in li_m
    assert ui.strings_for("ht")["translation_review"] in li_m
    # English: the notice when its page awaits review (docs/en pages are stamped pendiente-de-revision).
    from mitp.materials.data import review_pending
    english_pending = review_pending(piece, "en")
    assert (ui.strings_for("en")["translation_review"] in english.read("README.txt").decode("utf-8")) == english_pending
    assert ui.strings_for("es")["translation_review"] not in kit.read("LEEME.txt").decode("utf-8")

    pdf = first.files["materiales/senales/senales-es-a4.pdf"]
    assert b"MediaBox [ 0 0 595.27" in pdf  # A4
    assert b"MediaBox [ 0 0 612 792 ]" in first.files["materiales/senales/senales-es-carta.pdf"]  # Letter
    assert re.findall(rb"/CreationDate \(([^)]*)\)", pdf) == [b"20261124000000Z"]  # pinned to the piece's date

    posters = zipfile.ZipFile(io.BytesIO(first.files["materiales/afiche-regional/afiche-regional-en-kit.zip"]))
    assert "afiche-regional-en-arica-y-parinacota-carta.pdf" in posters.namelist()


def test_sizes_are_written_as_readers_expect():
    # One rule for every size on the site (materials, podcast): the units a phone shows.
    assert outputs.size_text(300, "es") == "1 kB"
    assert outputs.size_text(86_016, "en") == "86 kB"
    assert outputs.size_text(1_310_720, "es") == "1,3 MB"
    assert outputs.size_text(1_310_720, "en") == "1.3 MB"
    assert outputs.size_text(1_310_720, "ht") == "1,3 MB"
    from mitp.podcast import views as podcast_views
    assert podcast_views.size_text(12_345_678, "es") == outputs.size_text(12_345_678, "es") == "12,3 MB"


def test_text_from_data_is_escaped_in_the_svg():
    piece = _pieces("senales")[0]
    hostile = dict(piece, title={"es": "<script>x</script> & \"y\"", "en": "t"},
                   design=dict(piece["design"], heading={"es": "<b>&amp;</b>", "en": "h"}))
    source = graphics.svg(graphics.scene(hostile, graphics.FORMATS["cuadrado"], _contexts()["es"]))
    assert "<script>" not in source and "<b>" not in source
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in source
    import xml.dom.minidom
    xml.dom.minidom.parseString(source.encode("utf-8"))  # well-formed


def test_a_phone_number_is_never_broken_across_two_lines():
    numbers = set(_contexts()["es"].numbers.values())
    for sc in _scenes(_few_regions(1)):
        text = " ".join(sc.words)
        for number in numbers:
            if " " in number and number in text:
                assert any(number in line["text"] for line in sc.lines), (sc.title, sc.format.name, number)


# Pieces made outside the site (files in materials/<id>/)


def _uploaded_project(tmp_path, image_text=True, size=None):
    from PIL import Image as PILImage

    (tmp_path / "data").mkdir()
    folder = tmp_path / "materials" / "afiche-2025"
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    PILImage.new("RGB", (1080, 1350), "#0d3b66").save(buffer, "PNG")
    (folder / "afiche-2025-es.png").write_bytes(buffer.getvalue() if size is None else b"x" * size)
    (folder / "afiche-2025-es.pdf").write_bytes(b"%PDF-1.4 fixture")
    entry = f'''pieces:
  - id: afiche-2025
    kind: afiche
    title: {{es: Afiche de prueba, en: Test poster}}
    description: {{es: Pieza de prueba., en: Test piece.}}
    date: "2025-07-30"
    campaign: dia-mundial-2025
    institution: {{es: Institución de prueba, en: Test institution}}
    licence: por-confirmar
    alt: {{es: "Afiche azul de prueba, sin texto.", en: "Blue test poster, without text."}}
{"    image_text: {es: Palabras del afiche, en: Words of the poster}" if image_text else ""}
    files:
      - {{path: materials/afiche-2025/afiche-2025-es.png, language: es}}
      - {{path: materials/afiche-2025/afiche-2025-es.pdf, language: es}}
'''
    path = tmp_path / "data" / "materials.yaml"
    path.write_text(entry, "utf-8")
    return path


def test_an_uploaded_piece_is_listed_with_its_files_preview_and_kit(tmp_path):
    path = _uploaded_project(tmp_path)
    pieces = data.load_materials(path)
    result = outputs.produce(pieces, _contexts(), _few_regions(), cache=None, root=tmp_path)
    names = [d.path for d in result.downloads[("afiche-2025", "en")]]
    assert names == ["materiales/afiche-2025/afiche-2025-es.png", "materiales/afiche-2025/afiche-2025-es.pdf",
                     "materiales/afiche-2025/afiche-2025-en-kit.zip"]
    preview, width, height = result.previews[("afiche-2025", "es")]
    assert (width, height) == (480, 600)
    kit = zipfile.ZipFile(io.BytesIO(result.files["materiales/afiche-2025/afiche-2025-es-kit.zip"]))
    assert {"afiche-2025-es.png", "afiche-2025-es.pdf", "LEEME.txt", "LICENCIA.txt"} == set(kit.namelist())
    assert "Palabras del afiche" in kit.read("LEEME.txt").decode("utf-8")


def test_an_uploaded_image_without_its_words_or_too_large_is_refused(tmp_path):
    path = _uploaded_project(tmp_path, image_text=False)
    with pytest.raises(data.MaterialsError, match="image_text"):
        data.load_materials(path)
    other = tmp_path / "other"
    other.mkdir()
    path = _uploaded_project(other, size=data.MAX_FILE_BYTES + 1)
    with pytest.raises(data.MaterialsError, match=r"materials\.yaml:\d+:\d+: .*files\[0\]\.path: .*el máximo es 2048 KB"):
        data.load_materials(path)


# The informative script (action 1.4): a page and its PDF


@pytest.mark.parametrize("language", data.piece_languages(_pieces("guion")[0]))
def test_every_section_of_the_script_names_its_source(language):
    from mitp.materials import document

    items = document.blocks((ROOT / "docs" / language / "guion.md").read_text("utf-8"), lambda purposes: ["x"])
    sections: list[list[str]] = []
    for kind, _ in items:
        if kind == "heading":
            sections.append([])
        elif sections:
            sections[-1].append(kind)
    assert len(sections) == 7
    assert all(kinds and kinds[-1] == "source" for kinds in sections)
    assert not [text for _, text in items if "<" in text]   # no <span lang="es"> printed as text


def test_the_script_pdf_has_its_pages_and_the_numbers_of_data_channels(tmp_path):
    from mitp.materials import document

    original = (ROOT / "data" / "channels.yaml").read_text("utf-8")
    changed = tmp_path / "channels.yaml"
    changed.write_text(original.replace('dial: "600 818 1000"', 'dial: "600 818 2000"'), "utf-8")
    for channel_list, number in ((None, "600 818 1000"), (channels.load_channels(changed), "600 818 2000")):
        ctx = _contexts(channel_list)["es"]
        scenes = document.scenes((ROOT / "docs" / "es" / "guion.md").read_text("utf-8"), title="Guion", language="es",
                                 strings=ctx.strings, url=SITE_URL + "guion/", channel_lines=ctx.channel_lines)
        assert len(scenes) >= 2
        words = " ".join(w for sc in scenes for w in sc.words)
        assert f"({number})" in words and "(133)" in words and "(*4242)" in words
        assert "Fuente:" in words
        for sc in scenes:
            for line in sc.lines:
                assert line["x"] + _cairo_width(line["text"], line["size"], line["bold"]) <= line["box_right"] + 0.5
                assert line["y"] <= sc.format.height
    pdf = render.pdf([graphics.svg(sc) for sc in scenes], created=data.load_materials()[-1]["date"])
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 2 or pdf.count(b"/Type /Page") >= 3


# The print-shop version: bleed and crop marks


def test_print_shop_pdf_is_the_a4_page_with_bleed_and_crop_marks_around_it(tmp_path):
    """A print shop cuts at the crop marks: what is left is the ordinary A4 page, pixel for pixel,
    and the header and help-bar colours run 3 mm past the cut, so a cut slightly off leaves no
    white edge."""
    ctx = _contexts()["ht"]
    piece = _pieces("afiche-regional")[0]
    region = outputs.region_pages(_few_regions(1), SITE_URL, "ht", ctx.strings)[0]
    sc = graphics.scene(piece, graphics.FORMATS["a4"], ctx, region=region)
    bled, sheet = graphics.print_sheet(sc)
    W, H, edge = sc.format.width, sc.format.height, -sheet["x"]
    unit = W / 210
    assert sheet["w"] == W + 2 * edge and abs(float(sheet["width"][:-2]) - (W + 2 * edge) / unit) < 0.01

    page = Image.open(io.BytesIO(render.png(graphics.svg(sc), W, H))).convert("RGB")
    whole = Image.open(io.BytesIO(render.png(graphics.svg(bled, sheet), sheet["w"], sheet["h"]))).convert("RGB")
    trimmed = whole.crop((edge, edge, edge + W, edge + H))
    from PIL import ImageChops, ImageStat
    mean = sum(ImageStat.Stat(ImageChops.difference(page, trimmed)).mean) / 3
    assert mean < 0.5, f"the trimmed print page differs from the A4 page (mean difference {mean:.2f})"
    assert [r.text for r in zxingcpp.read_barcodes(trimmed)] == [region["url"]]

    bleed = round(3 * unit)
    primary = tuple(int(graphics.COLOURS["primary"][i:i + 2], 16) for i in (1, 3, 5))
    cream = tuple(int(graphics.COLOURS["help_bg"][i:i + 2], 16) for i in (1, 3, 5))
    assert whole.getpixel((edge + W // 2, edge - bleed // 2)) == primary          # above the cut: header blue
    assert whole.getpixel((edge - bleed // 2, edge + 10)) == primary              # left of the cut
    assert whole.getpixel((edge + W // 2, edge + H + bleed // 2)) == cream        # below the cut: help bar
    assert whole.getpixel((edge + W // 2, edge - bleed - 10)) == (255, 255, 255)  # beyond the bleed: paper
    # Eight crop marks, all outside the bleed, in line with the trim edges.
    assert len(sheet["marks"]) == 8
    for x1, y1, x2, y2 in sheet["marks"]:
        for x, y in ((x1, y1), (x2, y2)):
            assert x < -bleed or x > W + bleed or y < -bleed or y > H + bleed
        assert {x1, x2} & {0, W} or {y1, y2} & {0, H}
    dark = whole.getpixel((edge - round(8 * unit), edge))                         # on the top-left mark
    assert sum(dark) < 3 * 200

    result = outputs.produce([piece], _contexts(), _few_regions(1), cache=None)
    pdf = result.files["materiales/afiche-regional/ht/afiche-regional-ht-arica-y-parinacota-a4-imprenta.pdf"]
    box = [float(v) for v in re.search(rb"/MediaBox \[ ([\d. ]+) \]", pdf).group(1).split()]
    assert abs(box[2] - float(sheet["width"][:-2]) / 25.4 * 72) < 0.5
    assert abs(box[3] - float(sheet["height"][:-2]) / 25.4 * 72) < 0.5
    kit = zipfile.ZipFile(io.BytesIO(result.files["materiales/afiche-regional/afiche-regional-ht-kit.zip"]))
    assert "afiche-regional-ht-arica-y-parinacota-a4-imprenta.pdf" in kit.namelist()


def test_the_licence_to_be_confirmed_names_the_institution_that_made_the_piece():
    """Issue 22: a piece another institution made is not said to be the MITP's to licence."""
    for language in ("es", "en", "ht"):
        said = outputs.licence_text("por-confirmar", ui.strings_for(language), "Servicio Nacional de Migraciones")
        assert "Servicio Nacional de Migraciones" in said and "{institution}" not in said
        assert "Mesa Intersectorial" not in said and "MITP" not in said and "Intersectoral" not in said

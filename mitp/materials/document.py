"""A page of the site as a printable, multi-page PDF (the informative script of action 1.4).

The page's Markdown is read as plain blocks (title, headings, paragraphs, list items, the
"Fuente" lines; inline HTML such as ``<span lang="es">`` dropped, its text kept) and the marker
``<!-- mitp:canales PURPOSES -->`` becomes the channels' names and numbers from
data/channels.yaml, as on the page. Lines are wrapped with the same metrics as
the graphic pieces and flowed over A4 pages; each page is one SVG (piece.svg.html), the PDF joins them.
"""
from __future__ import annotations

import re

from mitp.materials import graphics, layout
from mitp.materials.graphics import COLOURS, Scene
from mitp.materials.layout import Box, Line, Paragraph

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ATTRS = re.compile(r"\{[^}]*\}")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")   # inline HTML such as <span lang="es">…</span>: its text stays
_CHANNELS = re.compile(r"<!--\s*mitp:canales\s+([a-z0-9,\s-]+?)\s*-->")
_NUMBERED = re.compile(r"^\d+\.\s+")

# Sizes in user units of the A4 page (150 per inch): body 11.5 pt ≈ 24 units.
BODY = 24.0
SCALES = {"title": 1.9, "heading": 1.3, "body": 1.0, "source": 0.8}


def _plain(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _ATTRS.sub("", text)
    text = _TAG.sub("", text)
    text = text.replace("**", "").replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def blocks(markdown: str, channel_lines) -> list[tuple[str, str]]:
    """``(kind, text)`` of the page in order: title, heading, body, item, source.

    ``channel_lines(purposes)`` gives the lines that replace a channels marker.
    """
    if markdown.startswith("---"):
        markdown = markdown.split("---", 2)[2]
    out: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            text = _plain(" ".join(paragraph))
            if text:
                kind = "source" if re.match(r"^(Fuente|Source|Sous)\b", text) else "body"
                out.append((kind, text))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        marker = _CHANNELS.search(line)
        if marker:
            flush()
            purposes = {p.strip() for p in marker.group(1).split(",") if p.strip()}
            out += [("item", text) for text in channel_lines(purposes)]
        elif not line or line.startswith("{"):
            flush()
        elif line.startswith("# "):
            flush()
            out.append(("title", _plain(line[2:])))
        elif line.startswith("#"):
            flush()
            out.append(("heading", _plain(line.lstrip("#"))))
        elif line.startswith(("- ", "* ")) or _NUMBERED.match(line):
            flush()
            out.append(("item", _plain(_NUMBERED.sub("", line[2:] if line[:2] in ("- ", "* ") else line))))
        else:
            paragraph.append(line)
    flush()
    return out


def flow(items: list[tuple[str, str]], box: Box, *, what: str) -> list[list[Line]]:
    """Lines of every block, flowed top-down over as many pages (boxes) as needed."""
    pages: list[list[Line]] = [[]]
    y = box.y
    for kind, text in items:
        size = BODY * SCALES.get(kind, 1.0)
        bold = kind in ("title", "heading")
        bullet = kind == "item"
        left = box.x + (size * 1.1 if bullet else 0)
        wrapped = layout.wrap(text, size, box.x + box.width - left, bold=bold)
        if wrapped is None:
            raise layout.LayoutError(f"{what}: una palabra de «{text[:40]}…» no cabe en el ancho de la página")
        space_before = size * (1.2 if kind in ("heading",) else 0.5) if pages[-1] else 0
        needed = len(wrapped) * size * layout.LINE_HEIGHT + space_before
        # A heading never ends a page: it moves with the first lines of what follows.
        keep = size * layout.LINE_HEIGHT * (3 if kind == "heading" else 1)
        if pages[-1] and y + min(needed + keep - size * layout.LINE_HEIGHT, box.height) > box.y + box.height:
            pages.append([])
            y = box.y
            space_before = 0
        y += space_before
        for number, words in enumerate(wrapped):
            if y + size * layout.LINE_HEIGHT > box.y + box.height:
                pages.append([])
                y = box.y
            y += size * layout.LINE_HEIGHT
            pages[-1].append(Line(words, left, round(y - size * 0.25, 2), round(size, 2), bold, bullet and number == 0))
    return pages


def scenes(markdown: str, *, title: str, language: str, strings: dict[str, str], url: str,
           channel_lines, fmt: graphics.Format = graphics.FORMATS["a4"]) -> list[Scene]:
    """One scene per A4 page of the document, with a header band and a footer "page n of N — url"."""
    W, H = fmt.width, fmt.height
    m = round(W * 0.08)
    band = H * 0.035
    box = Box(m, band + m * 0.6, W - 2 * m, H - band - m * 0.6 - m * 1.1)
    what = f"documento «{title}», idioma {language}"
    pages = flow(blocks(markdown, channel_lines), box, what=what)
    out = []
    for number, lines in enumerate(pages, 1):
        sc = Scene(fmt, language, title=title, alt=f"{title} ({number}/{len(pages)})")
        sc.rects.append({"x": 0, "y": 0, "w": W, "h": H, "fill": COLOURS["paper"]})
        sc.rects.append({"x": 0, "y": 0, "w": W, "h": band, "fill": COLOURS["primary"]})
        for line in lines:
            sc.lines.append({"text": line.text, "x": round(line.x, 2), "y": line.y, "size": line.size,
                             "bold": line.bold, "bullet": line.bullet, "fill": COLOURS["ink"], "anchor": "start",
                             "box_right": round(box.x + box.width, 2)})
            sc.words.append(line.text)
        footer = strings["materials_page_of"].format(page=number, pages=len(pages), url=graphics.bare(url))
        sc.lines.append({"text": footer, "x": m, "y": round(H - m * 0.6, 2), "size": BODY * 0.7, "bold": False,
                         "bullet": False, "fill": COLOURS["help_fg"], "anchor": "start", "box_right": W - m})
        if layout.text_width(footer, BODY * 0.7) > W - 2 * m:
            raise layout.LayoutError(f"{what}: el pie de página no cabe")
        out.append(sc)
    return out

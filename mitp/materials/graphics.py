"""The graphic pieces as SVG: layout from the data, markup from one template.

``scene(...)`` lays a piece out for one format and language (plain data: rectangles, lines of
text, a QR code); ``overrides/partials/materials/piece.svg.html`` (``.html``: MkDocs would otherwise publish the template as a file) turns a scene into SVG. The same
scene gives the full text of the image shown on the page (``scene.words``), so the words on the
page and in the image cannot drift apart.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import segno

from mitp.materials import layout
from mitp.materials.data import fill, text
from mitp.materials.layout import Box, Paragraph

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "overrides" / "partials" / "materials"

# The site's colours (overrides/assets/stylesheets/mitp.css): header blue, help-bar cream and
# brown, link blue. Contrast: white on blue 11.6:1, brown on cream 13.9:1, ink on white 17:1.
COLOURS = {
    "primary": "#0d3b66",
    "on_primary": "#ffffff",
    "help_bg": "#fff4e5",
    "help_fg": "#3d2200",
    "ink": "#1b1b1b",
    "link": "#0b4f8a",
    "accent": "#8a1c1c",
    "paper": "#ffffff",
}


@dataclass(frozen=True)
class Format:
    """An output size. ``width``/``height`` are the SVG's user units (px at 96 dpi for social
    formats, 150 dpi for paper); ``physical`` is the printed size given to the SVG."""

    name: str
    width: int
    height: int
    kind: str                 # "png" | "pdf"
    physical: tuple[str, str] | None = None

    @property
    def landscape(self) -> bool:
        return self.width > self.height * 1.3


SOCIAL = (
    Format("cuadrado", 1080, 1080, "png"),
    Format("historia", 1080, 1920, "png"),
    Format("enlace", 1200, 630, "png"),
)
PAPER = (
    Format("a4", 1240, 1754, "pdf", ("210mm", "297mm")),
    Format("carta", 1275, 1650, "pdf", ("8.5in", "11in")),
)
FORMATS = {f.name: f for f in SOCIAL + PAPER}


@dataclass
class Scene:
    format: Format
    language: str
    title: str
    alt: str
    rects: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    qr: dict | None = None
    words: list[str] = field(default_factory=list)   # the full text of the image, in reading order


@dataclass(frozen=True)
class Context:
    """What a piece needs besides its own data, for one language."""

    language: str
    strings: dict[str, str]           # data/ui.yaml in this language
    site_url: str                     # https://…/ (ends with /)
    help_bar: list[dict]              # channels of the help bar: {"short", "display"}, in order
    numbers: dict[str, str]           # channel id → number as written
    channels: tuple = ()              # every channel: {"purposes", "name", "display", "description"}
    review_pending: bool = False      # the piece's words come from a translation not yet reviewed

    def channel_lines(self, purposes: set[str]) -> list[str]:
        """'Name (number): description' of the channels with any of ``purposes`` (as a page lists them)."""
        return [f"{c['name']} ({c['display']}): {c['description']}" for c in self.channels
                if purposes & set(c["purposes"])]


def page_url(site_url: str, language: str, slug: str) -> str:
    """Public address of a page of the site in ``language``."""
    prefix = "" if language == "es" else f"{language}/"
    return f"{site_url}{prefix}{slug}/"


def bare(url: str) -> str:
    """An address as printed: without https:// (the reader types the rest)."""
    return url.split("://", 1)[-1]


def scene(piece: dict, fmt: Format, ctx: Context, *, region: dict | None = None) -> Scene:
    """Lay ``piece`` out on ``fmt`` in ``ctx.language``; ``region`` (name, url) for posters."""
    language = ctx.language
    design = piece["design"]
    what = f"pieza '{piece['id']}', formato {fmt.name}, idioma {language}"
    sc = Scene(fmt, language, title=text(piece["title"], language)["text"], alt=text(piece["alt"], language)["text"])
    heading = fill(text(design["heading"], language)["text"], ctx.numbers)
    points = [fill(text(p, language)["text"], ctx.numbers) for p in design["points"]]
    kicker = ctx.strings["materials_kicker"]
    more = f"{ctx.strings['materials_more']} {bare(page_url(ctx.site_url, language, design['page']))}"
    W, H = fmt.width, fmt.height
    m = round(min(W, H) * 0.06)
    sc.rects.append({"x": 0, "y": 0, "w": W, "h": H, "fill": COLOURS["paper"]})

    if fmt.landscape:
        band = Box(m, m, W * 0.40 - 2 * m, H - 2 * m)
        sc.rects.append({"x": 0, "y": 0, "w": W * 0.40, "h": H, "fill": COLOURS["primary"]})
        top = _text(sc, [Paragraph(kicker)], Box(band.x, band.y, band.width, H * 0.1), size=W * 0.017,
                    min_size=12, fill_=COLOURS["on_primary"], what=what)
        _text(sc, [Paragraph(heading, bold=True)], Box(band.x, top + m * 0.4, band.width, H - top - 2 * m),
              size=W * 0.042, min_size=20, fill_=COLOURS["on_primary"], what=what)
        right = Box(W * 0.40 + m, m * 0.8, W * 0.60 - 2 * m, H * 0.50)
        bar_top = H * 0.62
        _text(sc, [Paragraph(p, bullet=True) for p in points], right, size=W * 0.021, min_size=13,
              fill_=COLOURS["ink"], what=what, gap=0.35)
        _help_bar(sc, ctx, Box(W * 0.40, bar_top, W * 0.60, H - bar_top), m * 0.8, what, more)
        return sc

    band_height = H * (0.2 if fmt.height > fmt.width * 1.5 else 0.26)
    sc.rects.append({"x": 0, "y": 0, "w": W, "h": band_height, "fill": COLOURS["primary"]})
    top = _text(sc, [Paragraph(kicker)], Box(m, m * 0.7, W - 2 * m, W * 0.05), size=W * 0.026, min_size=14,
                fill_=COLOURS["on_primary"], what=what)
    _text(sc, [Paragraph(heading, bold=True)], Box(m, top + m * 0.3, W - 2 * m, band_height - top - m * 0.8),
          size=W * 0.062, min_size=24, fill_=COLOURS["on_primary"], what=what)
    bar_height = H * (0.24 if region is None else 0.21)
    bar_top = H - bar_height
    body_bottom = bar_top - m * 0.6
    if region is not None:
        qr_size = W * 0.26
        qr_top = bar_top - m * 0.6 - qr_size
        body_bottom = qr_top - m * 0.4
        _poster_region(sc, ctx, region, Box(m, qr_top, W - 2 * m, qr_size), what)
    _text(sc, [Paragraph(p, bullet=True) for p in points], Box(m, band_height + m * 0.5, W - 2 * m,
                                                               body_bottom - band_height - m * 0.5),
          size=W * 0.042, min_size=18, fill_=COLOURS["ink"], what=what)
    _help_bar(sc, ctx, Box(0, bar_top, W, bar_height), m, what, more)
    return sc


def _text(sc: Scene, paragraphs: list[Paragraph], box: Box, *, size: float, min_size: float, fill_: str,
          what: str, gap: float = 0.6, anchor: str = "start") -> float:
    """Fit paragraphs in ``box``; add their lines to the scene; return the y below the last line."""
    lines = layout.fit(paragraphs, box, size=size, min_size=min_size, gap=gap, what=what)
    for line in lines:
        sc.lines.append({"text": line.text, "x": round(line.x, 2), "y": line.y, "size": line.size,
                         "bold": line.bold, "bullet": line.bullet, "fill": fill_, "anchor": anchor,
                         "box_right": round(box.x + box.width, 2)})
    for paragraph in paragraphs:
        sc.words.append(paragraph.text)
    return max(l.y for l in lines) + (lines[-1].size * 0.35 if lines else 0)


def _help_bar(sc: Scene, ctx: Context, area: Box, m: float, what: str, more: str) -> None:
    """The site's help bar on paper: label, then each channel's short name and number."""
    sc.rects.append({"x": area.x, "y": area.y, "w": area.width, "h": area.height, "fill": COLOURS["help_bg"]})
    inner = Box(area.x + m, area.y + m * 0.5, area.width - 2 * m, area.height - m)
    label_size = inner.width * 0.032
    footer_size = inner.width * 0.024
    rows = len(ctx.help_bar)
    # Vertical budget: label, rows of numbers, the "more information" line.
    unit = inner.height / (1.3 + rows * 1.5 + 1.1)
    y = _text(sc, [Paragraph(ctx.strings["helpbar_label"], bold=True)], Box(inner.x, inner.y, inner.width, unit * 1.3),
              size=min(label_size, unit * 0.85), min_size=11, fill_=COLOURS["help_fg"], what=what)
    for channel in ctx.help_bar:
        number_size = min(inner.width * 0.06, unit * 1.05)
        name_size = number_size * 0.6
        number_width = layout.text_width(channel["display"], number_size, bold=True)
        name_box = Box(inner.x, y, inner.width - number_width - inner.width * 0.04, unit * 1.5)
        _text(sc, [Paragraph(channel["short"])], name_box, size=name_size, min_size=11, fill_=COLOURS["help_fg"],
              what=what)
        baseline = sc.lines[-1]["y"]
        sc.lines.append({"text": channel["display"], "x": round(inner.x + inner.width, 2), "y": baseline,
                         "size": round(number_size, 2), "bold": True, "bullet": False, "fill": COLOURS["help_fg"],
                         "anchor": "end", "box_right": round(inner.x + inner.width, 2)})
        sc.words[-1] = f"{channel['short']}: {channel['display']}"
        y = baseline + unit * 0.45
    _text(sc, [Paragraph(more)], Box(inner.x, y, inner.width, area.y + area.height - y - m * 0.2),
          size=min(footer_size, unit * 0.7), min_size=10, fill_=COLOURS["help_fg"], what=what)


def _poster_region(sc: Scene, ctx: Context, region: dict, box: Box, what: str) -> None:
    """QR code to the region's directory page, with the address printed as text beside it."""
    modules, path = qr_path(region["url"])
    sc.qr = {"x": round(box.x, 2), "y": round(box.y, 2), "scale": round(box.height / modules, 4),
             "modules": modules, "path": path, "url": region["url"]}
    right = Box(box.x + box.height + box.width * 0.04, box.y, box.width - box.height - box.width * 0.04, box.height)
    size = box.width * 0.034
    y = _text(sc, [Paragraph(region["label"], bold=True)], Box(right.x, right.y, right.width, right.height * 0.45),
              size=size, min_size=14, fill_=COLOURS["ink"], what=what)
    y = _url(sc, bare(region["url"]), Box(right.x, y, right.width, right.height * 0.3), size * 0.85, what)
    _text(sc, [Paragraph(ctx.strings["materials_qr_check"])], Box(right.x, y + size * 0.3, right.width,
                                                                 right.y + right.height - y - size * 0.3),
          size=size * 0.62, min_size=11, fill_=COLOURS["ink"], what=what)


@functools.lru_cache(maxsize=256)
def qr_path(url: str) -> tuple[int, str]:
    """QR code of ``url`` (error correction M, 4-module quiet zone) as one SVG path of dark squares."""
    code = segno.make_qr(url, error="m")
    dark = [f"M{x},{y}h1v1h-1z" for y, row in enumerate(code.matrix_iter(border=4))
            for x, is_dark in enumerate(row) if is_dark]
    return code.symbol_size(border=4)[0], "".join(dark)


def _url(sc: Scene, url: str, box: Box, size: float, what: str) -> float:
    """An address broken after '/' (never inside a word), in the link colour."""
    parts = [p + "/" for p in url.rstrip("/").split("/")]
    current = size
    while current >= 11:
        lines, line = [], ""
        for part in parts:
            if line and layout.text_width(line + part, current, bold=True) > box.width * layout.FILL:
                lines.append(line)
                line = part
            else:
                line += part
        lines.append(line)
        if all(layout.text_width(l, current, bold=True) <= box.width * layout.FILL for l in lines) \
                and len(lines) * current * layout.LINE_HEIGHT <= box.height:
            y = box.y
            for l in lines:
                y += current * layout.LINE_HEIGHT
                sc.lines.append({"text": l, "x": round(box.x, 2), "y": round(y - current * 0.25, 2),
                                 "size": round(current, 2), "bold": True, "bullet": False,
                                 "fill": COLOURS["link"], "anchor": "start", "box_right": round(box.x + box.width, 2)})
            sc.words.append(url)
            return y
        current = round(current * 0.94, 2)
    raise layout.LayoutError(f"{what}: la dirección {url} no cabe en su espacio; acórtala")


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def svg(sc: Scene, sheet: dict | None = None) -> str:
    """The scene as a standalone, editable SVG (fonts named, not embedded: DejaVu Sans);
    ``sheet`` (from ``print_sheet``) for the print-shop version."""
    return _environment().get_template("piece.svg.html").render(scene=sc, colours=COLOURS, family=layout.FAMILY,
                                                                sheet=sheet)


# Print-shop version of a paper format: bleed and crop marks

BLEED_MM = 3        # colour runs this far past the trim line, so a cut slightly off leaves no white edge
MARK_GAP_MM = 3     # crop marks start this far outside the trim line (beyond the bleed)
MARK_LENGTH_MM = 5
MARK_WIDTH_MM = 0.1


def print_sheet(sc: Scene) -> tuple[Scene, dict]:
    """The scene on a larger sheet for a print shop: backgrounds that touch the trim edge run
    ``BLEED_MM`` beyond it, and crop marks outside the bleed show where to cut. The trimmed page
    is exactly the ordinary PDF (same layout, same text, same QR)."""
    fmt = sc.format
    if not fmt.physical or not fmt.physical[0].endswith("mm"):
        raise ValueError(f"formato {fmt.name}: solo los formatos en milímetros tienen versión para imprenta")
    unit = fmt.width / float(fmt.physical[0][:-2])             # user units per millimetre
    bleed = BLEED_MM * unit
    # Trim line to the sheet's edge, a whole number of units: the trimmed page then falls on the
    # same pixel grid as the ordinary PDF's and prints the same.
    edge = round((BLEED_MM + MARK_GAP_MM + MARK_LENGTH_MM + 2) * unit)
    W, H = fmt.width, fmt.height
    rects = []
    for r in sc.rects:
        x, y, w, h = r["x"], r["y"], r["w"], r["h"]
        if x <= 0:
            x, w = x - bleed, w + bleed
        if r["x"] + r["w"] >= W:
            w += bleed
        if y <= 0:
            y, h = y - bleed, h + bleed
        if r["y"] + r["h"] >= H:
            h += bleed
        rects.append(dict(r, x=round(x, 2), y=round(y, 2), w=round(w, 2), h=round(h, 2)))
    near, far = (BLEED_MM + MARK_GAP_MM) * unit, (BLEED_MM + MARK_GAP_MM + MARK_LENGTH_MM) * unit
    marks = []
    for cx, sx in ((0, -1), (W, 1)):
        for cy, sy in ((0, -1), (H, 1)):
            marks.append((cx + sx * near, cy, cx + sx * far, cy))   # horizontal, in line with the trim's top/bottom
            marks.append((cx, cy + sy * near, cx, cy + sy * far))   # vertical, in line with its left/right
    sheet = {"x": -edge, "y": -edge, "w": W + 2 * edge, "h": H + 2 * edge,
             "width": f"{(W + 2 * edge) / unit:.3f}mm", "height": f"{(H + 2 * edge) / unit:.3f}mm",
             "marks": [tuple(round(v, 2) for v in m) for m in marks], "stroke": round(MARK_WIDTH_MM * unit, 2),
             "bleed": round(bleed, 2)}
    return dataclasses.replace(sc, rects=rects), sheet

"""Text layout for the graphic pieces: lines wrapped with the metrics of the font that renders them.

SVG ``<text>`` does not wrap. The pieces are laid out here, before the SVG is written: each text
is broken into lines measured with the same TrueType file that cairo uses to draw it (DejaVu Sans,
found through fontconfig), and shrunk step by step until it fits its box. A text that does not fit
at the smallest size allowed is an error that names the piece, the format and the language
(``LayoutError``), never a poster whose words run off the page.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

FAMILY = "DejaVu Sans"
# Where Debian's fonts-dejavu-core puts the files; fontconfig is asked first.
_FALLBACK = {
    False: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    True: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}
# Lines are filled to at most this share of the box: cairo and FreeType round advances a little
# differently (measured: under 0.5 % on these texts); the margin keeps that off the edge.
FILL = 0.97
LINE_HEIGHT = 1.25
# Where a line may break: at a space, except between two digits ("600 818 1000" stays whole).
_BREAKS = re.compile(r"(?<!\d) +| +(?!\d)")


class LayoutError(ValueError):
    """A text does not fit its box at the smallest size allowed."""


@functools.cache
def font_file(bold: bool) -> str:
    """The TrueType file fontconfig gives for DejaVu Sans (bold or regular)."""
    if shutil.which("fc-match"):
        pattern = f"{FAMILY}:bold" if bold else FAMILY
        found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True).stdout
        if found and Path(found).name.startswith("DejaVuSans"):
            return found
    if Path(_FALLBACK[bold]).exists():
        return _FALLBACK[bold]
    raise LayoutError(
        "No se encontró la fuente DejaVu Sans, que usan las piezas gráficas. "
        "Instálala (paquete de Debian fonts-dejavu-core).")


@functools.cache
def _font(bold: bool, size10: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_file(bold), size10 / 10)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Advance width of ``text`` at ``size`` (user units) in DejaVu Sans.

    Summed word by word (each word measured once and remembered): the layout measures the same
    words at the same sizes thousands of times. Kerning across a space is not counted; the
    ``FILL`` margin covers it, and the overflow test measures the drawn lines with cairo itself.
    """
    size10 = round(size * 10)
    words = text.split(" ")
    return sum(_word_width(w, bold, size10) for w in words) + (len(words) - 1) * _word_width(" ", bold, size10)


@functools.lru_cache(maxsize=65536)
def _word_width(word: str, bold: bool, size10: int) -> float:
    return _font(bold, size10).getlength(word) if word else 0.0


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str] | None:
    """``text`` broken at spaces into lines no wider than ``width``; None if one word is too wide."""
    limit = width * FILL
    lines: list[str] = []
    current = ""
    for word in _BREAKS.split(text.strip()):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= limit:
            current = candidate
            continue
        if not current or text_width(word, size, bold=bold) > limit:
            return None
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    bullet: bool = False


@dataclass(frozen=True)
class Line:
    text: str
    x: float
    y: float          # baseline
    size: float
    bold: bool
    bullet: bool      # first line of a bulleted paragraph (the template draws the mark)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


def fit(paragraphs: list[Paragraph], box: Box, *, size: float, min_size: float, gap: float = 0.6,
        what: str = "") -> list[Line]:
    """Lay ``paragraphs`` out top-down in ``box``, shrinking from ``size`` until all fit.

    ``gap`` is the space between paragraphs, in lines. Raises LayoutError naming ``what``
    when even ``min_size`` does not fit.
    """
    current = size
    while current >= min_size - 1e-9:
        placed = _place(paragraphs, box, current, gap)
        if placed is not None:
            return placed
        current = round(current * 0.94, 2)
    raise LayoutError(
        f"{what}: el texto no cabe en su espacio ({box.width:.0f}×{box.height:.0f}) ni con letra de "
        f"{min_size:g}; acórtalo")


def _place(paragraphs: list[Paragraph], box: Box, size: float, gap: float) -> list[Line] | None:
    indent = size * 1.1
    lines: list[Line] = []
    y = box.y
    for index, paragraph in enumerate(paragraphs):
        if index:
            y += size * LINE_HEIGHT * gap
        left = box.x + (indent if paragraph.bullet else 0)
        wrapped = wrap(paragraph.text, size, box.x + box.width - left, bold=paragraph.bold)
        if wrapped is None:
            return None
        for number, text in enumerate(wrapped):
            y += size * LINE_HEIGHT
            lines.append(Line(text, left, round(y - size * 0.25, 2), size, paragraph.bold,
                              paragraph.bullet and number == 0))
    if y > box.y + box.height:
        return None
    return lines

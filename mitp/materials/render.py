"""SVG → PNG and PDF with cairosvg (cairo), deterministic: the same SVG gives the same bytes.

Measured against WeasyPrint in README.md ("Materiales: por qué cairosvg"). PNG from cairo carries
no date. PDF: cairo writes the creation date; it is pinned to the piece's own date, so rebuilding
an unchanged piece gives the same bytes (tests/test_materials_outputs.py).
"""
from __future__ import annotations

import io
from datetime import date

import cairocffi
import cairosvg
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface

DPI = 150  # paper formats are laid out at 150 user units per inch (graphics.PAPER)


def png(svg_text: str, width: int, height: int) -> bytes:
    return cairosvg.svg2png(bytestring=svg_text.encode("utf-8"), output_width=width, output_height=height)


class _Page(PDFSurface):
    """cairosvg's PDF surface drawing onto a shared, multi-page cairo surface."""

    shared: cairocffi.PDFSurface | None = None

    def _create_surface(self, width, height):
        self.shared.set_size(width, height)
        return self.shared, width, height


def pdf(pages: list[str], *, created: date, title: str = "", language: str = "") -> bytes:
    """One PDF with each SVG of ``pages`` on its own page (sizes from the SVGs' width/height)."""
    out = io.BytesIO()
    surface = cairocffi.PDFSurface(out, 1, 1)
    stamp = f"{created.isoformat()}T00:00:00Z"
    surface.set_metadata(cairocffi.PDF_METADATA_CREATE_DATE, stamp)
    surface.set_metadata(cairocffi.PDF_METADATA_MOD_DATE, stamp)
    surface.set_metadata(cairocffi.PDF_METADATA_CREATOR, "MITP")
    if title:
        surface.set_metadata(cairocffi.PDF_METADATA_TITLE, title)
    try:
        _Page.shared = surface
        for page in pages:
            tree = Tree(bytestring=page.encode("utf-8"))
            drawn = _Page(tree, None, DPI)
            drawn.context.show_page()
    finally:
        _Page.shared = None
    surface.finish()
    return out.getvalue()

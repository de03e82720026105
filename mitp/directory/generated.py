"""The small Markdown files of the generated directory pages (front matter, title, markers)."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Mapping

from mitp.core import pages as generated_pages
from mitp.directory.plan import BASE, DirectoryPage, GENERATED_HEADER, MARKER


# Generated Markdown files


def page_title(page: DirectoryPage, territories, strings: Mapping[str, str]) -> str:
    if page.kind == "national":
        title = strings["directory_title"]
    elif page.kind == "region":
        title = strings["directory_region_title"].format(name=territories.regions[page.region].name)
    elif page.kind == "provincia":
        title = strings["directory_provincia_title"].format(
            name=territories.provincias[page.provincia].name, region=territories.regions[page.region].name)
    else:
        title = strings["directory_comuna_title"].format(
            name=territories.comunas[page.comuna].name, region=territories.regions[page.region].name)
    if page.parts > 1:
        title += " " + strings["directory_part"].format(part=page.part, parts=page.parts)
    return title


def page_markdown(page: DirectoryPage, territories, strings: Mapping[str, str]) -> str:
    """The small Markdown file of a generated page: front matter, title and the marker."""
    title = page_title(page, territories, strings)
    meta = {"kind": page.kind, "part": page.part}
    for key in ("region", "provincia", "comuna"):
        if getattr(page, key):
            meta[key] = getattr(page, key)
    lines = [
        "---",
        f"title: {_yaml_string(title)}",
        f"description: {_yaml_string(strings['directory_page_description'].format(title=title))}",
        "hide:",
        "  - toc",
        "directorio:",
        *(f"  {k}: {_yaml_string(str(v))}" for k, v in meta.items()),
        "---",
        GENERATED_HEADER,
        "",
        f"# {_markdown_escape(title)}",
        "",
        *_help_today(page, strings),
        MARKER,
        "",
    ]
    return "\n".join(lines)


# The national lines shown first on every region, provincia and comuna page (hooks/channels.py
# fills the marker from data/channels.yaml): a reader is never left with a list of offices only.
TODAY_CHANNELS = "<!-- mitp:canales emergencia,orientacion-victimas,denuncia-anonima -->"


def _help_today(page: DirectoryPage, strings: Mapping[str, str]) -> list[str]:
    if page.kind == "national" or page.part > 1 or "directory_today_heading" not in strings:
        return []
    # Raw HTML: the heading stays out of the page's table of contents, which Material copies
    # into the navigation (region pages stay out of it).
    heading = strings["directory_today_heading"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Left out of the site search (data-pagefind-ignore): the same national lines on every region
    # page would push the entries themselves out of the first results ("prosecutor" matched 16
    # region pages before the Fiscalía's own entry).
    text = html.escape(strings["directory_today_text"], quote=False)
    return ['<div class="mitp-dir-today" data-pagefind-ignore>', f'<h2 id="ayuda-hoy">{heading}</h2>',
            f"<p>{text}</p>", TODAY_CHANNELS, "</div>", ""]


def sync_generated_pages(docs_dir: Path, pages: list[DirectoryPage], territories,
                         strings_by_language: Mapping[str, Mapping[str, str]]) -> list[Path]:
    """Writes every generated page in every language, only where its text changed
    (``mitp.core.pages``); removes generated files that no page needs any more."""
    wanted = {docs_dir / language / page.path: page_markdown(page, territories, strings)
              for language, strings in strings_by_language.items() for page in pages if page.generated}
    return generated_pages.sync([docs_dir / language / BASE for language in strings_by_language], wanted,
                                GENERATED_HEADER)


_yaml_string = generated_pages.yaml_string


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)

"""The generated page files of campaigns, activities and regions, per language.

Real ``.md`` files written before MkDocs collects files (GUIDE.md: the one pattern that works with
the i18n plugin), into git-ignored folders under ``docs/<lang>/actividades/`` and
``docs/<lang>/campanas/``; rewritten only when their text changes (else ``mkdocs serve`` would
rebuild forever). Each holds a front matter title and one marker that the hook fills from the data.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, Mapping

from mitp.campaigns import views
from mitp.core import pages as generated_pages

HEADER = "# generado por hooks/campaigns.py desde data/activities.yaml y data/campaigns.yaml: no editar"
HEADER_MARK = "generado por hooks/campaigns.py"   # how a generated file is recognised (older ones too)


def _page(title: str, description: str, marker: str, *, title_lang: str | None = None) -> str:
    """A page file: its title as a Markdown h1 (escaped), ``title_lang`` when the title is a fallback
    in another language.

    Text from the data never goes into the front matter: MkDocs and the theme write ``title`` and
    ``description`` into <title> and <meta> without escaping. ``description`` must be the site's own
    text (data/ui.yaml, territory names). The h1 must come first for MkDocs to take it as the title.
    """
    attrs = f" {{ lang=\"{title_lang}\" }}" if title_lang else ""
    # The checks refuse < and > in titles; should one get here, it must not reach <title> (MkDocs
    # takes the h1's text, the theme un-escapes it with `striptags`).
    title = title.replace("<", "‹").replace(">", "›")
    return (f"---\n{HEADER}\ndescription: {json.dumps(description, ensure_ascii=False)}\n---\n\n"
            f"# {_markdown_escape(title)}{attrs}\n\n{marker}\n")


def _markdown_escape(text: str) -> str:
    """Text that Markdown shows as written: HTML characters as entities (Python-Markdown does not
    treat a backslash before ``<`` as an escape), Markdown's own signs behind a backslash."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+.!|-])", r"\\\1", text)


def wanted_pages(activities: Iterable[Mapping], campaigns: Iterable[Mapping], territories,
                 strings_by_language: Mapping[str, Mapping[str, str]]) -> dict[Path, str]:
    """Relative path under docs/ → text, for every generated page of every language."""
    activities, campaigns = list(activities), list(campaigns)
    regions = sorted({(a.get("territory") or {}).get("region") for a in activities} - {None})
    out: dict[Path, str] = {}
    for language, strings in strings_by_language.items():
        for activity in activities:
            text = views.text_in(activity["title"], language)
            title, title_lang = text["text"], text["lang"]
            if activity["status"] == "cancelada":
                title = f"{strings['activities_cancelled']}: {title}"
            out[Path(language, views.ACTIVITIES, f"{activity['id']}.md")] = _page(
                title, strings["activities_page_description"], f"<!-- mitp:actividad {activity['id']} -->",
                title_lang=title_lang if title_lang != language else None)
        for code in regions:
            if code not in territories.regions:
                continue
            name = territories.regions[code].name
            out[Path(language, views.REGIONS, f"{code}.md")] = _page(
                strings["activities_region_title"].format(region=name),
                strings["activities_region_description"].format(region=name),
                f"<!-- mitp:actividades-region {code} -->")
        for campaign in campaigns:
            text = views.text_in(campaign["name"], language)
            name, name_lang = text["text"], text["lang"]
            out[Path(language, views.CAMPAIGNS, f"{campaign['id']}.md")] = _page(
                name, title_lang=name_lang if name_lang != language else None,
                description=strings["campaigns_page_description"], marker=f"<!-- mitp:campana {campaign['id']} -->")
    return out


def sync(docs_dir: Path, wanted: Mapping[Path, str], languages: Iterable[str]) -> list[Path]:
    """Writes what changed, removes generated files no page needs (``mitp.core.pages.sync``)."""
    folders = [docs_dir / language / folder for language in languages for folder in (views.ACTIVITIES, views.CAMPAIGNS)]
    return generated_pages.sync(folders, {docs_dir / rel: text for rel, text in wanted.items()}, HEADER_MARK)

"""The podcast's files besides pages: its media (once) and one RSS feed per language.

Declared in ``mitp/registry.py`` (OUTPUTS), run by ``hooks/outputs.py``. Both return
``{path under the site folder: bytes}`` and write nothing themselves.

- ``media_files``: the audio, transcripts and artwork the data names (only those: a stray file
  in ``podcast/`` is never published), under ``podcast/archivos/``, and the chapters of each
  episode as Podcasting 2.0 JSON per language.
- ``feeds``: RSS 2.0 with the ``itunes`` and ``podcast`` namespaces (PSP-1), rendered from
  ``overrides/partials/podcast/feed.xml`` with autoescape (never string concatenation), one per
  language **spoken** in the episodes (``spoken_languages``): Spanish audio, a Spanish feed at
  ``podcast/feed.xml``, whose pages in English and Kreyòl link to it and say so in their language.
  Nothing is written while there is no episode: an empty feed is nothing to subscribe to.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from mitp import i18n
from mitp.core.datafile import load
from mitp.podcast import media, views
from mitp.podcast.data import FILE
from mitp.problems import DataFileError, Problem

# ".html": MkDocs copies every theme file that does not end in .html into the site.
TEMPLATE = "partials/podcast/feed.xml.html"
CHAPTERS_DIR = views.MEDIA_DIR + "/capitulos"
# Episodes carry a date only: they are dated at noon in Santiago, so no time zone shifts the day.
PUBLISHED_AT = dt.time(12, 0, tzinfo=ZoneInfo("America/Santiago"))


def _records(root: Path) -> dict:
    return load(FILE, root=root).records


def chapters_path(episode: Mapping[str, Any], language: str) -> str:
    return f"{CHAPTERS_DIR}/{episode['id']}.{language}.json"


# Outputs


def media_files(context) -> dict[str, bytes]:
    """The files of the repository's podcast/ folder that the data names, copied once."""
    records = _records(context.root)
    files: dict[str, bytes] = {}
    if not records["episodes"]:
        return files
    wanted = [records["podcast"].get("artwork")]
    for episode in records["episodes"]:
        wanted.append(episode["audio"])
        wanted.extend(episode["transcripts"].values())
    for relative in filter(None, wanted):
        files[views.media_url(relative)] = media.resolve(context.root, relative).read_bytes()
    return files


def spoken_languages(episodes: list[Mapping[str, Any]]) -> list[str]:
    """The languages spoken in the episodes' audio (their ``language``), Spanish first: one feed
    each. Podcast apps and PSP-1 read a feed's <language> as the language spoken, so a Spanish
    episode is never in an English or Kreyòl feed; pages in other languages link to its feed."""
    return sorted({episode["language"] for episode in episodes}, key=lambda code: (not i18n.is_default(code), code))


def feeds(context) -> dict[str, bytes]:
    """The feed of the episodes spoken in this language (and its chapter files); nothing while no
    episode is spoken in it."""
    records = _records(context.root)
    language = context.language
    if language not in spoken_languages(records["episodes"]):
        return {}
    records = {**records, "episodes": [e for e in records["episodes"] if e["language"] == language]}
    out = {}
    for episode in records["episodes"]:
        if episode.get("chapters"):
            out[chapters_path(episode, language)] = chapters_json(episode, language)
    out[views.feed_path(language)] = render_feed(records, root=context.root, site_url=context.site_url,
                                                 language=language).encode("utf-8")
    return out


# Helper functions


def chapters_json(episode: Mapping[str, Any], language: str) -> bytes:
    """Podcasting 2.0 chapters (application/json+chapters, version 1.2.0)."""
    chapters = [{"startTime": media.parse_clock(c["start"]), "title": i18n.plain(c["title"], language)}
                for c in episode["chapters"]]
    return json.dumps({"version": "1.2.0", "chapters": chapters}, ensure_ascii=False, indent=1).encode("utf-8")


def feed_data(records: Mapping[str, Any], *, root: Path, site_url: str, language: str) -> dict[str, Any]:
    """Plain data for the feed template: every URL absolute, every fact read from the files."""
    from mitp import ui

    podcast = records["podcast"]
    base = (site_url or "/").rstrip("/") + "/"
    strings = ui.strings_for(language)
    guid = (podcast.get("guid") or {}).get(language)
    if not guid:
        raise DataFileError([Problem(FILE.path, 1, 1, "podcast.guid",
                                     f"falta el podcast:guid del feed en '{language}': agrega '{language}: <uuid>' "
                                     f"bajo podcast.guid, el UUID v5 de {base.split('://', 1)[-1]}"
                                     f"{views.feed_path(language)} (mitp.podcast.data.feed_guid)")])
    items = []
    for episode in records["episodes"]:
        audio = media.audio(root, episode["audio"])
        note = i18n.plain(episode["content_note"], language)
        items.append({
            "title": i18n.plain(episode["title"], language),
            "description": feed_text(f"{strings['podcast_content_note']}: {note}\n\n"
                                     f"{i18n.plain(episode['description'], language)}"),
            "link": base + views.page_url(episode, language),
            "guid": episode["guid"],
            "pub_date": format_datetime(dt.datetime.combine(episode["published"], PUBLISHED_AT)),
            "enclosure": {"url": base + views.media_url(episode["audio"]), "length": audio.size, "type": audio.mime},
            "duration": audio.seconds,
            "season": episode["season"],
            "number": episode["number"],
            "transcripts": [{"url": base + views.media_url(path), "language": code}
                            for code, path in sorted(episode["transcripts"].items())],
            "chapters": base + chapters_path(episode, language) if episode.get("chapters") else None,
        })
    artwork = podcast.get("artwork")
    return {
        "language": language,
        "self": base + views.feed_path(language),
        "link": base + i18n.prefix(language) + views.BASE + "/",
        "title": i18n.plain(podcast["title"], language),
        "description": feed_text(i18n.plain(podcast["description"], language)),
        "author": i18n.plain(podcast["author"], language),
        "owner_email": podcast.get("owner_email") or "",
        "image": base + views.media_url(artwork) if artwork else "",
        "category": podcast["category"],
        "explicit": "true" if podcast["explicit"] else "false",
        "locked": "yes" if podcast["locked"] else "no",
        "guid": guid,
        "pub_date": items[0]["pub_date"] if items else "",
        "items": items,
    }


def feed_text(text: str) -> str:
    """A text for an RSS <description>, which podcast apps render as HTML: escaped once here (and
    once more by the XML template), so an app decodes it to text, never to live markup: an
    ``<img onerror=…>`` or a ``javascript:`` link in the data shows as the characters typed."""
    return html.escape(text, quote=False)


def render_feed(records: Mapping[str, Any], *, root: Path, site_url: str, language: str) -> str:
    return _environment(root).get_template(TEMPLATE).render(
        feed=feed_data(records, root=root, site_url=site_url, language=language))


def _environment(root: Path):
    """Jinja with autoescape on (XML special characters in any text become entities); the
    project's own ``overrides/`` first, then this checkout's."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from mitp.problems import ROOT

    folders = list(dict.fromkeys([str(Path(root) / "overrides"), str(ROOT / "overrides")]))
    return Environment(loader=FileSystemLoader(folders), autoescape=True, undefined=StrictUndefined,
                       keep_trailing_newline=True)

"""What the podcast's pages show: plain data for the templates, in one language.

Everything here is plain data (strings, numbers, lists, dicts): the markup is in
``overrides/partials/podcast/`` and escapes every text. Texts from the data are
``{"text", "lang"}`` (``mitp.i18n.text_in``) so the templates write ``lang`` where a text falls
back to Spanish.

Pages
    ``podcast/index.md``        hand-written in each language, holds ``<!-- mitp:podcast -->``
    ``podcast/<id>.md``         one per episode, generated (``episode_pages``) into
                                ``docs/<lang>/podcast/`` (git-ignored), holds
                                ``<!-- mitp:podcast-episodio <id> -->``
Files
    ``podcast/archivos/…``      the repository's ``podcast/`` folder (audio, transcripts,
                                artwork), copied once (``mitp.podcast.feed.media_files``)
    ``[<lang>/]podcast/feed.xml``  one RSS feed per language spoken in the episodes (``mitp.podcast.feed``)
"""
from __future__ import annotations

import posixpath
from itertools import groupby
from pathlib import Path
from typing import Any, Mapping

from mitp import i18n, ui
from mitp.core import pages as generated_pages
from mitp.podcast import media

BASE = "podcast"
MEDIA_DIR = "podcast/archivos"          # where the repository's podcast/ folder is published
FEED = "podcast/feed.xml"
# A caption track's label: each language's name in itself (the player's menu lists them).
GENERATED_HEADER = generated_pages.header("hooks/podcast.py", "data/podcast.yaml")


def media_url(relative: str) -> str:
    """Site path (no leading slash) of a file of the repository's ``podcast/`` folder."""
    return MEDIA_DIR + "/" + relative[len("podcast/"):]


def feed_path(language: str) -> str:
    return i18n.prefix(language) + FEED


def page_path(episode: Mapping[str, Any]) -> str:
    """The episode's page below ``docs/<lang>/``."""
    return f"{BASE}/{episode['id']}.md"


def page_url(episode: Mapping[str, Any], language: str) -> str:
    return f"{i18n.prefix(language)}{BASE}/{episode['id']}/"


def relative_url(target: str, from_page_url: str) -> str:
    """``target`` (site path) as a link from the page at ``from_page_url`` (site path of a folder)."""
    base = "/" + from_page_url.lstrip("/")
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    rel = posixpath.relpath("/" + target, base)
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


def size_text(size: int, language: str) -> str:
    """The site's one size rule (``mitp.i18n.format_size``): "12,3 MB", "24 kB"."""
    return i18n.format_size(size, language)


# Generated pages


def episode_pages(episodes: list[dict], languages: list[str], strings_by_language: Mapping[str, Mapping[str, str]],
                  docs_dir: Path) -> dict[Path, str]:
    """{docs/<lang>/podcast/<id>.md: text} for every episode in every language."""
    wanted = {}
    for language in languages:
        strings = strings_by_language.get(language, {})
        for episode in episodes:
            title = i18n.plain(episode["title"], language)
            label = strings.get("podcast_episode_label", "Episodio")
            wanted[docs_dir / language / page_path(episode)] = (
                "---\n"
                f"title: {generated_pages.yaml_string(title)}\n"
                f"description: {generated_pages.yaml_string(label + ': ' + title)}\n"
                "---\n"
                f"{GENERATED_HEADER}\n\n"
                f"<!-- mitp:podcast-episodio {episode['id']} -->\n"
            )
    return wanted


def sync_pages(docs_dir: Path, episodes: list[dict], languages: list[str],
               strings_by_language: Mapping[str, Mapping[str, str]]) -> list[Path]:
    wanted = episode_pages(episodes, languages, strings_by_language, docs_dir)
    return generated_pages.sync([docs_dir / language / BASE for language in languages], wanted, GENERATED_HEADER)


# What a page shows


def transcript_view(cues: list[media.Cue]) -> list[dict]:
    """The transcript as paragraphs: consecutive texts of one speaker become one paragraph."""
    paragraphs = []
    for voice, group in groupby(cues, key=lambda cue: cue.voice):
        group = list(group)
        paragraphs.append({
            "voice": voice,
            "start": media.clock(group[0].start),
            "datetime": f"PT{group[0].start:.3f}S".replace(".000S", "S"),
            "lines": [cue.text for cue in group],
        })
    return paragraphs


def episode_view(episode: Mapping[str, Any], *, root: Path, language: str, from_url: str) -> dict[str, Any]:
    """Plain data for an episode's player, transcript and facts, for a page at ``from_url``."""
    audio = media.audio(root, episode["audio"])
    transcripts = episode["transcripts"]
    # The transcript in the page's language, else the one of the audio's language (always there).
    shown = language if language in transcripts else episode["language"]
    tracks = [{"src": relative_url(media_url(path), from_url), "srclang": code,
               "label": i18n.record(code, root).name, "default": code == shown}
              for code, path in sorted(transcripts.items(), key=lambda item: item[0] != shown)]
    return {
        "id": episode["id"],
        "url": relative_url(page_url(episode, language), from_url),
        "title": i18n.text_in(episode["title"], language),
        "description": i18n.text_in(episode["description"], language),
        "content_note": i18n.text_in(episode["content_note"], language),
        "published": episode["published"],
        "published_iso": episode["published"].isoformat(),
        "published_text": i18n.format_date(episode["published"], language, ui.strings_for(language)),
        "season": episode["season"],
        "number": episode["number"],
        "audio_language": episode["language"],
        "audio": {
            "src": relative_url(media_url(episode["audio"]), from_url),
            "type": audio.mime,
            "size": size_text(audio.size, language),
            "duration": media.clock(audio.seconds),   # the feed's itunes:duration, same rounding
            "minutes": max(1, round(audio.seconds / 60)),
        },
        "tracks": tracks,
        "transcript": {"lang": shown, "paragraphs": transcript_view(media.transcript(root, transcripts[shown])),
                       "download": relative_url(media_url(transcripts[shown]), from_url)},
        "chapters": [{"start": chapter["start"], "title": i18n.text_in(chapter["title"], language)}
                     for chapter in episode.get("chapters") or ()],
        "credits": [{"role": i18n.text_in(c["role"], language), "institution": i18n.text_in(c["institution"], language)}
                    for c in episode["credits"]],
        "guests": [{"name": g["name"], "institution": i18n.text_in(g.get("institution"), language)}
                   for g in episode.get("guests") or ()],
        "license": i18n.text_in(episode["license"], language),
        "source": i18n.text_in({k: v for k, v in episode["source"].items() if k != "url"}, language),
        "source_url": episode["source"].get("url"),
    }


def feed_links(records: Mapping[str, Any], *, language: str, from_url: str) -> list[dict[str, str]]:
    """The feeds (one per language spoken in the episodes), linked from a page in ``language``:
    href, the feed's language, and that language's name in the page's language."""
    from mitp.podcast.feed import spoken_languages
    from mitp.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    return [{"href": relative_url(feed_path(code), from_url), "lang": code,
             "name": taxonomy.label("languages", code, language)}
            for code in spoken_languages(records["episodes"])]


def listing_view(records: Mapping[str, Any], *, root: Path, language: str, from_url: str) -> dict[str, Any]:
    """The podcast page: every episode, newest first, and the feeds when there are episodes."""
    episodes = [episode_view(e, root=root, language=language, from_url=from_url) for e in records["episodes"]]
    return {
        "episodes": episodes,
        "feeds": feed_links(records, language=language, from_url=from_url),
        "language": language,
    }

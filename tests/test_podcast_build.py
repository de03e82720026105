"""The podcast in built sites: the shipped one (no episode yet) and one with two fixture episodes.

The feed is parsed with the standard library and every element podcast apps require (PSP-1) is
checked against the episode data and the real files."""
from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin

import mutagen
import pytest
import yaml

import podcast_sites as ps
from sitebuild import built_site

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom"}
ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://tratadepersonas.subinterior.gov.cl/"


@pytest.fixture(scope="module")
def fixture_site():
    return ps.built_with_episodes()


def nav_links(page_html: str) -> list[str]:
    """Every link of the site navigation (Material's md-nav__link anchors)."""
    return re.findall(r'<a href="([^"]+)" class="md-nav__link', page_html)


def text_of(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page_html))


# The site as shipped: no episode


def test_without_episodes_no_feed_no_media_no_nav_entry_but_the_page_exists():
    site = built_site()
    assert not (site / "podcast" / "feed.xml").exists() and not (site / "en" / "podcast" / "feed.xml").exists()
    assert not (site / "podcast" / "archivos").exists()
    for language, home in (("es", site / "index.html"), ("en", site / "en" / "index.html")):
        links = nav_links(home.read_text(encoding="utf-8"))
        assert any("directorio/" in link for link in links), links   # the navigation was found
        assert not any("podcast" in link for link in links), (language, links)
    raw = (site / "podcast" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="description" content="El podcast de la Mesa[^"]*acción 1.5', raw)
    page = text_of(raw)
    assert "description:" not in page   # the front matter was read, not shown
    assert "acción 1.5" in page and "Todavía no hay episodios publicados." in page
    assert "RSS" not in page.split("Todavía no hay episodios")[1][:200]
    english = (site / "en/podcast/index.html").read_text("utf-8")
    assert "No episode has been published yet." in text_of(english) and "description:" not in text_of(english)


# With episodes: the feed


def test_feed_has_every_required_element_and_matches_the_files(fixture_site):
    project, site = fixture_site
    language = "es"   # the language spoken in the fixture episodes: their only feed
    prefix = "" if language == "es" else "en/"
    raw = (site / prefix / "podcast/feed.xml").read_bytes()
    root = ET.fromstring(raw)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    data = yaml.safe_load((project / "data/podcast.yaml").read_text("utf-8"))
    podcast = data["podcast"]
    feed_url = f"{SITE_URL}{prefix}podcast/feed.xml"

    self_link = channel.find("atom:link", NS)
    assert self_link.get("href") == feed_url and self_link.get("rel") == "self"
    assert channel.findtext("title") == podcast["title"][language]
    assert channel.findtext("description") == " ".join(podcast["description"][language].split())
    assert channel.findtext("link") == f"{SITE_URL}{prefix}podcast/"
    assert channel.findtext("language") == language
    assert channel.find("itunes:category", NS).get("text") == podcast["category"]
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("itunes:owner/itunes:email", namespaces=NS) == ps.OWNER
    assert channel.findtext("itunes:author", namespaces=NS) == podcast["author"][language]
    image = channel.find("itunes:image", NS).get("href")
    assert image == SITE_URL + "podcast/archivos/portada.jpg" and (site / "podcast/archivos/portada.jpg").is_file()
    assert channel.findtext("podcast:guid", namespaces=NS) == podcast["guid"][language]
    locked = channel.find("podcast:locked", NS)
    assert locked.text == "yes" and locked.get("owner") == ps.OWNER

    items = channel.findall("item")
    by_guid = {e["guid"]: e for e in data["episodes"]}
    assert [i.findtext("guid") for i in items] == ["mitp-podcast-t1-e02", "mitp-podcast-t1-e01"]  # newest first
    for item in items:
        episode = by_guid[item.findtext("guid")]
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("title") == episode["title"][language]
        assert item.findtext("link") == f"{SITE_URL}{prefix}podcast/{episode['id']}/"
        assert parsedate_to_datetime(item.findtext("pubDate")).date().isoformat() == episode["published"]
        assert episode["content_note"][language] in item.findtext("description")
        enclosure = item.find("enclosure")
        audio = project / episode["audio"]
        published = site / "podcast/archivos/audio" / audio.name
        assert enclosure.get("url") == SITE_URL + "podcast/archivos/audio/" + audio.name
        assert int(enclosure.get("length")) == audio.stat().st_size == published.stat().st_size
        assert published.read_bytes() == audio.read_bytes()
        assert enclosure.get("type") == "audio/mpeg"
        assert int(item.findtext("itunes:duration", namespaces=NS)) == round(mutagen.File(audio).info.length)
        assert item.findtext("itunes:season", namespaces=NS) == str(episode["season"])
        assert item.findtext("itunes:episode", namespaces=NS) == str(episode["number"])
        transcripts = {t.get("language"): t for t in item.findall("podcast:transcript", NS)}
        assert set(transcripts) == set(episode["transcripts"])
        for code, element in transcripts.items():
            assert element.get("type") == "text/vtt"
            name = Path(episode["transcripts"][code]).name
            assert element.get("url") == SITE_URL + "podcast/archivos/transcripciones/" + name
            assert (site / "podcast/archivos/transcripciones" / name).is_file()


def test_feed_escapes_text_from_the_data(tmp_path):
    from mitp.core import datafile
    from mitp.podcast import data, feed

    project = tmp_path
    shutil.copytree(ROOT / "schemas", project / "schemas")
    (project / "data").mkdir()
    shutil.copy(ROOT / "data/podcast.yaml", project / "data/podcast.yaml")
    ps.write_media(project)
    episodes = ps.fixture_episodes()
    # A title with < or > is refused (tests/test_hostile.py); & and quotes are escaped.
    episodes[0]["title"]["es"] = 'Trata & "explotación" laboral'
    episodes[0]["description"]["es"] = 'Hablamos de <img src=x onerror="alert(1)"> & más'
    ps.podcast_data(project, episodes)
    records = datafile.load(data.FILE, root=project).records
    xml = feed.render_feed(records, root=project, site_url=SITE_URL, language="es")
    assert "&amp; &#34;explotación&#34; laboral" in xml
    titles = [i.findtext("title") for i in ET.fromstring(xml.encode()).iter("item")]
    assert 'Trata & "explotación" laboral' in titles
    # <description> is read as HTML by podcast apps: it decodes to escaped text, never to a tag.
    descriptions = [i.findtext("description") for i in ET.fromstring(xml.encode()).iter("item")]
    assert any('Hablamos de &lt;img src=x onerror="alert(1)"&gt; &amp; más' in d for d in descriptions), descriptions


def test_the_feed_declares_the_language_spoken_and_every_page_finds_it(fixture_site):
    """Spanish audio: one Spanish feed. The English and Kreyòl pages link to it and say, in their
    language, that the episodes are in Spanish; every podcast page announces it in its <head>."""
    _, site = fixture_site
    ui = yaml.safe_load((ROOT / "data/ui.yaml").read_text("utf-8"))
    assert ET.fromstring((site / "podcast/feed.xml").read_bytes()).findtext("channel/language") == "es"
    assert not (site / "en/podcast/feed.xml").exists() and not (site / "ht/podcast/feed.xml").exists()
    for prefix, language, spanish in (("", "es", None), ("en/", "en", "Spanish"), ("ht/", "ht", "panyòl")):
        for page_path in ("podcast/index.html", "podcast/t1-e01/index.html"):
            page = (site / prefix / page_path).read_text("utf-8")
            head = page.split("</head>", 1)[0]
            found = re.findall(r'<link rel="alternate" type="application/rss\+xml" hreflang="es" title="[^"]+" href="([^"]+)">', head)
            assert len(found) == 1, (prefix, page_path)
            assert urljoin(f"https://x/{prefix}{page_path}", found[0]) == "https://x/podcast/feed.xml"
        listing = (site / prefix / "podcast/index.html").read_text("utf-8")
        link = re.search(r'<a href="([^"]+)" type="application/rss\+xml" hreflang="es">', listing)
        assert link and urljoin(f"https://x/{prefix}podcast/", link.group(1)) == "https://x/podcast/feed.xml"
        said = ui["podcast_feed_language"][language].format(language=spanish) if spanish else None
        if said:
            assert html.escape(said, quote=False) in listing, language
        else:
            assert ui["podcast_feed_language"]["es"].split("{")[0] not in listing


def test_the_page_shows_the_duration_the_feed_declares(fixture_site):
    _, site = fixture_site
    feed = ET.fromstring((site / "podcast/feed.xml").read_bytes())
    for item in feed.findall("channel/item"):
        seconds = int(item.findtext("itunes:duration", namespaces=NS))
        episode = item.findtext("link").rstrip("/").rsplit("/", 1)[-1]
        page = (site / "podcast" / episode / "index.html").read_text("utf-8")
        assert f"{seconds // 60:02d}:{seconds % 60:02d}" in text_of(page.split('class="mitp-episode__meta"', 1)[1][:400])


def test_only_the_files_the_data_names_are_published(fixture_site):
    _, site = fixture_site
    published = sorted(p.relative_to(site / "podcast/archivos").as_posix()
                       for p in (site / "podcast/archivos").rglob("*") if p.is_file())
    assert published == ["audio/t1-e01.mp3", "audio/t1-e02.mp3",
                         "capitulos/t1-e01.es.json", "portada.jpg", "transcripciones/t1-e01.en.vtt",
                         "transcripciones/t1-e01.es.vtt", "transcripciones/t1-e02.es.vtt"]
    assert not (site / "podcast/archivos/consentimientos").exists()


# With episodes: pages and navigation


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_podcast_enters_the_navigation_with_its_first_episode(fixture_site, prefix):
    _, site = fixture_site
    links = nav_links((site / prefix / "index.html").read_text("utf-8"))
    assert "podcast/" in links


@pytest.mark.parametrize("prefix, language", [("", "es"), ("en/", "en")])
def test_episode_page_has_note_player_download_and_transcript_in_that_order(fixture_site, prefix, language):
    project, site = fixture_site
    page = (site / prefix / "podcast/t1-e01/index.html").read_text("utf-8")
    audio = re.search(r"<audio[^>]*>", page).group(0)
    assert "controls" in audio and 'preload="none"' in audio and "autoplay" not in page
    source = re.search(r'<source src="([^"]+)" type="audio/mpeg">', page).group(1)
    assert urljoin(f"/{prefix}podcast/t1-e01/", source) == "/podcast/archivos/audio/t1-e01.mp3"
    tracks = re.findall(r'<track kind="captions" src="([^"]+)" srclang="([a-z]+)"', page)
    assert [code for _, code in tracks][0] == language and {c for _, c in tracks} == {"es", "en"}
    note = page.index("mitp-content-note")
    player = page.index("<audio")
    size = (project / "podcast/audio/t1-e01.mp3").stat().st_size
    download = re.search(r'<a href="[^"]+t1-e01\.mp3" download>[^<]+</a> \(([^)]+)\)', page)
    assert download and download.group(1) == f"{round(size / 1000)} kB"
    transcript = page.index('class="mitp-transcript"')
    assert note < player < download.start() < transcript
    words = "Bienvenidas y bienvenidos." if language == "es" else "Welcome."
    assert words in text_of(page[transcript:])


def test_transcript_text_is_escaped_on_the_page(fixture_site):
    _, site = fixture_site
    page = (site / "podcast/t1-e01/index.html").read_text("utf-8")
    transcript = page[page.index('class="mitp-transcript"'):]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; A &amp; B" in transcript
    assert "<script>alert" not in page


def test_english_page_marks_a_spanish_transcript_with_its_language(fixture_site):
    _, site = fixture_site
    page = (site / "en/podcast/t1-e02/index.html").read_text("utf-8")   # only a Spanish transcript
    assert '<div class="mitp-transcript" lang="es">' in page
    assert 'lang="es"' in re.search(r"<audio[^>]*>", page).group(0)


def test_podcast_page_lists_episodes_newest_first_with_their_notes(fixture_site):
    _, site = fixture_site
    page = (site / "podcast/index.html").read_text("utf-8")
    assert page.index("Episodio de prueba 2") < page.index("Episodio de prueba 1")
    assert page.count("Aviso de contenido:") == 2
    assert 'href="feed.xml" type="application/rss+xml"' in page
    assert "Todavía no hay episodios publicados." not in page


def test_a_transcript_past_the_audio_stops_the_build_with_the_line_to_fix(tmp_path):
    project = ps.make_project(tmp_path / "project")
    ps.vtt(project / "podcast/transcripciones/t1-e02.es.vtt", [("00:00:00.000", "00:00:09.000", "<v Locutora>Demasiado largo.")])
    proc = ps.build(project, tmp_path / "site")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "data/podcast.yaml:" in output and "transcripts.es:" in output
    assert "podcast/transcripciones/t1-e02.es.vtt:3: el texto termina en 9.000 s, después del final del audio" in output
    assert "Traceback" not in output

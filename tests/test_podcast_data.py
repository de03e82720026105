"""The podcast's data file: what an editor is told when an episode's files are wrong, and the feed's
identity. Each test writes a small project (tests/podcast_sites.py) and checks it through the
registry, as ``mitp validate podcast`` and the build do."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import podcast_sites as ps
from mitp.core import datafile
from mitp.podcast import data, feed, media, views

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    """A minimal project: data/ and schemas/ of the repository, the fixture media, two episodes."""
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "podcast.yaml", tmp_path / "data" / "podcast.yaml")
    ps.write_media(tmp_path)
    ps.podcast_data(tmp_path, ps.fixture_episodes())
    return tmp_path


def errors(project: Path) -> list[str]:
    report = datafile.check(data.FILE, project / "data" / "podcast.yaml", root=project, today=dt.date(2026, 11, 24))
    return [str(problem) for problem in report.errors]


def line_of(project: Path, text: str) -> int:
    lines = (project / "data" / "podcast.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_fixture_project_is_valid(project):
    assert errors(project) == []


def test_shipped_file_is_valid_and_has_no_episode():
    report = datafile.check(data.FILE, ROOT / "data" / "podcast.yaml", root=ROOT)
    assert report.errors == []
    assert report.records["episodes"] == []


def test_podcast_guid_follows_podcasting_2_0():
    # The namespace's own example (podnews.net/rss).
    assert data.feed_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert data.feed_guid("podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_shipped_feed_guids_are_those_of_the_first_feed_urls():
    records = datafile.load(data.FILE, root=ROOT).records
    site = "https://tratadepersonas.subinterior.gov.cl/"
    assert records["podcast"]["guid"] == {"es": data.feed_guid(site + "podcast/feed.xml"),
                                          "en": data.feed_guid(site + "en/podcast/feed.xml"),
                                          "ht": data.feed_guid(site + "ht/podcast/feed.xml")}


def test_guids_do_not_move_with_the_site_address(project):
    records = datafile.load(data.FILE, root=project).records
    one = feed.feed_data(records, root=project, site_url="https://a.example/", language="es")
    two = feed.feed_data(records, root=project, site_url="https://b.example/nuevo/", language="es")
    assert one["guid"] == two["guid"] == records["podcast"]["guid"]["es"]
    assert [i["guid"] for i in one["items"]] == [i["guid"] for i in two["items"]] == \
        ["mitp-podcast-t1-e02", "mitp-podcast-t1-e01"]


def test_missing_audio_is_refused_at_its_line(project):
    (project / "podcast/audio/t1-e02.mp3").unlink()
    found = errors(project)
    line = line_of(project, "audio: podcast/audio/t1-e02.mp3")
    assert any(f"data/podcast.yaml:{line}:" in e and " audio:" in e
               and "no existe el archivo de audio podcast/audio/t1-e02.mp3" in e for e in found), found


def test_unreadable_audio_is_refused(project):
    (project / "podcast/audio/t1-e02.mp3").write_bytes(b"no es audio" * 100)
    found = errors(project)
    assert any(" audio:" in e and ("no se pudo leer el audio podcast/audio/t1-e02.mp3" in e
                                   or "no es un audio MP3 válido" in e) for e in found), found


def test_transcript_running_past_the_end_of_the_audio_is_refused(project):
    # t1-e02.mp3 lasts 2 s; this cue (line 6 of the .vtt) ends at 2.5 s.
    ps.vtt(project / "podcast/transcripciones/t1-e02.es.vtt",
           [("00:00:00.000", "00:00:01.000", "<v Locutora>Uno."), ("00:00:01.000", "00:00:02.500", "<v Locutora>Dos.")])
    found = errors(project)
    assert any(" transcripts.es:" in e and "podcast/transcripciones/t1-e02.es.vtt:6" in e
               and "después del final del audio" in e for e in found), found


def test_transcript_missing_in_the_audio_language_is_refused(project):
    episodes = ps.fixture_episodes()
    episodes[1]["transcripts"] = {"en": "podcast/transcripciones/t1-e01.en.vtt"}
    ps.podcast_data(project, episodes)
    found = errors(project)
    assert any(" transcripts:" in e and "falta la transcripción en 'es'" in e for e in found), found


def test_missing_transcript_file_is_refused(project):
    (project / "podcast/transcripciones/t1-e01.en.vtt").unlink()
    found = errors(project)
    assert any(" transcripts.en:" in e and "no existe la transcripción" in e for e in found), found


def test_badly_written_cue_time_is_named_with_its_line(project):
    path = project / "podcast/transcripciones/t1-e02.es.vtt"
    path.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nUno.\n\n00:00:01 -> 00:00:01.500\nDos.\n", encoding="utf-8")
    found = errors(project)
    assert any("t1-e02.es.vtt:6: tiempo mal escrito" in e for e in found), found


def test_owner_mailbox_and_cover_are_required_once_there_is_an_episode(project):
    text = (project / "data/podcast.yaml").read_text(encoding="utf-8")
    text = text.replace(f"  owner_email: {ps.OWNER}\n", "").replace("  artwork: podcast/portada.jpg\n", "")
    (project / "data/podcast.yaml").write_text(text, encoding="utf-8")
    found = errors(project)
    assert any("falta 'owner_email'" in e and "INSTITUCIONAL" in e for e in found), found
    assert any("falta 'artwork'" in e for e in found), found


@pytest.mark.parametrize("size, mode, fmt, said", [
    (1000, "RGB", "JPEG", "mide 1000 px"),
    (1400, "RGBA", "PNG", "es PNG pero su extensión dice JPEG"),
])
def test_cover_must_be_what_podcast_apps_accept(project, size, mode, fmt, said):
    ps.cover(project / "podcast/portada.jpg", size=size, mode=mode, fmt=fmt)
    found = errors(project)
    assert any("podcast.artwork" in e and said in e for e in found), found


def test_cover_with_transparency_is_refused(project):
    ps.cover(project / "podcast/portada.png", mode="RGBA", fmt="PNG")
    ps.podcast_data(project, ps.fixture_episodes(), artwork="podcast/portada.png")
    found = errors(project)
    assert any("podcast.artwork" in e and "RGB sin transparencia" in e for e in found), found


def test_repeated_guid_and_path_outside_podcast_folder_are_refused(project):
    episodes = ps.fixture_episodes()
    episodes[1]["guid"] = episodes[0]["guid"]
    episodes[1]["audio"] = "podcast/../data/podcast.mp3"
    ps.podcast_data(project, episodes)
    found = errors(project)
    assert any(" guid:" in e and "guid repetido 'mitp-podcast-t1-e01'" in e for e in found), found
    assert any(" audio:" in e for e in found), found


def test_durations_and_sizes_come_from_the_files(project):
    import mutagen

    audio = media.audio(project, "podcast/audio/t1-e01.mp3")
    path = project / "podcast/audio/t1-e01.mp3"
    assert audio.size == path.stat().st_size
    assert audio.duration == pytest.approx(mutagen.File(path).info.length)
    assert 2.9 < audio.duration < 3.2 and audio.mime == "audio/mpeg" and audio.channels == 1


def test_transcript_is_read_as_text_with_speakers(project):
    cues = media.transcript(project, "podcast/transcripciones/t1-e01.es.vtt")
    assert [(c.line, c.voice) for c in cues] == [(3, "Locutora"), (6, "Locutora")]
    assert cues[1].text == "<script>alert(1)</script> A & B"   # decoded; templates escape it
    paragraphs = views.transcript_view(cues)
    assert len(paragraphs) == 1 and paragraphs[0]["voice"] == "Locutora" and paragraphs[0]["start"] == "00:00"


def test_size_is_written_for_people_on_prepaid_data():
    assert views.size_text(12_345_678, "es") == "12,3 MB"
    assert views.size_text(12_345_678, "en") == "12.3 MB"
    assert views.size_text(24_450, "es") == "24 kB"


def test_heavy_audio_gets_a_warning_for_people_on_prepaid_data(project):
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(128)
    encoder.set_in_sample_rate(44100)
    encoder.set_channels(2)
    silence = b"\0\0" * 2 * 44100 * 2   # 2 s of stereo silence
    (project / "podcast/audio/t1-e02.mp3").write_bytes(encoder.encode(silence) + encoder.flush())
    report = datafile.check(data.FILE, project / "data" / "podcast.yaml", root=project, today=dt.date(2026, 11, 24))
    assert report.errors == []
    assert any("128 kbit/s" in str(w) and "mono a 64 kbit/s" in str(w) for w in report.warnings), report.warnings


def test_mitp_validate_podcast_works_next_to_the_podcast_folder(project, monkeypatch, capsys):
    from mitp import cli

    (project / "podcast/audio/t1-e02.mp3").unlink()
    monkeypatch.chdir(project)   # the project has a podcast/ folder: the name still means the data file
    assert cli.main(["validate", "podcast"]) == 1
    out = capsys.readouterr()
    assert "data/podcast.yaml:" in out.out + out.err and "no existe el archivo de audio" in out.out + out.err
    assert "Traceback" not in out.out + out.err


# What CONTRIBUTING («Agregar un episodio del podcast») asks of a transcript, checked (issue 22)


def test_a_text_without_its_speaker_tag_is_refused_at_its_line(project):
    ps.vtt(project / "podcast/transcripciones/t1-e02.es.vtt",
           [("00:00:00.000", "00:00:00.900", "[Música de entrada]"),        # a sound: no tag needed
            ("00:00:00.900", "00:00:01.800", "Bienvenidas y bienvenidos.")])
    found = errors(project)
    assert any("t1-e02.es.vtt:7: falta quién habla" in e and "<v Nombre>" in e for e in found), found


def test_a_line_longer_than_65_characters_is_refused_at_its_line(project):
    long = "<v Locutora>" + "palabra " * 8 + "&amp; " + "x" * 10   # tags and entities do not count
    ps.vtt(project / "podcast/transcripciones/t1-e02.es.vtt",
           [("00:00:00.000", "00:00:01.800", "<v Locutora>Una línea corta.\n" + long)])
    found = errors(project)
    assert any("t1-e02.es.vtt:5: la línea tiene 76 caracteres y el máximo es 65" in e for e in found), found
    ps.vtt(project / "podcast/transcripciones/t1-e02.es.vtt",
           [("00:00:00.000", "00:00:01.800", "<v Locutora>" + "x" * 65)])
    assert errors(project) == []


def _guide_examples() -> tuple[str, str]:
    """The WebVTT and the YAML of CONTRIBUTING's podcast section, as an editor copies them."""
    import re

    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = guide.split("## Agregar un episodio del podcast", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^( *)```(\w*)\n(.*?)^ *```", section, re.M | re.S)
    (vtt_indent, vtt), = [(i, b) for i, lang, b in blocks if lang == ""]
    (yaml_indent, yml), = [(i, b) for i, lang, b in blocks if lang == "yaml"]
    dedent = lambda text, indent: "".join(line[len(indent):] if line.startswith(indent) else line  # noqa: E731
                                          for line in text.splitlines(keepends=True))
    return dedent(vtt, vtt_indent), dedent(yml, yaml_indent)


def test_the_guides_examples_are_valid_on_any_day(project):
    """The episode and transcript of CONTRIBUTING, copied as they are, pass the validator today."""
    import yaml

    vtt, yml = _guide_examples()
    ps.mp3(project / "podcast/audio/t1-e01.mp3", 8.0)   # the example transcript runs to 7 s
    (project / "podcast/transcripciones/t1-e01.es.vtt").write_text(vtt, "utf-8")
    ps.podcast_data(project, yaml.safe_load(yml)["episodes"])
    report = datafile.check(data.FILE, project / "data" / "podcast.yaml", root=project, today=dt.date.today())
    assert [str(p) for p in report.errors] == []
    cues = media.transcript(project, "podcast/transcripciones/t1-e01.es.vtt")
    assert [c.voice for c in cues] == ["Conductora", None]


def test_one_feed_per_language_spoken_in_the_episodes():
    episodes = [{"language": "es"}, {"language": "es"}]
    assert feed.spoken_languages(episodes) == ["es"]
    assert feed.spoken_languages(episodes + [{"language": "ht"}]) == ["es", "ht"]
    links = views.feed_links({"episodes": episodes}, language="en", from_url="en/podcast/")
    assert links == [{"href": "../../podcast/feed.xml", "lang": "es", "name": "Spanish"}]


def test_page_and_feed_round_the_duration_the_same_way(project):
    """19.6 s is 20 s in the feed (itunes:duration) and 00:20 on the page, never 00:19."""
    ps.mp3(project / "podcast/audio/t1-e02.mp3", 2.6)
    records = datafile.check(data.FILE, project / "data" / "podcast.yaml", root=project, today=dt.date(2026, 11, 24)).records
    episode = next(e for e in records["episodes"] if e["id"] == "t1-e02")
    seconds = media.audio(project, episode["audio"]).seconds
    assert seconds == 3
    view = views.episode_view(episode, root=project, language="es", from_url="podcast/t1-e02/")
    assert view["audio"]["duration"] == "00:03"
    item = next(i for i in feed.feed_data(records, root=project, site_url="https://x/", language="es")["items"]
                if i["guid"] == episode["guid"])
    assert item["duration"] == seconds

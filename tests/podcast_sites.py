"""Projects with podcast episodes, for the podcast tests: media generated offline, never shipped.

``make_project(dest)`` copies the repository (``directory_sites.copy_project``) and writes into
the copy a ``podcast/`` folder (MP3s encoded here with lameenc: a few seconds of tone, mono,
64 kbit/s; WebVTT transcripts; a 1400 px JPEG cover) and a ``data/podcast.yaml`` naming them.
No episode of these fixtures is real: they exist only in temporary folders.
"""
from __future__ import annotations

import atexit
import functools
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from directory_sites import copy_project

OWNER = "podcast@example.org"   # a fixture address (example.org is reserved for examples)
RATE = 22050


def mp3(path: Path, seconds: float, *, frequency: int = 440) -> Path:
    """A mono 64 kbit/s MP3 of a quiet tone, written with lameenc (no ffmpeg needed)."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(RATE)
    encoder.set_channels(1)
    encoder.set_quality(7)
    samples = int(RATE * seconds)
    pcm = b"".join(struct.pack("<h", int(2000 * math.sin(2 * math.pi * frequency * i / RATE))) for i in range(samples))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encoder.encode(pcm) + encoder.flush())
    return path


def cover(path: Path, size: int = 1400, mode: str = "RGB", fmt: str = "JPEG") -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    colour = (90, 40, 120, 255) if mode == "RGBA" else (90, 40, 120)
    Image.new(mode, (size, size), colour).save(path, fmt)
    return path


def vtt(path: Path, cues: list[tuple[str, str, str]]) -> Path:
    """A WebVTT file: cues are (start, end, text) with times like '00:00:01.000'."""
    body = "WEBVTT\n\n" + "\n\n".join(f"{start} --> {end}\n{text}" for start, end, text in cues) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


# Written in the .vtt as entities: decoded, it must reach the page as text, never as markup.
TRICKY = "&lt;script&gt;alert(1)&lt;/script&gt; A &amp; B"


def episode(number: int, published: str, **changes) -> dict:
    data = {
        "id": f"t1-e{number:02d}",
        "guid": f"mitp-podcast-t1-e{number:02d}",
        "title": {"es": f"Episodio de prueba {number}", "en": f"Test episode {number}"},
        "description": {"es": "Descripción de prueba.", "en": "Test description."},
        "published": published,
        "season": 1,
        "number": number,
        "language": "es",
        "audio": f"podcast/audio/t1-e{number:02d}.mp3",
        "transcripts": {"es": f"podcast/transcripciones/t1-e{number:02d}.es.vtt"},
        "content_note": {"es": "Habla de explotación sexual.", "en": "It discusses sexual exploitation."},
        "credits": [{"role": {"es": "Producción", "en": "Production"},
                     "institution": {"es": "Institución de prueba", "en": "Test institution"}}],
        "license": {"es": "CC BY 4.0"},
        "source": {"es": "Fixture de prueba", "en": "Test fixture"},
    }
    data.update(changes)
    return data


def write_media(project: Path) -> None:
    """Two episodes' files (3.0 s and 2.0 s), an English transcript for the first, a cover, a stray file."""
    mp3(project / "podcast/audio/t1-e01.mp3", 3.0)
    mp3(project / "podcast/audio/t1-e02.mp3", 2.0, frequency=330)
    vtt(project / "podcast/transcripciones/t1-e01.es.vtt",
        [("00:00:00.000", "00:00:01.500", "<v Locutora>Bienvenidas y bienvenidos."),
         ("00:00:01.500", "00:00:02.900", f"<v Locutora>{TRICKY}")])
    vtt(project / "podcast/transcripciones/t1-e01.en.vtt",
        [("00:00:00.000", "00:00:02.900", "<v Host>Welcome.")])
    vtt(project / "podcast/transcripciones/t1-e02.es.vtt",
        [("00:00:00.000", "00:00:01.900", "<v Locutora>Segundo episodio.")])
    cover(project / "podcast/portada.jpg")
    (project / "podcast/consentimientos").mkdir(parents=True, exist_ok=True)
    (project / "podcast/consentimientos/no-publicar.txt").write_text("privado", encoding="utf-8")


def podcast_data(project: Path, episodes: list[dict], **podcast_changes) -> Path:
    """data/podcast.yaml of ``project``: the shipped channel plus owner, cover and ``episodes``."""
    shipped = yaml.safe_load((project / "data/podcast.yaml").read_text(encoding="utf-8"))
    shipped["podcast"].update({"owner_email": OWNER, "artwork": "podcast/portada.jpg", **podcast_changes})
    shipped["episodes"] = episodes
    path = project / "data/podcast.yaml"
    path.write_text(yaml.safe_dump(shipped, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def fixture_episodes() -> list[dict]:
    first = episode(1, "2026-01-10", transcripts={"es": "podcast/transcripciones/t1-e01.es.vtt",
                                                  "en": "podcast/transcripciones/t1-e01.en.vtt"},
                    chapters=[{"start": "00:00", "title": {"es": "Inicio", "en": "Start"}},
                              {"start": "00:02", "title": {"es": "Cierre", "en": "Closing"}}],
                    guests=[{"name": "Persona Invitada", "institution": {"es": "Institución de prueba"},
                             "consent": {"given": True, "date": "2026-01-02", "record": "Acta de prueba 1"}}])
    second = episode(2, "2026-02-14")
    return [first, second]


def make_project(dest: Path) -> Path:
    project = copy_project(dest)
    for generated in (project / "docs").glob("*/podcast/*"):
        if generated.name != "index.md":
            generated.unlink()
    write_media(project)
    podcast_data(project, fixture_episodes())
    return project


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MITP_") or k == "MITP_MATERIALS_CACHE"}
    env.update(NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=project, env=env, capture_output=True, text=True)


@functools.lru_cache(maxsize=None)
def built_with_episodes() -> tuple[Path, Path]:
    """(project, site) of a strict build with the two fixture episodes (once per test process)."""
    tmp = Path(tempfile.mkdtemp(prefix="mitp-podcast-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    project = make_project(tmp / "project")
    site = tmp / "site"
    proc = build(project, site)
    if proc.returncode != 0:
        raise RuntimeError(f"build failed:\n{proc.stdout}\n{proc.stderr}")
    return project, site

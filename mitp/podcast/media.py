"""What the podcast's files say about themselves: audio facts, artwork, WebVTT transcripts.

Duration, size and type are read from the audio file (``mutagen``; size from the file system),
never typed by an editor. Transcripts are read with ``webvtt-py``; its parser skips cues it
cannot read without a word, so every timing line is also checked here, with its line number.
Every failure is a ``MediaError`` whose message is Spanish and names the file (and line).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# What podcast apps accept as an enclosure (PSP-1): MP3 or AAC in an MP4 container.
AUDIO_TYPES = {".mp3": ("MP3", "audio/mpeg"), ".m4a": ("MP4", "audio/mp4")}
ARTWORK_MIN, ARTWORK_MAX = 1400, 3000
ARTWORK_FORMATS = {".jpg": "JPEG", ".png": "PNG"}
# A cue timing line: 00:00:01.000 --> 00:00:02.500 (hours optional), then optional settings.
_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t]+.*)?$")


class MediaError(ValueError):
    """A media file that is missing, unreadable, or not what the podcast needs (Spanish message)."""


@dataclass(frozen=True)
class Audio:
    path: str          # as in the data ("podcast/audio/t1-e01.mp3")
    size: int          # bytes (the enclosure's length)
    duration: float    # seconds, as mutagen reads it
    mime: str          # enclosure type
    bitrate: int       # bits per second (0 when unknown)
    channels: int

    @property
    def seconds(self) -> int:
        """Whole seconds for itunes:duration (rounded, at least 1)."""
        return max(1, round(self.duration))

    @property
    def megabytes(self) -> float:
        return self.size / 1_000_000


@dataclass(frozen=True)
class Cue:
    line: int          # line of the timing in the .vtt file
    start: float       # seconds
    end: float
    voice: str | None  # speaker from a <v Name> span
    text: str          # plain text (tags removed, entities decoded): escape wherever it lands


def resolve(root: Path, relative: str) -> Path:
    """A data path inside the project; refuses anything that would leave ``root/podcast``."""
    from mitp.core import files

    try:
        return files.confined(root, relative, "podcast")
    except files.UnsafeFileError as exc:
        raise MediaError(str(exc)) from None


def audio(root: Path, relative: str) -> Audio:
    path = resolve(root, relative)
    try:
        stat = path.stat()
    except OSError:
        raise MediaError(f"no existe el archivo de audio {relative}: agrégalo al repositorio en esa ruta "
                         "o corrige 'audio'") from None
    return _audio(str(path), relative, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _audio(path: str, relative: str, _mtime: int, size: int) -> Audio:
    import mutagen

    suffix = Path(relative).suffix.lower()
    expected, mime = AUDIO_TYPES.get(suffix, (None, None))
    if expected is None:
        raise MediaError(f"{relative}: el audio debe ser .mp3 o .m4a")
    try:
        found = mutagen.File(path)
    except Exception as exc:  # mutagen raises many kinds for damaged files
        raise MediaError(f"no se pudo leer el audio {relative} ({type(exc).__name__}): vuelve a exportarlo "
                         "como MP3 (mono, 64 kbit/s)") from None
    if found is None or type(found).__name__ != expected or not getattr(found.info, "length", 0):
        kind = type(found).__name__ if found is not None else "desconocido"
        raise MediaError(f"{relative}: el archivo no es un audio {expected} válido (se leyó: {kind}); "
                         f"exporta el audio como {expected} con la extensión {suffix}")
    info = found.info
    return Audio(path=relative, size=size, duration=float(info.length), mime=mime,
                 bitrate=int(getattr(info, "bitrate", 0) or 0), channels=int(getattr(info, "channels", 0) or 0))


def check_artwork(root: Path, relative: str) -> None:
    """Podcast apps' artwork rules (PSP-1): square JPEG/PNG, 1400–3000 px, RGB, no transparency."""
    from PIL import Image, UnidentifiedImageError

    path = resolve(root, relative)
    if not path.is_file():
        raise MediaError(f"no existe la portada {relative}: agrégala al repositorio o corrige 'artwork'")
    from mitp.core import files

    problem = files.image_problem(path, relative)
    if problem and "demasiado grande" in problem:
        raise MediaError(problem)
    try:
        with Image.open(path) as image:
            fmt, mode, (width, height) = image.format, image.mode, image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise MediaError(f"no se pudo leer la portada {relative}: guárdala como JPEG o PNG") from None
    wanted = ARTWORK_FORMATS[Path(relative).suffix.lower()]
    problems = []
    if fmt != wanted:
        problems.append(f"es {fmt} pero su extensión dice {wanted}")
    if width != height:
        problems.append(f"no es cuadrada ({width}×{height} px)")
    if not ARTWORK_MIN <= width <= ARTWORK_MAX:
        problems.append(f"mide {width} px de ancho; debe medir entre {ARTWORK_MIN} y {ARTWORK_MAX}")
    if mode != "RGB":
        problems.append(f"sus colores son '{mode}'; debe ser RGB sin transparencia (exporta como JPEG)")
    if problems:
        raise MediaError(f"la portada {relative} " + "; ".join(problems))


def transcript(root: Path, relative: str) -> list[Cue]:
    path = resolve(root, relative)
    try:
        stat = path.stat()
    except OSError:
        raise MediaError(f"no existe la transcripción {relative}: agrégala en esa ruta o corrige 'transcripts'") from None
    return list(_transcript(str(path), relative, stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=256)
def _transcript(path: str, relative: str, _mtime: int, _size: int) -> tuple[Cue, ...]:
    import webvtt

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MediaError(f"{relative}: la transcripción debe guardarse como texto UTF-8") from None
    lines = text.splitlines()
    if not lines or not lines[0].startswith("WEBVTT"):
        raise MediaError(f"{relative}:1: la primera línea de un archivo WebVTT debe ser 'WEBVTT'")
    timing_lines = []
    for number, line in enumerate(lines, start=1):
        # A timing line, or what was meant as one ("00:00:01 -> 00:00:02", SRT's "00:00:01,000 --> …").
        if "-->" in line or ("->" in line and line.strip()[:1].isdigit()):
            if not TIMING.match(line.strip()):
                raise MediaError(f"{relative}:{number}: tiempo mal escrito '{line.strip()}'; usa "
                                 "'00:01:02.500 --> 00:01:05.000' (horas:minutos:segundos.milésimas)")
            timing_lines.append(number)
    try:
        captions = webvtt.WebVTT.from_string(text).captions
    except Exception as exc:  # webvtt.errors.MalformedFileError and friends
        raise MediaError(f"{relative}: no es un archivo WebVTT válido ({exc})") from None
    if len(captions) != len(timing_lines):
        raise MediaError(f"{relative}: se leyeron {len(captions)} textos pero hay {len(timing_lines)} líneas "
                         "de tiempo; revisa que cada texto tenga su línea de tiempo y una línea en blanco después")
    if not captions:
        raise MediaError(f"{relative}: la transcripción no tiene ningún texto")
    cues, previous = [], 0.0
    for number, caption in zip(timing_lines, captions):
        start, end = _seconds(caption.start_time), _seconds(caption.end_time)
        if end <= start:
            raise MediaError(f"{relative}:{number}: el texto termina ({caption.end}) antes de empezar ({caption.start})")
        if start < previous:
            raise MediaError(f"{relative}:{number}: los textos deben ir en orden: este empieza ({caption.start}) "
                             "antes que el anterior")
        previous = start
        _check_cue_text(relative, number, caption)
        cues.append(Cue(line=number, start=start, end=end, voice=(caption.voice or "").strip() or None,
                        text=html.unescape(caption.text).strip()))
    return tuple(cues)


# What CONTRIBUTING («Agregar un episodio del podcast») asks of every text of a transcript.
MAX_LINE = 65
_TAG = re.compile(r"<[^>]*>")
_SOUND = re.compile(r"^\[[^\]]+\]$")   # [Música de entrada]: a sound, not words


def _check_cue_text(relative: str, number: int, caption) -> None:
    """Who speaks (``<v Nombre>``) on every text that has words, and lines of at most 65 characters."""
    lines = list(caption.lines)
    words = html.unescape(_TAG.sub("", " ".join(lines))).strip()
    if not (caption.voice or "").strip() and not _SOUND.match(words):
        raise MediaError(f"{relative}:{number + 1}: falta quién habla: empieza el texto con la etiqueta "
                         "<v Nombre>, p. ej. '<v Conductora>Bienvenidas…' (solo un sonido entre corchetes, "
                         "como '[Música de entrada]', va sin etiqueta)")
    for offset, line in enumerate(lines, start=1):
        shown = html.unescape(_TAG.sub("", line))
        if len(shown) > MAX_LINE:
            raise MediaError(f"{relative}:{number + offset}: la línea tiene {len(shown)} caracteres y el máximo "
                             f"es {MAX_LINE}: pártela en dos líneas (o en dos textos con sus tiempos)")


def _seconds(stamp) -> float:
    return stamp.hours * 3600 + stamp.minutes * 60 + stamp.seconds + stamp.milliseconds / 1000


def clock(seconds: float) -> str:
    """00:01:02 / 01:02 style, for pages and messages."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def parse_clock(text: str) -> int:
    """Seconds of "MM:SS" or "HH:MM:SS"."""
    total = 0
    for part in text.split(":"):
        total = total * 60 + int(part)
    return total

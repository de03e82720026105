"""The podcast's data file (``data/podcast.yaml``): its declaration, records and checks.

Paths in the file (audio, transcripts, artwork) are relative to the project: the folder that
holds ``data/`` (``podcast/audio/t1-e01.mp3``). The checks open those files, so a missing or
unreadable audio, a transcript whose texts run past the audio's end, or a missing transcript in
the episode's own language stop the build (and ``mitp validate podcast``) with the YAML line of
the field to fix.
"""
from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from mitp.core import hygiene
from mitp.core.datafile import Checks, DataFile
from mitp.podcast import media

# podcast:guid = UUIDv5(this namespace, feed URL without scheme and trailing slash): Podcasting 2.0.
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# Names under podcast/ the site uses itself (no episode page may take them).
RESERVED_IDS = {"archivos", "feed"}
# Cue ends may pass the audio's end by this much (MP3 durations are estimates to a frame).
END_TOLERANCE = 0.05
# Listeners on prepaid data: mono 64 kbit/s is the recommendation (CONTRIBUTING); above these, warn.
MAX_BYTES = 50_000_000          # GitHub warns on pushes of files over 50 MB and refuses them over 100 MB
MAX_BITRATE = 96_000


def feed_guid(feed_url: str) -> str:
    """podcast:guid of a feed: podnews.net/rss → 9b024349-ccf0-5f69-a609-6b82873eab3c."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, bare))


def project_of(shown_path: str) -> Path:
    """The project a data file belongs to: the folder above its ``data/`` folder."""
    from mitp.problems import ROOT

    path = Path(shown_path)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, ROOT / path]
    found = next((p for p in candidates if p.exists()), candidates[0])
    return found.resolve().parent.parent


# Records


def _records(data: dict) -> dict:
    episodes = []
    for episode in data["episodes"]:
        episode = dict(episode)
        episode["published"] = date.fromisoformat(episode["published"])
        episodes.append(episode)
    episodes.sort(key=lambda e: (e["published"], e["season"], e["number"]), reverse=True)
    return {"podcast": data["podcast"], "episodes": episodes}


# Checks a schema cannot say (they look only at values of the right type)


def _checks(c: Checks) -> None:
    data = c.data if isinstance(c.data, dict) else {}
    episodes = data.get("episodes") if isinstance(data.get("episodes"), list) else []
    podcast = data.get("podcast") if isinstance(data.get("podcast"), dict) else {}
    root = project_of(c.document.path)
    hygiene.check_title(c, ("podcast", "title"), podcast.get("title"))
    if episodes:
        _check_channel(c, podcast, root)
    seen: dict[tuple, int] = {}
    for index, episode in enumerate(episodes):
        if isinstance(episode, dict):
            _check_episode(c, index, episode, root, seen)


def _check_channel(c: Checks, podcast: dict, root: Path) -> None:
    if not podcast:
        return
    if not isinstance(podcast.get("owner_email"), str):
        c.error(("podcast",), "falta 'owner_email': antes de publicar el primer episodio el podcast necesita el "
                              "correo INSTITUCIONAL de su responsable (las aplicaciones de podcast lo muestran y "
                              "lo usan para verificar al dueño del feed); nunca un correo personal")
    artwork = podcast.get("artwork")
    if not isinstance(artwork, str):
        c.error(("podcast",), "falta 'artwork': antes de publicar el primer episodio el podcast necesita su "
                              "portada (podcast/portada.jpg: JPEG cuadrado de 1400 a 3000 px, RGB)")
    else:
        try:
            media.check_artwork(root, artwork)
        except media.MediaError as exc:
            c.error(("podcast", "artwork"), str(exc))


def _check_episode(c: Checks, index: int, episode: dict, root: Path, seen: dict[tuple, int]) -> None:
    here = ("episodes", index)
    hygiene.check_title(c, here + ("title",), episode.get("title"))
    for k, chapter in enumerate(episode.get("chapters") or []):
        if isinstance(chapter, dict):
            hygiene.check_title(c, here + ("chapters", k, "title"), chapter.get("title"))
    for key, label in (("id", "id"), ("guid", "guid"), ("audio", "archivo de audio")):
        value = episode.get(key)
        if isinstance(value, str):
            first = seen.setdefault((key, value), index)
            if first != index:
                c.error(here + (key,), f"{label} repetido '{value}' (ya lo usa el episodio n.º {first + 1}); "
                                       "cada episodio necesita el suyo")
    if isinstance(episode.get("season"), int) and isinstance(episode.get("number"), int):
        pair = ("number", episode["season"], episode["number"])
        first = seen.setdefault(pair, index)
        if first != index:
            c.error(here + ("number",), f"la temporada {episode['season']} ya tiene un episodio n.º "
                                        f"{episode['number']} (el episodio n.º {first + 1} de la lista)")
    if episode.get("id") in RESERVED_IDS:
        c.error(here + ("id",), f"'{episode['id']}' es una dirección que usa el sitio; elige otro id")
    published = _date(episode.get("published"))
    if published and published > c.today:
        c.error(here + ("published",), f"la fecha {published} está en el futuro: agrega el episodio el día en "
                                       "que se publica")
    for g, guest in enumerate(episode.get("guests") or []):
        consent = guest.get("consent") if isinstance(guest, dict) else None
        day = _date(consent.get("date")) if isinstance(consent, dict) else None
        if day and published and day > published:
            c.error(here + ("guests", g, "consent", "date"), f"el consentimiento ({day}) es posterior a la "
                                                              f"publicación ({published}): se necesita antes")
    audio = None
    if isinstance(episode.get("audio"), str):
        try:
            audio = media.audio(root, episode["audio"])
        except media.MediaError as exc:
            c.error(here + ("audio",), str(exc))
    if audio is not None and audio.size > MAX_BYTES:
        c.warn(here + ("audio",), f"el audio pesa {audio.size / 1_000_000:.0f} MB: más de 50 MB es caro para quien "
                                  "escucha con datos de prepago y GitHub lo advierte; expórtalo mono a 64 kbit/s")
    elif audio is not None and audio.bitrate > MAX_BITRATE:
        c.warn(here + ("audio",), f"el audio está a {audio.bitrate // 1000} kbit/s: para una voz basta mono a "
                                  "64 kbit/s, y pesa menos para quien escucha con datos de prepago")
    transcripts = episode.get("transcripts") if isinstance(episode.get("transcripts"), dict) else None
    language = episode.get("language")
    if transcripts is not None and isinstance(language, str) and language not in transcripts:
        c.error(here + ("transcripts",), f"falta la transcripción en '{language}', el idioma del audio: "
                                         f"agrega '{language}: podcast/transcripciones/<archivo>.{language}.vtt' "
                                         "(WCAG 1.2.1 exige una transcripción de todo audio)")
    for code, relative in (transcripts or {}).items():
        if not isinstance(relative, str):
            continue
        try:
            cues = media.transcript(root, relative)
        except media.MediaError as exc:
            c.error(here + ("transcripts", code), str(exc))
            continue
        if audio is not None:
            late = next((cue for cue in cues if cue.end > audio.duration + END_TOLERANCE), None)
            if late is not None:
                c.error(here + ("transcripts", code),
                        f"{relative}:{late.line}: el texto termina en {late.end:.3f} s, después del final del "
                        f"audio ({audio.duration:.3f} s, {episode['audio']}): corrige los tiempos o revisa que "
                        "la transcripción sea de este audio")
    previous = -1
    for k, chapter in enumerate(episode.get("chapters") or []):
        start = chapter.get("start") if isinstance(chapter, dict) else None
        if not isinstance(start, str) or not start.replace(":", "").isdigit():
            continue
        seconds = media.parse_clock(start)
        if seconds <= previous:
            c.error(here + ("chapters", k, "start"), "los capítulos deben ir en orden, cada uno después del anterior")
        if audio is not None and seconds >= audio.duration:
            c.error(here + ("chapters", k, "start"), f"el capítulo empieza en {start}, después del final del audio "
                                                     f"({media.clock(audio.duration)})")
        previous = seconds


def _date(value) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None   # the schema's format check says so


FILE = DataFile(
    name="podcast", path="data/podcast.yaml", schema="schemas/podcast.schema.json",
    title="el podcast y sus episodios", records=_records, checks=_checks,
    required=False, empty={"podcast": {}, "episodes": []},
)

"""Reporting channels (``data/channels.yaml``): loading, validation, and what pages show.

The same function serves the build (hooks/channels.py), the command line
(``mitp validate``) and the tests.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from mitp import i18n, phones
from mitp.core.datafile import Checks, DataFile, load
from mitp.problems import DataFileError

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "channels.schema.json"


def parse_dial(dial: str) -> phones.Phone:
    """A channel's number: any Chilean number the catalogue accepts, or a star code (*4242)."""
    return phones.parse(dial, star_codes=True)


def purposes() -> tuple[str, ...]:
    """The purposes a channel can have, as the schema lists them (the schema is their one list)."""
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    return tuple(schema["$defs"]["channel"]["properties"]["purposes"]["items"]["enum"])


# Loading


ChannelsError = DataFileError   # kept for callers of the first version


def _records(data: dict) -> list[dict]:
    channels = data["channels"]
    for channel in channels:
        channel["last_verified"] = date.fromisoformat(channel["last_verified"])
    return channels


def _checks(c: Checks) -> None:
    """What the schema cannot say; looks only at values of the right type (the schema reports the rest)."""
    channels = c.data.get("channels") if isinstance(c.data, dict) else None
    if not isinstance(channels, list):
        return
    first_with_id: dict[str, int] = {}
    bar: dict[int, str] = {}
    for index, channel in enumerate(channels):
        if not isinstance(channel, dict):
            continue
        here = ("channels", index)
        channel_id = channel.get("id")
        if isinstance(channel_id, str):
            if channel_id in first_with_id:
                c.error(here + ("id",), f"id repetido '{channel_id}' (ya lo usa el canal n.º "
                                        f"{first_with_id[channel_id] + 1}); cada canal necesita un id único")
            first_with_id.setdefault(channel_id, index)
        if isinstance(channel.get("dial"), str):
            try:
                parse_dial(channel["dial"])
            except ValueError as exc:
                c.error(here + ("dial",), str(exc))
        verified = channel.get("last_verified")
        if isinstance(verified, str):
            try:
                day = date.fromisoformat(verified)
            except ValueError:
                day = None   # the schema's format check says so
            if day is not None and day > c.today:
                c.error(here + ("last_verified",), f"la fecha {verified} está en el futuro: usa la fecha en que "
                                                   "se comprobó el canal con su fuente")
        slot = channel.get("help_bar")
        if isinstance(slot, int) and not isinstance(slot, bool) and 1 <= slot <= 3:
            if slot in bar:
                c.error(here + ("help_bar",), f"la posición {slot} de la barra de ayuda ya la usa '{bar[slot]}'; "
                                              "usa otra entre 1 y 3")
            bar.setdefault(slot, channel_id if isinstance(channel_id, str) else f"n.º {index + 1}")
    if channels and not bar:
        c.error(("channels",), "ningún canal tiene 'help_bar': la barra de ayuda de cada página quedaría vacía")


FILE = DataFile(
    name="channels", path="data/channels.yaml", schema="schemas/channels.schema.json",
    title="los canales de ayuda y denuncia", records=_records, checks=_checks,
)


def load_channels(path: Path | None = None, *, root: Path | None = None) -> list[dict]:
    """The validated channels, in file order; raises DataFileError listing every problem."""
    return load(FILE, path=path, root=root).records


# What pages show


def view(channel: dict, language: str) -> dict:
    """Plain data for templates, in one language (with the language each text is in)."""
    dial = parse_dial(channel["dial"])
    hours = channel.get("hours") or {}
    return {
        "id": channel["id"],
        "name": i18n.text_in(channel["name"], language),
        "short": i18n.text_in(channel["short"], language),
        "description": i18n.text_in(channel["description"], language),
        "purposes": channel["purposes"],
        "tel": dial.tel,
        "display": dial.display,
        "open_24_7": bool(hours.get("open_24_7")),
        "hours": i18n.text_in(hours.get("text"), language),
        "cost": i18n.text_in(channel.get("cost"), language),
        "anonymous": channel["anonymous"],
        "audiences": channel["audiences"],
        "web": channel.get("web"),
        "web_note": i18n.text_in(channel.get("web_note"), language),
        "source": i18n.text_in({k: v for k, v in channel["source"].items() if k != "url"}, language),
        "source_url": channel["source"].get("url"),
        "last_verified": channel["last_verified"],
    }


def help_bar(channels: list[dict], language: str) -> list[dict]:
    chosen = [c for c in channels if c.get("help_bar")]
    return [view(c, language) for c in sorted(chosen, key=lambda c: c["help_bar"])]


def for_purposes(channels: list[dict], wanted: set[str], language: str) -> list[dict]:
    return [view(c, language) for c in channels if wanted & set(c["purposes"])]

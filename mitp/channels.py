"""Reporting channels (``data/channels.yaml``): loading, validation, and what pages show.

The same function serves the build (hooks/channels.py), the command line
(``mitp validate``) and the tests.
"""
from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from mitp import phones

ROOT = Path(__file__).resolve().parent.parent
# MITP_CHANNELS points the build at another file (tests, previews of a proposed change).
CHANNELS_FILE = Path(os.environ.get("MITP_CHANNELS") or ROOT / "data" / "channels.yaml")
SCHEMA_FILE = ROOT / "schemas" / "channels.schema.json"
DEFAULT_LANGUAGE = "es"

# The purposes a channel can have, as the schema lists them.
PURPOSES: tuple[str, ...] = tuple(
    json.loads(SCHEMA_FILE.read_text("utf-8"))["$defs"]["channel"]["properties"]["purposes"]["items"]["enum"]
)


def parse_dial(dial: str) -> phones.Phone:
    """A channel's number: any Chilean number the catalogue accepts, or a star code (*4242)."""
    return phones.parse(dial, star_codes=True)


def text_in(value: dict[str, str] | None, language: str) -> tuple[str, str] | None:
    """(text, its language): the text in ``language``, else the Spanish one."""
    if not value:
        return None
    if language in value:
        return value[language], language
    return value[DEFAULT_LANGUAGE], DEFAULT_LANGUAGE


# Loading


class ChannelsError(ValueError):
    """data/channels.yaml is invalid; ``str()`` lists every problem, one per line."""


def load_channels(path: Path = CHANNELS_FILE) -> list[dict]:
    """The validated channels, in file order; raises ChannelsError listing every problem.

    Same machinery as the catalogue: strict YAML with positions (mitp.yamlload), the JSON
    Schema in schemas/ (mitp.validation), then the checks a schema cannot make.
    """
    from mitp import validation, yamlload

    try:
        document = yamlload.load_file(path, dates=False)
    except yamlload.YAMLLoadError as exc:
        raise ChannelsError("\n".join(str(p) for p in exc.problems)) from None
    problems = validation.schema_problems(document, validation.load_validator(SCHEMA_FILE))
    if not problems:
        problems = _semantic_problems(document)
    if problems:
        raise ChannelsError("\n".join(str(p) for p in problems))
    channels = document.data["channels"]
    for channel in channels:
        channel["last_verified"] = date.fromisoformat(channel["last_verified"])
    return channels


def _semantic_problems(document) -> list:
    from mitp.validation import make_problem

    channels = document.data["channels"]
    problems = []
    first_with_id: dict[str, int] = {}
    bar: dict[int, str] = {}
    for index, channel in enumerate(channels):
        here = ("channels", index)
        if channel["id"] in first_with_id:
            problems.append(make_problem(
                document, here + ("id",),
                f"id repetido '{channel['id']}' (ya lo usa el canal n.º {first_with_id[channel['id']] + 1}); "
                "cada canal necesita un id único"))
        first_with_id.setdefault(channel["id"], index)
        try:
            parse_dial(channel["dial"])
        except ValueError as exc:
            problems.append(make_problem(document, here + ("dial",), str(exc)))
        slot = channel.get("help_bar")
        if slot is not None:
            if slot in bar:
                problems.append(make_problem(
                    document, here + ("help_bar",),
                    f"la posición {slot} de la barra de ayuda ya la usa '{bar[slot]}'; usa otra entre 1 y 3"))
            bar.setdefault(slot, channel["id"])
    if not bar:
        problems.append(make_problem(
            document, ("channels",),
            "ningún canal tiene 'help_bar': la barra de ayuda de cada página quedaría vacía"))
    return problems


# What pages show


def view(channel: dict, language: str) -> dict:
    """Plain data for templates, in one language (with the language each text is in)."""
    dial = parse_dial(channel["dial"])
    hours = channel.get("hours") or {}
    return {
        "id": channel["id"],
        "name": text_in(channel["name"], language),
        "short": text_in(channel["short"], language),
        "description": text_in(channel["description"], language),
        "purposes": channel["purposes"],
        "tel": dial.tel,
        "display": dial.display,
        "open_24_7": bool(hours.get("open_24_7")),
        "hours": text_in(hours.get("text"), language),
        "cost": text_in(channel.get("cost"), language),
        "anonymous": channel["anonymous"],
        "audiences": channel["audiences"],
        "web": channel.get("web"),
        "web_note": text_in(channel.get("web_note"), language),
        "source": text_in({k: v for k, v in channel["source"].items() if k != "url"}, language),
        "source_url": channel["source"].get("url"),
        "last_verified": channel["last_verified"],
    }


def help_bar(channels: list[dict], language: str) -> list[dict]:
    chosen = [c for c in channels if c.get("help_bar")]
    return [view(c, language) for c in sorted(chosen, key=lambda c: c["help_bar"])]


def for_purposes(channels: list[dict], purposes: set[str], language: str) -> list[dict]:
    return [view(c, language) for c in channels if purposes & set(c["purposes"])]

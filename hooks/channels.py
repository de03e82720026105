"""Hook: reporting channels from data/channels.yaml on every page.

- the help bar (overrides/main.html) gets ``help_channels`` for the language being built;
- a line ``<!-- mitp:canales PURPOSE[,PURPOSE…] -->`` in a page becomes the cards of the
  channels with any of those purposes (overrides/partials/mitp/channels.html);
- ``<!-- mitp:llamar PURPOSE -->`` becomes one short call link for the first channel with that
  purpose (overrides/partials/mitp/call.html): the first action of a situation, without its card.
"""
from __future__ import annotations

import re

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mitp import channels as data
from mitp import ui

_MARKER = re.compile(r"<!--\s*mitp:(canales|llamar)\s+([a-z0-9,\s-]+?)\s*-->")
_state: dict = {}


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Once per language build: a broken file stops the build with every problem listed.
    try:
        _state["channels"] = data.load_channels()
    except data.ChannelsError as exc:
        raise PluginError(f"data/channels.yaml no es válido:\n{exc}") from None
    _state["language"] = ui.current_language(config)
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["help_channels"] = data.help_bar(_state["channels"], _state["language"])
    return env


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _MARKER.sub(lambda m: _cards(m.group(2), page, config, short=m.group(1) == "llamar"), html)


# Helper functions


def _cards(spec: str, page: Page, config: MkDocsConfig, *, short: bool = False) -> str:
    purposes = {p.strip() for p in spec.split(",") if p.strip()}
    unknown = purposes - set(data.PURPOSES)
    if unknown:
        raise PluginError(
            f"{page.file.src_uri}: propósito de canal desconocido {sorted(unknown)}; "
            f"los válidos son: {', '.join(data.PURPOSES)}")
    chosen = data.for_purposes(_state["channels"], purposes, _state["language"])
    if short:
        if not chosen:
            raise PluginError(f"{page.file.src_uri}: ningún canal tiene el propósito {sorted(purposes)}")
        return ui.content_environment(config).get_template("partials/mitp/call.html").render(c=chosen[0])
    return ui.content_environment(config).get_template("partials/mitp/channels.html").render(channels=chosen)

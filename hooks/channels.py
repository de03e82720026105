"""Hook: reporting channels from data/channels.yaml on every page.

- the help bar (overrides/main.html) gets ``help_channels`` for the language being built;
- a line ``<!-- mitp:canales PURPOSE[,PURPOSE…] -->`` in a page becomes the cards of the
  channels with any of those purposes (overrides/partials/mitp/channels.html);
- ``<!-- mitp:canales-breves PURPOSE[,…] -->`` the same cards folded in one ``<details>`` (it opens
  without a script), for a page that must stay short ("Pide ayuda");
- ``<!-- mitp:llamar PURPOSE -->`` becomes one short call link for the first channel with that
  purpose (overrides/partials/mitp/call.html): the first action of a situation, without its card.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mitp import channels as data
from mitp import i18n
from mitp.core import datafile, render
from mitp.problems import DataFileError


# Hooks


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["help_channels"] = data.help_bar(_channels(config), i18n.current(config))
    return env


# Helper functions


def _channels(config: MkDocsConfig) -> list[dict]:
    """The channels of the site being built (read once per change of the file)."""
    try:
        return datafile.load(data.FILE, root=Path(config.config_file_path).parent).records
    except DataFileError as exc:
        raise PluginError(f"data/channels.yaml no es válido:\n{exc}") from None


def _chosen(args: str, page: Page, config: MkDocsConfig) -> list[dict]:
    wanted = {p.strip() for p in args.split(",") if p.strip()}
    unknown = wanted - set(data.purposes())
    if not wanted or unknown:
        raise PluginError(
            f"{page.file.src_uri}: propósito de canal desconocido {sorted(unknown) or '(ninguno)'}; "
            f"los válidos son: {', '.join(data.purposes())}")
    return data.for_purposes(_channels(config), wanted, i18n.current(config))


def _cards(args: str, page: Page, config: MkDocsConfig, *, compact: bool = False) -> str:
    """<!-- mitp:canales PURPOSE[,…] -->: the full cards of the channels with those purposes."""
    chosen = _chosen(args, page, config)
    return render.content_environment(config).get_template("partials/mitp/channels.html").render(
        channels=chosen, compact=compact)


def _compact_cards(args: str, page: Page, config: MkDocsConfig) -> str:
    """<!-- mitp:canales-breves PURPOSE[,…] -->: the same cards, folded in one <details>."""
    return _cards(args, page, config, compact=True)


def _call(args: str, page: Page, config: MkDocsConfig) -> str:
    """<!-- mitp:llamar PURPOSE -->: one call link, the first action of a situation on "Pide ayuda"."""
    chosen = _chosen(args, page, config)
    if not chosen:
        raise PluginError(f"{page.file.src_uri}: ningún canal tiene el propósito {args.strip()}")
    return render.content_environment(config).get_template("partials/mitp/call.html").render(c=chosen[0])


render.register("canales", _cards)
render.register("canales-breves", _compact_cards)
render.register("llamar", _call)

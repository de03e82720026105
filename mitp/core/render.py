"""Markup that hooks put inside pages: one Jinja environment, one marker grammar.

- ``content_environment(config)``: the theme's Jinja environment (its loader, so partials under
  ``overrides/partials/`` are found) overlaid with autoescape and ``StrictUndefined`` (a misspelt
  ``ui.*`` key or view field fails the build with its name instead of rendering nothing), and the
  interface strings of the language being built.
- Markers: a Markdown page asks for generated content with one line
  ``<!-- mitp:KIND args -->`` (``<!-- mitp:canales denuncia -->``, ``<!-- mitp:directorio -->``…).
  Each hook registers the kinds it renders (``register("canales", render)``);
  ``replace_markers`` swaps every marker of a page for its markup and fails, naming the page and
  the line, on a kind nobody renders.

The only module of ``mitp/core`` that knows MkDocs' objects (duck-typed: ``config.theme``).
"""
from __future__ import annotations

import re
from typing import Callable

from jinja2 import StrictUndefined

MARKER = re.compile(r"<!--\s*mitp:([a-z][a-z0-9-]*)(?:\s+(.*?))?\s*-->")

# kind -> render(args, page, config) -> HTML
_RENDERERS: dict[str, Callable] = {}
# kind -> the stylesheet its markup needs (overrides/assets/stylesheets/<name>), linked only on
# the pages that carry that kind (overrides/main.html reads page.meta["mitp_styles"]).
_STYLESHEETS: dict[str, str] = {}


class MarkerError(ValueError):
    """A page asks for a kind of generated content that no hook renders."""


def register(kind: str, render: Callable, *, stylesheet: str | None = None) -> None:
    _RENDERERS[kind] = render
    if stylesheet:
        _STYLESHEETS[kind] = stylesheet


def known_kinds() -> list[str]:
    return sorted(_RENDERERS)


def find_markers(text: str, first_line: int = 1) -> list[tuple[int, str, str]]:
    """(line, kind, args) of every marker in a page's source (``first_line``: the file's line of
    the text's first line, after the front matter)."""
    found = []
    for match in MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + first_line
        found.append((line, match.group(1), (match.group(2) or "").strip()))
    return found


def check_markers(text: str, where: str, first_line: int = 1) -> None:
    """Fail on a marker of an unknown kind (called with the Markdown source, so lines are right)."""
    for line, kind, _ in find_markers(text, first_line):
        if kind not in _RENDERERS:
            raise MarkerError(f"{where}:{line}: marcador desconocido '<!-- mitp:{kind} -->'; los que existen son: "
                              + ", ".join(f"mitp:{k}" for k in known_kinds()))


def replace_markers(html: str, page, config) -> str:
    """Every marker of a rendered page swapped for its markup; the stylesheets those kinds need
    are listed in ``page.meta["mitp_styles"]`` (a page without them loads none of them)."""
    styles: list[str] = []

    def swap(match: re.Match) -> str:
        kind, args = match.group(1), (match.group(2) or "").strip()
        render = _RENDERERS.get(kind)
        if render is None:
            raise MarkerError(f"{page.file.src_uri}: marcador desconocido '<!-- mitp:{kind} -->'")
        if kind in _STYLESHEETS and _STYLESHEETS[kind] not in styles:
            styles.append(_STYLESHEETS[kind])
        try:
            return render(args, page, config)
        except Exception as exc:
            # A renderer's refusal (an unknown campaign…) names the page: add the marker's line.
            if type(exc).__name__ not in ("PluginError", "MarkerError"):
                raise
            raise type(exc)(_at_marker_line(str(exc), page, kind, args)) from None
    html = MARKER.sub(swap, html)
    if styles and isinstance(getattr(page, "meta", None), dict):
        page.meta["mitp_styles"] = styles
    return html


def _at_marker_line(message: str, page, kind: str, args: str) -> str:
    """``docs/<page>:LINE: message`` for the marker ``kind args`` of ``page`` (its file's line)."""
    source = getattr(page.file, "content_string", "") or ""
    line = next((n for n, k, a in find_markers(source) if k == kind and a == args), None)
    uri = page.file.src_uri
    if line is None or message.startswith(f"docs/{uri}:"):
        return message
    return f"docs/{uri}:{line}: " + message.removeprefix(f"{uri}: ")


_content_envs: dict = {}


def content_environment(config):
    """Jinja environment for markup inside page content, one per language build.

    MkDocs renders page content before ``on_env``, so hooks ask the theme for its environment.
    """
    from mitp import i18n, ui

    language = i18n.current(config)
    key = (id(config), language)
    if key not in _content_envs:
        _content_envs.clear()
        env = config.theme.get_env().overlay(autoescape=True, undefined=StrictUndefined)
        env.globals.update(ui.template_globals(language))
        # This environment escapes every value itself: plain strings (a comparison with a text
        # from data, ``e.documents.text != ui.x``, must see the same characters).
        env.globals.update(ui=ui.strings_for(language), ui_all=ui.load())
        _content_envs[key] = env
    return _content_envs[key]

"""Hook: the CSS of the first screen inlined in every page, the rest not blocking the first paint,
Material's stylesheet reduced to the rules the site can use (issue 24).

The logic lives in mitp/stylesheets.py. It needs every built page (the reduced stylesheet serves
them all), so it runs once, in the outermost build, after the i18n plugin has built the other
languages (priority -100) and before hooks/security.py writes the server header files (-160).
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from mitp import security, stylesheets

_SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc=["']([^"']+)["']""", re.I)


# Hooks


@event_priority(-140)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a language built from inside the outermost build: deliver once, at its end
    site = Path(config.site_dir)
    try:
        stylesheets.deliver(site, scripts=_loaded_scripts(site), allow_style=security.allow_inline_styles)
    except stylesheets.DeliveryError as error:
        raise PluginError(f"Hojas de estilos: {error}") from error


# Helper functions


def _loaded_scripts(site: Path) -> str:
    """The text of every script of the site that a built page loads (the classes it may add)."""
    names: set[str] = set()
    for page in site.rglob("*.html"):
        for src in _SCRIPT_SRC.findall(page.read_text("utf-8")):
            if "://" not in src and not src.startswith("//"):
                names.add(src.split("?", 1)[0].rsplit("/", 1)[-1])
    return "\n".join(script.read_text("utf-8") for script in sorted((site / "assets" / "javascripts").rglob("*.js"))
                     if script.name in names)

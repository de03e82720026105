"""Hook: the materials library (data/materials.yaml) on the page that holds ``<!-- mitp:materiales -->``.

- ``on_config`` loads and validates the pieces (a broken file stops the build with every problem,
  file:line:col) and lays out and renders every download once per change of the inputs
  (mitp/materials/outputs.py, cached by content hash in .cache/materials/).
- the marker kind ``materiales`` is registered with ``mitp.core.render`` (hooks/markers.py swaps it
  for overrides/partials/materials/library.html).
- ``on_post_build`` writes the downloads under ``<site>/materiales/`` once, in the default
  language's build.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from mitp import channels, i18n, ui
from mitp.core import render
from mitp.materials import data, outputs, views
from mitp.materials.layout import LayoutError
from mitp.problems import DataFileError
from mitp.territories import load_territories

log = logging.getLogger("mkdocs.hooks.materials")
_state: dict = {}


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        channel_list = channels.load_channels()
        pieces = data.load_materials()
    except DataFileError as exc:
        raise PluginError(f"data/materials.yaml no es válido:\n{exc}") from None
    site_url = (config.site_url or "").rstrip("/") + "/"
    strings = {language: ui.strings_for(language) for language in i18n.languages(config)}
    root = Path(config.config_file_path).parent
    uploaded = [(f["path"], (root / f["path"]).stat().st_mtime_ns)
                for piece in pieces for f in piece.get("files") or ()]
    # The pages the pieces quote or print (their text, and the review state of a translation).
    quoted = [(str(path), path.stat().st_mtime_ns) for piece in pieces if data.page_of(piece)
              for language in strings if (path := root / "docs" / language / f"{data.page_of(piece)}.md").exists()]
    key = repr((pieces, uploaded, quoted, channel_list, strings, site_url))
    if _state.get("key") != key:
        started = time.perf_counter()
        ctxs = outputs.contexts(strings, site_url, channel_list, channels)
        territories = load_territories()
        try:
            result = outputs.produce(pieces, ctxs, territories, root=root)
        except LayoutError as exc:
            raise PluginError(f"data/materials.yaml: {exc}") from None
        _state.update(key=key, pieces=pieces, result=result, ctxs=ctxs, territories=territories, site_url=site_url,
                      root=root)
        log.info(f"Materiales: {len(result.files)} archivos ({result.rendered} dibujados, el resto desde la "
                 f"caché) en {time.perf_counter() - started:.1f} s")
    return config


def on_post_build(*, config: MkDocsConfig) -> None:
    if not i18n.is_default(i18n.current(config)):
        return
    site = Path(config.site_dir)
    for path, content in _state["result"].files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


# Helper functions


def _library(args: str, page: Page, config: MkDocsConfig) -> str:
    language = i18n.current(config)
    # A piece without texts in this language is listed with its Spanish files, marked lang="es".
    pieces = views.pieces_view(_state["pieces"], _state["result"], language=language,
                               strings=ui.strings_for(language), page_url=page.url,
                               territories=_state["territories"], site_url=_state["site_url"],
                               ctxs=_state["ctxs"], root=_state["root"])
    return render.content_environment(config).get_template("partials/materials/library.html").render(pieces=pieces)


render.register("materiales", _library)

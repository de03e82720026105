"""Hook: the materials library (data/materials.yaml) on the page that holds ``<!-- mitp:materiales -->``.

- ``on_config`` loads and validates the pieces (a broken file stops the build with every problem,
  file:line:col) and lays out and renders every download once per change of the inputs
  (``mitp.materials.outputs.library``, cached by content hash in .cache/materials/).
- the marker kind ``materiales`` is registered with ``mitp.core.render`` (hooks/markers.py swaps it
  for overrides/partials/materials/library.html).
- the downloads under ``<site>/materiales/`` are a declared output (``mitp/registry.py``, written
  by hooks/outputs.py once, in the default language's build).
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from mitp import i18n, ui
from mitp.core import render
from mitp.materials import outputs, views
from mitp.materials.layout import LayoutError
from mitp.problems import DataFileError

log = logging.getLogger("mkdocs.hooks.materials")
_last: dict = {}


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    started = time.perf_counter()
    library = _library_of(config)
    result = library.result
    if _last.get("library") is not library:   # made anew for this build (not the same inputs as before)
        _last["library"] = library
        log.info(f"Materiales: {len(result.files)} archivos ({result.rendered} dibujados, el resto desde la "
                 f"caché) en {time.perf_counter() - started:.1f} s")
    return config


# Helper functions


def _library_of(config: MkDocsConfig) -> outputs.Library:
    try:
        return outputs.library(Path(config.config_file_path).parent, config.site_url or "", i18n.languages(config))
    except DataFileError as exc:
        raise PluginError(f"data/materials.yaml no es válido:\n{exc}") from None
    except LayoutError as exc:
        raise PluginError(str(outputs.layout_problem(exc, Path(config.config_file_path).parent))) from None


def _library(args: str, page: Page, config: MkDocsConfig) -> str:
    language = i18n.current(config)
    library = _library_of(config)
    # A piece without texts in this language is listed with its Spanish files, marked lang="es".
    pieces = views.pieces_view(library.pieces, library.result, language=language,
                               strings=ui.strings_for(language), page_url=page.url,
                               territories=library.territories, site_url=library.site_url,
                               ctxs=library.ctxs, root=library.root)
    return render.content_environment(config).get_template("partials/materials/library.html").render(pieces=pieces)


render.register("materiales", _library, stylesheet="materials.css")

"""Hook: translation status (mitp/translations.py) on the pages and in the build log.

- ``on_page_content``: a translated page (``docs/<lang>/…`` of a language other than Spanish)
  whose translation awaits review or is outdated gets a notice in its language at the top
  (overrides/partials/mitp/translation.html); an outdated one also logs a warning that never
  fails the build (``--strict`` counts only MkDocs' own warnings).
- ``<!-- mitp:estado-traduccion -->`` in a page becomes the status of every language: pages,
  interface strings, data texts.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from mitp import i18n, translations, ui
from mitp.core import render

# Not under "mkdocs": a stale translation is worth a warning, never a failed strict build.
log = logging.getLogger("mitp.translations")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False
_warned: set[tuple[str, str]] = set()


# Hooks


@event_priority(-60)  # after the markers are swapped: the notice goes first on the page
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    status = _status_of(page, config)
    if status is None or not (status.outdated or status.review == translations.PENDING):
        return html
    if status.outdated and (status.language, status.page) not in _warned:
        _warned.add((status.language, status.page))
        log.warning(f"docs/{status.language}/{status.page}: traducción desactualizada (traduce {status.source}, "
                    f"docs/es/{status.page} es hoy {status.current}); actualízala y ejecuta "
                    f"`./run.sh traducciones stamp docs/{status.language}/{status.page}`")
    spanish = get_relative_url(translations.page_url(i18n.DEFAULT, status.page), page.url)
    report = translations.report_href(status.page, status.language, environ=os.environ,
                                      configured=str(config.extra.get("translation_report_url") or ""))
    macro = render.content_environment(config).get_template("partials/mitp/translation.html").module.notice
    return str(macro(status, report, spanish)) + html


# Helper functions


def _status_of(page: Page, config: MkDocsConfig) -> translations.PageStatus | None:
    """The translation status of a translated page; None for Spanish pages and Spanish fallbacks."""
    docs = Path(config.docs_dir)
    src = Path(page.file.abs_src_path or "")
    try:
        language, *rest = src.relative_to(docs).parts
    except ValueError:
        return None
    if i18n.is_default(language) or not rest or language not in i18n.languages(config):
        return None
    rel = "/".join(rest)
    if rel not in translations.spanish_pages(docs):
        return None
    return translations.page_status(docs, language, rel)


def _status_page(args: str, page: Page, config: MkDocsConfig) -> str:
    root = Path(config.config_file_path).parent
    languages = i18n.languages(config)
    reports = translations.report(root, languages, ui.load())
    names = {fact["lang"]: fact["name"] for fact in i18n.language_facts(config)}
    links = {(rep.language, p.page): get_relative_url(translations.page_url(rep.language, p.page), page.url)
             for rep in reports for p in rep.pages}
    macro = render.content_environment(config).get_template("partials/mitp/translation.html").module.status_page
    return str(macro(reports, names, links))


render.register("estado-traduccion", _status_page)

"""Hook: the one marker grammar of the Markdown pages, and what a page may not carry.

- ``on_page_markdown`` checks the page's source: every ``<!-- mitp:KIND args -->`` must be of a
  kind some hook renders, and the page may not carry a script, an iframe or embed, or an image or
  stylesheet from another origin (``mitp.security.content_problems``); either stops the build
  naming the file and the line, and says what to do instead.
- ``on_page_content`` swaps each marker for its markup (``mitp.core.render.replace_markers``);
  the hooks that render markers register them when they are loaded.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mitp import security
from mitp.core import render


# Hooks


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = f"docs/{page.file.src_uri}"
    problems = security.content_problems(markdown, where, config.site_url or "")
    if problems:
        raise PluginError("La página tiene contenido que el sitio no publica:\n" + "\n".join(problems))
    try:
        render.check_markers(markdown, where)
    except render.MarkerError as exc:
        raise PluginError(str(exc)) from None
    return markdown


@event_priority(-50)  # after the other hooks' own work on the page
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return render.replace_markers(html, page, config)
    except render.MarkerError as exc:
        raise PluginError(str(exc)) from None

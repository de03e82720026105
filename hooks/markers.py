"""Hook: the one marker grammar of the Markdown pages, and what a page may not carry.

- ``on_files`` refuses files under ``docs/`` that are not pages and could run as the site's own
  (HTML, XML, scripts) and checks SVG and PDF files for active content (``mitp.core.files``).
- ``on_page_markdown`` checks the page's source: its front matter must be readable YAML (MkDocs
  would drop it in silence), every ``<!-- mitp:KIND args -->`` must be of a kind some hook
  renders, and the page may not carry a script, an iframe or embed, or an image or stylesheet
  from another origin (``mitp.security.content_problems``); each stops the build naming the file
  and its line (front matter counted), and says what to do instead. Its ``title`` and
  ``description`` are escaped for the theme, which writes them without escaping.
- ``on_page_content`` checks the rendered HTML of the page (``mitp.security.rendered_problems``:
  what only shows after the extensions, such as reference-style images and attributes split over
  lines), then swaps each marker for its markup (``mitp.core.render.replace_markers``); the hooks
  that render markers register them when they are loaded.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mitp import security
from mitp.core import files as safe_files
from mitp.core import markdown as front_matter
from mitp.core import render


# Hooks


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Files under docs/ besides pages: HTML and scripts are refused (a page is Markdown, checked
    line by line); SVG and PDF are checked for active content as data files' pieces are."""
    docs = Path(config.docs_dir).resolve()
    problems = []
    for file in files:
        path = Path(file.abs_src_path or "")
        if not file.abs_src_path or not path.resolve().is_relative_to(docs) or file.src_uri.endswith(".md"):
            continue
        where = f"docs/{file.src_uri}"
        problem = safe_files.page_file_problem(path, where)
        if problem:
            problems.append(problem)
    if problems:
        raise PluginError("Hay archivos en docs/ que el sitio no publica:\n" + "\n".join(problems))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = f"docs/{page.file.src_uri}"
    source = page.file.content_string
    problem = front_matter.front_matter_problem(source, where)
    if problem:
        raise PluginError(problem)
    # Lines of the file, front matter included (MkDocs hands hooks the text after it).
    offset = front_matter.body_offset(source) if source.endswith(markdown) else 0
    problems = security.content_problems(markdown, where, config.site_url or "", first_line=offset + 1)
    if problems:
        raise PluginError("La página tiene contenido que el sitio no publica:\n" + "\n".join(problems))
    try:
        render.check_markers(markdown, where, first_line=offset + 1)
    except render.MarkerError as exc:
        raise PluginError(str(exc)) from None
    _escape_front_matter(page)
    return markdown


@event_priority(-50)  # after the other hooks' own work on the page
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The rendered page, after every Markdown extension and include: what the Markdown check cannot
    # see. Checked before the markers are swapped for their markup (templates that escape every
    # text from data), so the check reads only what the page's editor wrote (and stays fast).
    where = f"docs/{page.file.src_uri}"
    problems = security.rendered_problems(html, where, config.site_url or "", source=page.file.content_string)
    if problems:
        raise PluginError("La página tiene contenido que el sitio no publica:\n" + "\n".join(problems))
    try:
        return render.replace_markers(html, page, config)
    except render.MarkerError as exc:
        raise PluginError(str(exc)) from None


# Helper functions


def _escape_front_matter(page: Page) -> None:
    """The theme writes ``page.meta`` texts into <meta> and <title> without escaping: a Markup
    holding the escaped text lands as text there, and is not escaped twice elsewhere."""
    for key in ("title", "description"):
        value = page.meta.get(key) if isinstance(page.meta, dict) else None
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = escape(value)

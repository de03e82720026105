"""Hook: a Content-Security-Policy in every page, safe external links, and the server header files.

The logic lives in mitp/security.py; this hook applies it to each built page and
writes the header files (static hosts, nginx, Apache) once all languages are built. While
``mkdocs serve`` runs, pages get the preview policy that lets live reload work.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from mitp import security

_script_hashes: set[str] = set()
_serving = {"on": False}


# Hooks


def on_startup(*, command: str, dirty: bool) -> None:
    _serving["on"] = command == "serve"


@event_priority(-200)  # after every other plugin has written into the page
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _harden(output, f"docs/{page.file.src_uri}", config)


@event_priority(-200)
def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _harden(output_content, template_name, config)


@event_priority(-160)
def on_post_build(*, config: MkDocsConfig) -> None:
    # Once, in the outermost build: after the i18n plugin has built every language (-100) and
    # hooks/stylesheets.py has inlined each page's first-screen CSS (-140), whose hashes are read
    # from the built pages. _headers (Netlify-style hosts), _nginx.conf and .htaccess (Apache):
    # the same header set.
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return
    style_hashes = sorted({h for page in Path(config.site_dir).rglob("*.html")
                           for h in security.inline_style_hashes(page.read_text("utf-8"))})
    for name, write in security.SERVER_FILES.items():
        Path(config.site_dir, name).write_text(write(sorted(_script_hashes), style_hashes), "utf-8")


# Helper functions


def _harden(html: str, where: str, config: MkDocsConfig) -> str:
    html = security.harden_external_links(html, config.site_url or "")
    _script_hashes.update(security.inline_script_hashes(html))
    try:
        return security.add_csp_meta(html, serving=_serving["on"])
    except security.UnknownScriptError as exc:
        raise PluginError(f"{where}: {exc}") from None

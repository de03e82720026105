"""Hook: a Content-Security-Policy in every page, safe external links, and the server header files.

The logic lives in mitp/security.py; this hook applies it to each built page and
writes the header files (static hosts, nginx, Apache) once all languages are built.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from mitp import security

_script_hashes: set[str] = set()


# Hooks


@event_priority(-200)  # after every other plugin has written into the page
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    output = security.harden_external_links(output, config.site_url or "")
    _script_hashes.update(security.inline_script_hashes(output))
    return security.add_csp_meta(output)


@event_priority(-200)
def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    _script_hashes.update(security.inline_script_hashes(output_content))
    return security.add_csp_meta(security.harden_external_links(output_content, config.site_url or ""))


def on_post_build(*, config: MkDocsConfig) -> None:
    # Runs after each language's build; the last run holds the hashes of all pages.
    # _headers (Netlify-style hosts), _nginx.conf and .htaccess (Apache): the same header set.
    for name, write in security.SERVER_FILES.items():
        Path(config.site_dir, name).write_text(write(sorted(_script_hashes)), "utf-8")

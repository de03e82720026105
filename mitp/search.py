"""The site search: Pagefind indexes the built pages (plain functions, no MkDocs).

Pagefind (https://pagefind.app, PyPI packages ``pagefind`` and ``pagefind-bin``) reads the
built HTML and writes ``pagefind/`` into the site: one index per language, found from each
page's ``<html lang>``, split into small chunks that the reader's browser fetches only for the
words typed. Only what a page marks ``data-pagefind-body`` (its content, overrides/main.html) is
indexed; the directory's filters, breadcrumbs and in-page lists are left out by the selectors
below, its entries stay in (with their region, services and populations).
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

# Parts of a page's content that are navigation or controls, not text to find.
EXCLUDE_SELECTORS = (
    "nav",                       # breadcrumbs, the directory's contents and parts
    "form",                      # the directory's filters
    "[role=status]",             # live counts ("12 servicios")
    ".mitp-dir-print-note",      # "Impreso desde …" (print only)
    ".headerlink",
)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (the message says why, in Spanish)."""


def pagefind_command(site_dir: Path | str) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def build_index(site_dir: Path | str) -> Path:
    """Writes ``<site_dir>/pagefind/``; raises SearchIndexError with Pagefind's own message."""
    try:
        result = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
    except OSError as error:  # pragma: no cover - Python itself missing
        raise SearchIndexError(f"no se pudo ejecutar Pagefind: {error}") from error
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise SearchIndexError(
            "Pagefind no pudo crear el índice de búsqueda del sitio "
            f"(¿está instalado? `./run.sh build` instala `pagefind[bin]`):\n{detail}")
    out = Path(site_dir, "pagefind")
    if not (out / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind terminó sin escribir {out / 'pagefind.js'}")
    return out


def index_languages(site_dir: Path | str) -> list[str]:
    """The languages Pagefind made an index for (``pagefind/pagefind-entry.json``).

    A language Pagefind has no stemmer for (Kreyòl, ``ht``) still gets its own index; it shares
    the engine built without stemming (``wasm.unknown.pagefind``).
    """
    entry = json.loads(Path(site_dir, "pagefind", "pagefind-entry.json").read_text("utf-8"))
    return sorted(entry["languages"])


def fragments(site_dir: Path | str, language: str) -> list[dict]:
    """The indexed pages of one language as Pagefind stored them (url, content, meta…).

    Each fragment is gzip-compressed JSON after the signature ``pagefind_dcd``; tests read them to
    check what the search can find without a browser.
    """
    out = []
    for file in sorted(Path(site_dir, "pagefind", "fragment").glob(f"{language}_*.pf_fragment")):
        data = gzip.decompress(file.read_bytes())
        out.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return out

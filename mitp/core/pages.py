"""Generated Markdown pages: real files written into ``docs/<lang>/<folder>/`` before MkDocs
collects files (the pattern that works with the i18n plugin: pages added later break its language
switcher and sitemap; see GUIDE.md). Each content type with a page per item (directory regions,
World Day years, podcast episodes…) uses this one writer.

- A file is rewritten only when its text changes (else ``mkdocs serve`` would rebuild forever),
  atomically (a build running meanwhile never reads half a file).
- Generated files carry a header line naming their owner; files with that header that are no
  longer wanted are removed, hand-written files never are.
- The folders are git-ignored (``.gitignore``: one line per owner folder).
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def header(owner: str, source: str) -> str:
    """The first line of every page ``owner`` (a hook) generates from ``source`` (a data file)."""
    return f"<!-- Generado por {owner} desde {source}: no editar. -->"


def sync(folders: list[Path], wanted: Mapping[Path, str], mark: str) -> list[Path]:
    """Write every file of ``wanted`` whose text changed; remove files under ``folders`` carrying
    ``mark`` that are not wanted any more. Returns the files written or removed."""
    changed: list[Path] = []
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
            changed.append(path)
    for folder in folders:
        changed += _remove(folder, lambda path: path not in wanted and mark in _head(path))
    return changed


def remove_unbuilt_languages(docs_dir: Path, languages: list[str] | tuple[str, ...]) -> list[Path]:
    """Generated pages left in the folder of a language the site no longer builds (``docs/ay/…``
    after ``ay`` leaves mkdocs.yml): removed, so they are neither published nor counted as that
    language's translations. Hand-written pages (no generated header) are never touched."""
    removed: list[Path] = []
    for folder in sorted(p for p in Path(docs_dir).iterdir() if p.is_dir()):
        code = folder.name
        if code in languages or not (2 <= len(code) <= 3 and code.isalpha() and code.islower()):
            continue
        # Every owner's header says "generado por hooks/…".
        removed += _remove(folder, lambda path: "generado por hooks/" in _head(path).lower())
    return removed


def _remove(folder: Path, unwanted) -> list[Path]:
    """Remove the Markdown files under ``folder`` that ``unwanted(path)`` says, then the folders
    left empty; returns the files removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in sorted(folder.rglob("*.md"), reverse=True):
        if unwanted(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        try:
            sub.rmdir()  # only if empty
        except OSError:
            pass
    return removed


def _head(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.read(2000)
    except OSError:
        return ""


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar for front matter."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

"""Files the build writes besides pages (open data, feeds, calendars, kits, statistics), declared.

An ``Output`` says what it writes and whether once or per language; ``produce(context)`` returns
``{path under the site folder: bytes}`` and writes nothing itself, so a test can call it without
MkDocs. ``mitp/registry.py`` lists them (``OUTPUTS``); ``hooks/outputs.py`` runs them after each
language's build (``per_language``) or once, after the default language's build (the i18n plugin
builds the default language first, then the others).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class OutputContext:
    root: Path                  # the project (folder of mkdocs.yml)
    site_dir: Path
    site_url: str
    language: str               # the language being built ("es" for outputs run once)
    languages: tuple[str, ...]  # every built language, default first
    extra: dict = field(default_factory=dict)   # mkdocs.yml `extra`


@dataclass(frozen=True)
class Output:
    name: str
    produce: Callable[[OutputContext], dict[str, bytes]]
    per_language: bool = False


def run(outputs, context: OutputContext, *, default_build: bool) -> list[Path]:
    """Write what each output produces for this build; returns the files written."""
    written: list[Path] = []
    for output in outputs:
        if not output.per_language and not default_build:
            continue
        for relative, content in sorted(output.produce(context).items()):
            target = context.site_dir / relative
            if not target.resolve().is_relative_to(context.site_dir.resolve()):
                raise ValueError(f"la salida {output.name} quiso escribir fuera del sitio: {relative}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
    return written

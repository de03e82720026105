"""One page per progress report, written as small Markdown files before MkDocs collects files.

The files go to ``docs/<lang>/plan/informes/<id>.md`` (git-ignored), each holding the marker
that hooks/plan.py fills; a file is rewritten only when its text changes (``mkdocs serve``
would rebuild forever otherwise) and removed when its report is gone (recognised by HEADER).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mitp.i18n import plain

FOLDER = Path("plan") / "informes"
HEADER = "<!-- Página generada por hooks/plan.py desde data/plan/reports/: no editar. -->"


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def report_markdown(report: dict, language: str) -> str:
    title = plain(report["titulo"], language)
    return (f"---\ntitle: {_yaml_string(title)}\n---\n{HEADER}\n\n"
            f"# {title.replace('<', '&lt;')}\n\n<!-- mitp:plan-informe {report['id']} -->\n")


def sync(docs_dir: Path, reports: list[dict], languages: list[str]) -> list[Path]:
    changed: list[Path] = []
    for language in languages:
        folder = docs_dir / language / FOLDER
        wanted = {folder / f"{r['id']}.md": report_markdown(r, language) for r in reports}
        for path, text in wanted.items():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(tmp, path)
                changed.append(path)
        if folder.is_dir():
            for path in sorted(folder.glob("*.md")):
                if path not in wanted and path.name != "index.md" and HEADER in path.read_text("utf-8")[:500]:
                    path.unlink()
                    changed.append(path)
            try:
                folder.rmdir()  # only if empty
            except OSError:
                pass
    return changed

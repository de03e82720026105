"""One page per progress report, written as small Markdown files before MkDocs collects files.

The files go to ``docs/<lang>/plan/informes/<id>.md`` (git-ignored), each holding the marker
that hooks/plan.py fills; a file is rewritten only when its text changes (``mkdocs serve``
would rebuild forever otherwise) and removed when its report is gone (recognised by HEADER).
"""
from __future__ import annotations

import re
from pathlib import Path

from mitp.i18n import plain
from mitp.core import pages as generated_pages

FOLDER = Path("plan") / "informes"
HEADER = generated_pages.header("hooks/plan.py", "data/plan/reports/")
_yaml_string = generated_pages.yaml_string


def report_markdown(report: dict, language: str) -> str:
    title = plain(report["titulo"], language)
    return (f"---\ntitle: {_yaml_string(title)}\n---\n{HEADER}\n\n"
            f"# {markdown_text(title)}\n\n<!-- mitp:plan-informe {report['id']} -->\n")


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown: no tag, link, emphasis or entity of it becomes markup."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|-])", r"\\\1", text)


def sync(docs_dir: Path, reports: list[dict], languages: list[str]) -> list[Path]:
    """One page per report and language, written only when changed (``mitp.core.pages.sync``)."""
    wanted = {docs_dir / language / FOLDER / f"{r['id']}.md": report_markdown(r, language)
              for language in languages for r in reports}
    return generated_pages.sync([docs_dir / language / FOLDER for language in languages], wanted, HEADER)

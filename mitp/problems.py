"""One problem found in a data file: where it is, which field, and what to do about it.

The same record serves errors and warnings, the command line, the build and the tests.
``str(problem)`` is the line a coordinator reads: ``data/resources.yaml:12:5: phones[0].number: …``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Problem:
    path: str          # the file as shown to the reader (relative to the repository when inside it)
    line: int          # 1-based
    column: int        # 1-based
    field: str         # e.g. "phones[0].number" ("" when the problem concerns the whole file)
    message: str       # Spanish, says what would be valid
    severity: str = "error"   # "error" | "warning"
    entry_id: str | None = None   # the entry concerned, when known

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.path}:{self.line}:{self.column}:{field} {self.message}"


class DataFileError(ValueError):
    """A data file has errors. ``problems``: every error; ``warnings``: what was also noticed.
    ``str()`` is the list a coordinator reads, one problem per line."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = list(problems)
        self.warnings = list(warnings or [])
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path | str) -> str:
    """The path as a reader should see it: relative to the repository, else to the cwd, else as given."""
    path = Path(path)
    try:
        resolved = path.resolve()
    except OSError:
        return str(path)
    for base in (ROOT, Path.cwd()):
        try:
            return resolved.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def field_name(parts: tuple) -> str:
    """("phones", 0, "number") → "phones[0].number"."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out

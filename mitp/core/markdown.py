"""A Markdown page's front matter, read as MkDocs reads it, but never dropped in silence.

MkDocs (``mkdocs.utils.meta.get_data``) ignores front matter it cannot read: the page is then
published with its ``---`` block as text and without its description. ``front_matter_problem``
says what is wrong at the file's line (``docs/es/funcionarios.md:2:126: …``), and
``body_offset`` is the number of lines before the body, so messages about the Markdown MkDocs
hands to hooks (which starts after the front matter) give the line of the file.
"""
from __future__ import annotations

import re

# The same pattern as mkdocs.utils.meta.YAML_RE (MkDocs 1.6).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


def body_offset(source: str) -> int:
    """Lines of ``source`` before the Markdown MkDocs gives to hooks (front matter, blank lines)."""
    match = FRONT_MATTER.match(source)
    if not match or front_matter_problem(source, "") is not None:
        return 0
    rest = source[match.end():]
    return source[: match.end()].count("\n") + (len(rest) - len(rest.lstrip("\n")))


def front_matter_problem(source: str, where: str) -> str | None:
    """``where:LINE:COL: …`` when the page's front matter is not a readable YAML mapping, or None."""
    import yaml

    match = FRONT_MATTER.match(source)
    if not match:
        return None
    try:
        data = yaml.load(match.group(1), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 2, mark.column + 1) if mark else (2, 1)
        what = getattr(exc, "problem", None) or "no se puede leer"
        hint = (" (un texto con ': ' debe ir entre comillas: description: \"…\")"
                if "mapping values" in str(what) else "")
        return (f"{where}:{line}:{column}: el encabezado (front matter) entre '---' no es YAML válido: {what}"
                f"{hint}; sin él la página se publicaría sin su descripción y con el encabezado como texto")
    if data is not None and not isinstance(data, dict):
        return (f"{where}:2:1: el encabezado (front matter) entre '---' debe ser una lista de 'clave: valor' "
                "(p. ej. description: \"…\")")
    return None

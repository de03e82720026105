""""Reportar un error en esta ficha": where the link of each entry leads."""
from __future__ import annotations

import re
from typing import Any, Mapping
from urllib.parse import quote, urlsplit



# The repository's issue form for a wrong entry (.github/ISSUE_TEMPLATE/error-en-recurso.md).
ISSUE_TEMPLATE = "error-en-recurso.md"
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def report_url_template(configured: str, environ: Mapping[str, str]) -> str:
    """Where "report an error in this entry" leads, ``{id}`` standing for the entry's id.

    ``extra.catalogue_report_url`` when set; else, when the site is built by GitHub Actions (the
    workflow that publishes it), the issue form of that repository, from the variables GitHub
    sets (``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY``); else "" (no link).
    """
    if configured:
        return configured
    server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository = environ.get("GITHUB_REPOSITORY", "")
    if not server.startswith("https://") or not _REPOSITORY.fullmatch(repository):
        return ""
    return (f"{server}/{repository}/issues/new?template={ISSUE_TEMPLATE}"
            "&title=Error%20en%20el%20recurso%3A%20{id}")


def report_link(entry_id: str, *, url_template: str = "", email: str = "") -> str | None:
    """The "report an error in this entry" link, naming the entry's id; None when none is set up.

    A ``mailto:`` to the coordinating institution's address when one is given, else the issue
    template URL of ``extra.catalogue_report_url`` with ``{id}`` replaced, else nothing.
    """
    subject = f"Error en el recurso: {entry_id}"  # as .github/ISSUE_TEMPLATE/error-en-recurso.md
    if email and _is_email(email):
        body = (f"Identificador de la entrada (id): {entry_id}\n\n"  # the fields of the issue template
                "Qué dato está mal:\n\nCuál es el dato correcto:\n\nFuente pública del dato correcto:\n\n"
                "(No escribas datos personales tuyos ni de otras personas, ni detalles de un caso.)\n")
        return f"mailto:{email}?subject={quote(subject)}&body={quote(body)}"
    if url_template:
        if urlsplit(url_template).scheme not in ("https", "http"):
            return None
        if "{id}" in url_template:
            return url_template.replace("{id}", quote(entry_id, safe=""))
        return url_template + quote(subject, safe="")
    return None

def _is_email(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[^@\s<>\"'()]+", value) is not None

"""Translation status: which version of its Spanish page each translation translates, and what is
missing in each language. Plain Python (no MkDocs): the hook, the command and the tests use it.

- A translated page ``docs/<lang>/<page>.md`` records in its front matter the Spanish version it
  translates and whether a native speaker has reviewed it::

      traduccion:
        fuente: "3f1c0a9e5b27"    # source_hash() of docs/es/<page>.md, written by `mitp translations stamp`
        estado: pendiente-de-revision   # or: revisada

- ``page_status`` compares that hash with the Spanish page as it is now: the translation is
  ``al-dia`` (reviewed, current), ``pendiente-de-revision`` (current, not yet reviewed),
  ``desactualizada`` (the Spanish page changed since: never fails the build, the page says so)
  or ``falta`` (no file: the reader gets the Spanish page with a notice).
- ``report(...)`` lists, per language, every page, every interface string of ``data/ui.yaml``
  and every text of the declared data files (``mitp.registry.FILES``) not in that language.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mitp import i18n

FRONT_KEY = "traduccion"
REVIEWED = "revisada"
PENDING = "pendiente-de-revision"
REVIEW_STATES = (PENDING, REVIEWED)

CURRENT = "al-dia"
OUTDATED = "desactualizada"
MISSING = "falta"
UNSTAMPED = "sin-fuente"
# Order in which states are listed (worst first).
STATES = (MISSING, OUTDATED, UNSTAMPED, PENDING, CURRENT)

# Folders of docs/<lang>/ whose pages the build writes (git-ignored as ``/docs/*/<folder>/*``, all
# but their index.md): they are not translated by hand. Read from .gitignore; these if it has none.
GENERATED = ("directorio/",)
_IGNORED = re.compile(r"^/docs/\*/([A-Za-z0-9_/-]+?)/\*?\s*$")   # /docs/*/campanas/* or /docs/*/plan/informes/
_KEPT = re.compile(r"^!/docs/\*/([A-Za-z0-9_/-]+?/index\.md)\s*$")   # !/docs/*/campanas/index.md

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


class TranslationError(ValueError):
    """A translated page's front matter cannot be read or stamped (message in Spanish)."""


def source_hash(text: str) -> str:
    """The version of a Spanish page: 12 hex digits of SHA-256 over its text (line ends normalised)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def split_front_matter(text: str) -> tuple[dict, str, str]:
    """(front matter as a dict, its raw YAML, the rest of the page)."""
    match = _FRONT.match(text)
    if not match:
        return {}, "", text
    raw = match.group(1) or ""
    try:
        meta = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        raise TranslationError(f"la cabecera YAML (front matter) no se puede leer: {exc}") from None
    if not isinstance(meta, dict):
        raise TranslationError("la cabecera YAML (front matter) debe ser un mapeo clave: valor")
    return meta, raw, text[match.end():]


def translation_meta(meta: Mapping) -> tuple[str | None, str]:
    """(recorded source hash or None, review state) from a page's front matter."""
    info = meta.get(FRONT_KEY) or {}
    if not isinstance(info, Mapping):
        info = {}
    source = info.get("fuente")  # written quoted by stamp(): a hash of digits only stays a string
    state = info.get("estado") or PENDING
    return (None if source is None else str(source)), (state if state in REVIEW_STATES else PENDING)


@dataclass(frozen=True)
class PageStatus:
    page: str            # path below docs/<lang>/, e.g. "pide-ayuda.md"
    language: str
    state: str           # one of STATES
    source: str | None   # hash recorded in the translation
    current: str         # hash of the Spanish page today
    review: str | None = None   # the front matter's estado; None when the page has no traduccion block

    @property
    def outdated(self) -> bool:
        return self.state == OUTDATED


def status_from_texts(page: str, language: str, spanish: str, translated: str | None) -> PageStatus:
    """The state of one translation, given the Spanish page's text and the translation's (or None)."""
    current = source_hash(spanish)
    if translated is None:
        return PageStatus(page, language, MISSING, None, current)
    try:
        meta, _, _ = split_front_matter(translated)
    except TranslationError:
        meta = {}
    source, review = translation_meta(meta)
    recorded = review if isinstance(meta.get(FRONT_KEY), Mapping) else None
    if source is None:
        state = UNSTAMPED
    elif source != current:
        state = OUTDATED
    else:
        state = CURRENT if review == REVIEWED else PENDING
    return PageStatus(page, language, state, source, current, recorded)


def generated_folders(docs_dir: Path) -> tuple[tuple[str, ...], frozenset[str]]:
    """(folders of generated pages, hand-written index pages inside them), from the project's
    .gitignore (or this checkout's)."""
    for ignore in (docs_dir.parent / ".gitignore", Path(__file__).resolve().parent.parent / ".gitignore"):
        if ignore.exists():
            lines = ignore.read_text("utf-8").splitlines()
            found = tuple(m.group(1) + "/" for line in lines if (m := _IGNORED.match(line)))
            kept = frozenset(m.group(1) for line in lines if (m := _KEPT.match(line)))
            return (found, kept) if found else (GENERATED, frozenset(f"{f}index.md" for f in GENERATED))
    return GENERATED, frozenset(f"{f}index.md" for f in GENERATED)


def spanish_pages(docs_dir: Path) -> list[str]:
    """Every hand-written Spanish page, as a path below docs/es/ (generated folders left out)."""
    base = docs_dir / i18n.DEFAULT
    generated, kept = generated_folders(docs_dir)
    pages = []
    for path in sorted(base.rglob("*.md")):
        rel = path.relative_to(base).as_posix()
        if rel not in kept and any(rel.startswith(folder) for folder in generated):
            continue
        pages.append(rel)
    return pages


def page_status(docs_dir: Path, language: str, page: str) -> PageStatus:
    spanish = (docs_dir / i18n.DEFAULT / page).read_text("utf-8")
    translated_path = docs_dir / language / page
    translated = translated_path.read_text("utf-8") if translated_path.exists() else None
    return status_from_texts(page, language, spanish, translated)


def pages_status(docs_dir: Path, language: str) -> list[PageStatus]:
    return [page_status(docs_dir, language, page) for page in spanish_pages(docs_dir)]


def stamp(translation: Path, docs_dir: Path, *, source: Path | None = None, review: str | None = None) -> str:
    """Record in ``translation`` the version of its Spanish page (``source``, by default
    ``docs/es/<same path>``) and, when given, its review state; returns the hash written.

    Only the ``traduccion`` block of the front matter is rewritten; the rest of the file is kept
    byte for byte.
    """
    translation = Path(translation).resolve()
    docs_dir = Path(docs_dir).resolve()
    try:
        rel = translation.relative_to(docs_dir)
    except ValueError:
        raise TranslationError(f"{translation}: no está dentro de {docs_dir}") from None
    language, page = rel.parts[0], Path(*rel.parts[1:]).as_posix()
    if language == i18n.DEFAULT:
        raise TranslationError(f"{rel}: es una página en español (la fuente), no una traducción")
    source = Path(source) if source else docs_dir / i18n.DEFAULT / page
    if not source.exists():
        raise TranslationError(f"{rel}: no existe su página en español {source}")
    if review is not None and review not in REVIEW_STATES:
        raise TranslationError(f"estado '{review}' no válido; los válidos son: {', '.join(REVIEW_STATES)}")
    text = translation.read_text("utf-8")
    meta, raw, body = split_front_matter(text)
    _, old_review = translation_meta(meta)
    digest = source_hash(source.read_text("utf-8"))
    block = f"{FRONT_KEY}:\n  fuente: \"{digest}\"\n  estado: {review or old_review}\n"
    kept = _without_block(raw, FRONT_KEY)
    translation.write_text(f"---\n{kept}{block}---\n{body}", "utf-8")
    return digest


# What changed in the Spanish page since the version a translation translates (git history)


@dataclass(frozen=True)
class SpanishChange:
    commit: str | None   # the commit whose docs/es/<page> hashes to the stamp; None when not found
    date: str            # that commit's date (YYYY-MM-DD), "" when not found
    diff: str            # unified diff of docs/es/<page>, stamped version → today; "" when not found
    reason: str = ""     # why there is no diff (in Spanish), "" when there is one


def spanish_changes(root: Path, page: str, source: str, *, limit: int = 400) -> SpanishChange:
    """The diff of ``docs/es/<page>`` between the version whose ``source_hash`` is ``source`` (looked
    for in the file's git history, newest first) and the file as it is now."""
    import difflib
    import subprocess

    rel = f"docs/{i18n.DEFAULT}/{page}"
    current = (Path(root) / rel).read_text("utf-8")

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)

    try:
        log = git("log", f"-n{limit}", "--follow", "--name-only", "--format=%x00%H %cs", "--", rel)
    except OSError:
        return SpanishChange(None, "", "", "git no está instalado: no se puede buscar la versión traducida")
    if log.returncode != 0:
        return SpanishChange(None, "", "", "esta carpeta no es un repositorio git: no se puede buscar la versión traducida")
    for entry in log.stdout.split("\0")[1:]:
        head, *names = [line for line in entry.splitlines() if line.strip()]
        commit, _, date = head.partition(" ")
        shown = git("show", f"{commit}:{names[-1] if names else rel}")
        if shown.returncode == 0 and source_hash(shown.stdout) == source:
            diff = "".join(difflib.unified_diff(
                shown.stdout.replace("\r\n", "\n").splitlines(keepends=True),
                current.replace("\r\n", "\n").splitlines(keepends=True),
                fromfile=f"{rel} (versión traducida: commit {commit[:10]}, {date})", tofile=f"{rel} (hoy)"))
            return SpanishChange(commit, date, diff)
    return SpanishChange(None, "", "", f"ninguna versión de {rel} en el historial de git tiene el hash {source}: "
                                       "compara la traducción con el español a mano")


def _without_block(raw: str, key: str) -> str:
    """The front matter's YAML without the top-level ``key`` and its indented lines."""
    out, skipping = [], False
    for line in raw.splitlines(keepends=True):
        if re.match(rf"{re.escape(key)}\s*:", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


# Interface strings and data texts


def missing_strings(strings: Mapping[str, Mapping[str, str]], language: str) -> list[str]:
    return i18n.missing_strings(strings, language) if not i18n.is_default(language) else []


def multilingual_texts(data: Any, where: tuple = ()) -> Iterable[tuple[tuple, Mapping]]:
    """Every ``{es: …, en: …}`` text in a data document, with its path (("resources", 3, "name"))."""
    if isinstance(data, Mapping):
        if isinstance(data.get(i18n.DEFAULT), str) and all(
                key == "url" or i18n._looks_like_code(key) for key in data):
            yield where, data
            return
        for key, value in data.items():
            yield from multilingual_texts(value, where + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from multilingual_texts(value, where + (index,))


# Texts that stay in Spanish in every language, so never "missing": the names of institutions and
# the citations of Spanish-language sources (CONTRIBUTING, «Traducciones»: "Nombres de instituciones
# y leyes, números y fuentes quedan como en español"). A text is one of them when a key on its path
# is one of these (``resources[3].source``, ``reports[0].fuente.titulo``, ``credits[0].institution``).
AS_IN_SPANISH = frozenset({"organization", "institution", "organizer", "author", "source", "fuente", "evidencia"})


def needs_translation(where: tuple) -> bool:
    """False for a data text that stays in Spanish (``AS_IN_SPANISH``)."""
    return not any(isinstance(part, str) and part in AS_IN_SPANISH for part in where)


def missing_data_texts(files: Iterable[tuple[str, Any]], language: str) -> list[tuple[str, str, str]]:
    """(file, field, Spanish text) of every data text with no ``language`` version, leaving out the
    texts that stay in Spanish (``needs_translation``).

    ``files`` are (path, parsed YAML) pairs, e.g. of every file in ``mitp.registry.FILES``.
    """
    found = []
    for path, data in files:
        for where, text in multilingual_texts(data):
            value = text.get(language)
            if not (isinstance(value, str) and value.strip()) and needs_translation(where):
                found.append((path, dotted(where), text[i18n.DEFAULT]))
    return found


def kept_in_spanish(files: Iterable[tuple[str, Any]], language: str) -> int:
    """How many data texts have no ``language`` version and need none (names, Spanish sources)."""
    return sum(1 for _, data in files for where, text in multilingual_texts(data)
               if not needs_translation(where) and not (isinstance(text.get(language), str) and text[language].strip()))


def dotted(where: tuple) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def registered_data(root: Path) -> list[tuple[str, Any]]:
    """(path, parsed YAML) of every declared data file that exists (``mitp.registry.FILES``)."""
    from mitp import registry

    out = []
    for spec in registry.FILES:
        path = root / spec.path
        if path.exists():
            out.append((spec.path, yaml.safe_load(path.read_text("utf-8"))))
    return out


# The whole picture, per language


@dataclass
class LanguageReport:
    language: str
    pages: list[PageStatus]
    strings_total: int
    strings_missing: list[str]
    data_missing: list[tuple[str, str, str]] = field(default_factory=list)
    data_kept: int = 0                    # texts with no version in the language that need none
    interface_review: str | None = None   # the language record, mitp.i18n.interface_review

    def count(self, state: str) -> int:
        return sum(1 for page in self.pages if page.state == state)


def report(root: Path, languages: Iterable[str], strings: Mapping[str, Mapping[str, str]],
           data: list[tuple[str, Any]] | None = None) -> list[LanguageReport]:
    """Translation status of every language but Spanish (the source)."""
    docs_dir = root / "docs"
    data = registered_data(root) if data is None else data
    out = []
    for language in languages:
        if i18n.is_default(language):
            continue
        out.append(LanguageReport(
            language=language,
            pages=sorted(pages_status(docs_dir, language), key=lambda p: (STATES.index(p.state), p.page)),
            strings_total=len([k for k in strings if not k.startswith("date_")]),
            strings_missing=missing_strings(strings, language),
            data_missing=missing_data_texts(data, language),
            data_kept=kept_in_spanish(data, language),
            interface_review=i18n.interface_review(language),
        ))
    return out


STATE_LABELS = {
    CURRENT: "traducida, revisada y al día",
    PENDING: "traducida y al día, pendiente de revisión por una persona hablante nativa",
    UNSTAMPED: "traducida, sin registro de la versión en español que traduce",
    OUTDATED: "desactualizada: la página en español cambió después de traducirla",
    MISSING: "falta: se muestra en español con un aviso",
}


def format_report(reports: list[LanguageReport], *, root: Path | None = None, all_data: bool = False) -> str:
    """The report as text for the terminal (``mitp translations``): per language, the pages first
    (worst state first; for an outdated page, the diff of its Spanish page since the translated
    version when ``root`` is a git checkout), then the interface strings, then the data texts
    counted per file (each one listed with ``all_data``)."""
    lines = []
    for rep in reports:
        lines.append(f"== {rep.language} ==")
        counts = ", ".join(f"{rep.count(state)} {state}" for state in STATES if rep.count(state))
        lines.append(f"Páginas ({len(rep.pages)}: {counts}):")
        for page in rep.pages:
            lines.append(f"  {page.state:<22} docs/{rep.language}/{page.page}")
            if page.state == OUTDATED and root is not None and page.source:
                change = spanish_changes(root, page.page, page.source)
                if change.diff:
                    lines.append(f"    Lo que cambió en docs/{i18n.DEFAULT}/{page.page} desde la versión traducida "
                                 f"(commit {change.commit[:10]}, {change.date}):")
                    lines.extend("    " + line for line in change.diff.rstrip("\n").split("\n"))
                else:
                    lines.append(f"    {change.reason}")
                lines.append(f"    Cuando la traducción esté al día: ./run.sh traducciones stamp docs/{rep.language}/{page.page}")
        done = rep.strings_total - len(rep.strings_missing)
        review = {PENDING: ", pendientes de revisión por una persona hablante nativa",
                  REVIEWED: ", revisados"}.get(rep.interface_review or "", "")
        lines.append(f"Textos de la interfaz (data/ui.yaml): {done} de {rep.strings_total} traducidos{review}")
        for key in rep.strings_missing:
            lines.append(f"  falta {key}")
        kept = (f" (no se cuentan {rep.data_kept} nombres de instituciones y fuentes en español, "
                "que quedan en español)") if rep.data_kept else ""
        lines.append(f"Textos de los datos sin versión '{rep.language}': {len(rep.data_missing)}{kept}")
        per_file: dict[str, int] = {}
        for path, _, _ in rep.data_missing:
            per_file[path] = per_file.get(path, 0) + 1
        for path, count in per_file.items():
            lines.append(f"  {path}: {count}")
        if all_data:
            for path, where, spanish in rep.data_missing:
                short = spanish if len(spanish) <= 60 else spanish[:57] + "…"
                lines.append(f"  {path}: {where}: «{short}»")
        elif rep.data_missing:
            lines.append(f"  La lista completa: ./run.sh traducciones --datos --lang {rep.language}")
        lines.append("")
    return "\n".join(lines)


# Where a reader reports a mistake in a translation

ISSUE_TEMPLATE = "error-en-traduccion.md"
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def report_href(page: str, language: str, *, configured: str = "", environ: Mapping[str, str] | None = None) -> str:
    """The "tell us about a mistake" link of a translated page, or "" when none is set up.

    ``extra.translation_report_url`` (``{page}`` replaced by e.g. ``ht/pide-ayuda.md``) when set;
    else, when GitHub Actions builds the site, that repository's issue form
    ``.github/ISSUE_TEMPLATE/error-en-traduccion.md``; else "".
    """
    from urllib.parse import quote, urlsplit

    name = f"{language}/{page}"
    if configured:
        if urlsplit(configured).scheme != "https":
            return ""
        return configured.replace("{page}", quote(name, safe=""))
    environ = environ or {}
    server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository = environ.get("GITHUB_REPOSITORY", "")
    if not server.startswith("https://") or not _REPOSITORY.fullmatch(repository):
        return ""
    title = quote(f"Error en la traducción: {name}", safe="")
    return f"{server}/{repository}/issues/new?template={ISSUE_TEMPLATE}&title={title}"


def page_url(language: str, page: str) -> str:
    """Site-relative URL of a page: ("ht", "directorio/index.md") -> "ht/directorio/"."""
    stem = page[:-3] if page.endswith(".md") else page
    stem = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    return i18n.prefix(language) + stem

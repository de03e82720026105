"""``mitp translations``: the translation status in the terminal, and ``stamp`` (mitp/translations.py).

- ``mitp translations [--lang ht] [--datos]`` (``./run.sh traducciones``) lists, per language, the
  pages first (falta, desactualizada, sin-fuente, pendiente-de-revision, al-dia), with, under each
  outdated page, the diff of its Spanish page since the translated version (found in the file's git
  history); then the interface strings missing and the data texts missing, counted per file (each
  one listed with ``--datos``; names of institutions and Spanish sources are not counted). Exits 0
  (a status report, not a check).
- ``mitp translations stamp docs/ht/x.md [--source FILE] [--estado revisada]`` records in the
  translation the hash of the Spanish page it translates; run it after translating or updating.
  A folder (``docs/en``) stands for every translated page in it that has a Spanish page.
"""
from __future__ import annotations

import sys
from pathlib import Path


from mitp import i18n, translations, ui

ROOT = Path(__file__).resolve().parent.parent


def register(commands) -> None:
    """``mitp translations [--lang ht]`` and ``mitp translations stamp PAGE…`` (called by mitp/cli.py)."""
    cmd = commands.add_parser("translations", help="estado de las traducciones; 'stamp' registra la versión traducida")
    cmd.add_argument("--lang", action="append", metavar="IDIOMA", help="solo este idioma (se puede repetir)")
    cmd.add_argument("--datos", action="store_true",
                     help="lista cada texto de los datos sin traducir (por omisión, solo cuántos hay por archivo)")
    sub = cmd.add_subparsers(dest="action")
    stamp = sub.add_parser("stamp", help="registra en cada traducción el hash de su página en español")
    stamp.add_argument("pages", nargs="+", type=Path, metavar="PAGINA",
                       help="p. ej. docs/ht/pide-ayuda.md; una carpeta (docs/en) registra todas sus páginas traducidas")
    stamp.add_argument("--source", type=Path, metavar="RUTA",
                       help="archivo con el español traducido (por omisión docs/es/<misma página>)")
    stamp.add_argument("--estado", choices=list(translations.REVIEW_STATES),
                       help="estado de revisión a registrar (por omisión, el que ya tiene)")
    cmd.set_defaults(run=run)


def run(args, root: Path = ROOT) -> int:
    if args.action == "stamp":
        return _stamp(args.pages, args.source, args.estado, root)
    configured = _built_languages(root)
    unknown = [lang for lang in args.lang or () if lang not in configured]
    if unknown:
        print(f"mitp translations: el idioma '{unknown[0]}' no está en mkdocs.yml; los idiomas del sitio son: "
              f"{', '.join(configured)}", file=sys.stderr)
        return 2
    languages = args.lang or configured
    print(translations.format_report(translations.report(root, languages, ui.load()), root=root,
                                     all_data=args.datos))
    return 0


def _stamp(pages: list[Path], source: Path | None, review: str | None, root: Path) -> int:
    if source is not None and len(pages) > 1:
        print("mitp translations stamp: --source sirve para una sola página", file=sys.stderr)
        return 1
    failed = 0
    try:
        pages = [path for page in pages for path in _expand(page, root)]
    except translations.TranslationError as exc:
        print(f"mitp translations stamp: {exc}", file=sys.stderr)
        return 1
    for page in pages:
        try:
            digest = translations.stamp(page, root / "docs", source=source, review=review)
        except (translations.TranslationError, OSError) as exc:
            print(f"{page}: {exc}", file=sys.stderr)
            failed = 1
            continue
        print(f"{page}: traduce la versión {digest} de su página en español")
    return failed


def _expand(page: Path, root: Path) -> list[Path]:
    """A folder (``docs/en``, ``docs/en/plan``) stands for its translated pages that have a Spanish
    page (pages the build writes left out); a file stands for itself."""
    if not page.is_dir():
        return [page]
    docs = (root / "docs").resolve()
    folder = page.resolve()
    try:
        language, *rest = folder.relative_to(docs).parts
    except ValueError:
        raise translations.TranslationError(f"{page}: no está dentro de {docs}") from None
    below = "/".join(rest)
    return [Path(docs / language / rel) for rel in translations.spanish_pages(docs)
            if (not below or rel.startswith(below + "/")) and (docs / language / rel).is_file()]


def _built_languages(root: Path) -> list[str]:
    return i18n.configured_languages(root)

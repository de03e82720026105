"""Every downloadable file of the materials library, produced from the data (no MkDocs here).

``produce(...)`` returns ``{path under site_dir: bytes}``: per piece and language the social
PNGs (1080×1080, 1080×1920, 1200×630), the print PDFs (A4, Carta), the editable SVG, a small
preview and one ZIP kit; for the regional poster one PDF per region, size and language.
Rendering is cached by content hash in ``.cache/materials/`` (git-ignored): a build where no
piece, number or string changed renders nothing.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from mitp import i18n
from mitp.core import files as safe_files
from mitp.directory import BASE as DIRECTORY_BASE
from mitp.directory import slugify
from mitp.materials import graphics, render
from mitp.materials.data import piece_languages, review_pending, text

ROOT = Path(__file__).resolve().parent.parent.parent
CACHE = Path(os.environ.get("MITP_MATERIALS_CACHE") or ROOT / ".cache" / "materials")
OUT = "materiales"
PREVIEW_WIDTH = 480
# Bump when the drawing code changes in a way the SVG text does not show (cache key).
ENGINE = "cairosvg-2.9.1/1"

def licence_text(licence: str, strings: dict[str, str], institution: str = "") -> str:
    """The licence of a piece as readers see it (data/ui.yaml ``materials_licence_<id>``, so every
    built language has it or the build says which string is missing). ``{institution}`` in it is
    the institution that made the piece (its ``institution``), never the MITP by default."""
    return strings[f"materials_licence_{licence}"].replace("{institution}", institution)


@dataclass(frozen=True)
class Download:
    path: str            # under site_dir, e.g. materiales/senales/senales-es-1080x1080.png
    kind: str            # png | pdf | svg | zip
    format: str          # cuadrado | historia | enlace | a4 | carta | fuente | kit | <region code>
    language: str
    region: str | None = None


@dataclass
class Result:
    files: dict[str, bytes]
    downloads: dict[tuple[str, str], list[Download]]   # (piece id, language) → its downloads
    previews: dict[tuple[str, str], tuple[str, int, int]]
    words: dict[tuple[str, str], list[str]]             # full text of the image (square / A4 poster)
    rendered: int = 0                                   # files rendered (not from the cache)


def contexts(strings_by_language: dict[str, dict[str, str]], site_url: str, channels: list[dict],
             channel_module) -> dict[str, graphics.Context]:
    """A layout context per language from the channels and the interface strings."""
    numbers = {c["id"]: channel_module.parse_dial(c["dial"]).display for c in channels}
    out = {}
    for language, strings in strings_by_language.items():
        bar = [{"short": v["short"]["text"], "display": v["display"]} for v in channel_module.help_bar(channels, language)]
        listed = tuple({"purposes": v["purposes"], "name": v["name"]["text"], "display": v["display"],
                        "description": v["description"]["text"]}
                       for v in channel_module.for_purposes(channels, set(channel_module.purposes()), language))
        out[language] = graphics.Context(language, strings, site_url, bar, numbers, listed)
    return out


def region_pages(territories, site_url: str, language: str, strings: dict[str, str]) -> list[dict]:
    """Each region with the public address of its directory page (no tracking parameters)."""
    prefix = "" if language == "es" else f"{language}/"
    regions = sorted(territories.regions.values(), key=lambda r: (r.order, r.code))
    return [{"code": r.code, "name": r.name, "slug": slugify(r.name),
             "url": f"{site_url}{prefix}{DIRECTORY_BASE}/{slugify(r.name)}/",
             "label": strings["materials_region"].format(region=r.name)} for r in regions]


@dataclass
class Library:
    """The materials library of one site: its pieces, every file and what the page needs."""
    pieces: list[dict]
    result: Result
    ctxs: dict[str, graphics.Context]
    territories: object
    site_url: str
    root: Path


_LIBRARY: dict = {}


def library(root: Path, site_url: str, languages: tuple[str, ...] | list[str]) -> Library:
    """The library for a build, made once per change of its inputs (the pieces, their uploaded
    files, the pages they quote, the channels, the interface strings, the site's address).

    The materials hook calls it for the page, the declared output (``mitp/registry.py``) for the
    files; the second call finds the first's work. Raises DataFileError (bad data) or LayoutError
    (a text that does not fit)."""
    from mitp import channels, ui
    from mitp.materials import data
    from mitp.territories import load_territories

    channel_list = channels.load_channels()
    pieces = data.load_materials()
    site_url = site_url.rstrip("/") + "/"
    strings = {language: ui.strings_for(language) for language in languages}
    uploaded = [(f["path"], (root / f["path"]).stat().st_mtime_ns)
                for piece in pieces for f in piece.get("files") or ()]
    # The pages the pieces quote or print (their text, and the review state of a translation).
    quoted = [(str(path), path.stat().st_mtime_ns) for piece in pieces if data.page_of(piece)
              for language in strings if (path := root / "docs" / language / f"{data.page_of(piece)}.md").exists()]
    key = repr((str(root), pieces, uploaded, quoted, channel_list, strings, site_url))
    if _LIBRARY.get("key") != key:
        ctxs = contexts(strings, site_url, channel_list, channels)
        territories = load_territories()
        result = produce(pieces, ctxs, territories, root=root)
        _LIBRARY.clear()
        _LIBRARY.update(key=key, library=Library(pieces, result, ctxs, territories, site_url, root))
    return _LIBRARY["library"]


def check_layout(root: Path = ROOT):
    """What ``mitp validate`` adds to the materials' checks: every piece laid out as the build lays
    it out (``library``, same code, same disk cache, so the build after it redraws nothing), for
    the site's address and languages of mkdocs.yml. None when every text fits, else the Problem at
    the piece's line: a heading too long to wrap fails the pull request's check, not only the
    publication."""
    from mitp import i18n
    from mitp.materials.layout import LayoutError

    site_url = str(i18n._mkdocs_yml(Path(root)).get("site_url") or "")
    try:
        library(Path(root), site_url, i18n.configured_languages(Path(root)))
    except LayoutError as exc:
        return layout_problem(exc, root)
    return None


def layout_problem(exc: Exception, root: Path = ROOT):
    """A text that does not fit, at the line of its piece in the materials file (the build's and the
    validator's one message)."""
    import re

    from mitp.materials import data
    from mitp.problems import Problem, display_path

    path = data.FILE.file_in(Path(root))
    line = column = 1
    field = ""
    found = re.search(r"pieza '([^']+)'", str(exc))
    if found:
        try:
            source = path.read_text("utf-8").splitlines()
        except OSError:
            source = []
        pattern = re.compile(r"^(\s*-?\s*)id:\s*['\"]?" + re.escape(found.group(1)) + r"['\"]?\s*(#.*)?$")
        for number, text_line in enumerate(source, start=1):
            match = pattern.match(text_line)
            if match:
                line, column = number, len(match.group(1)) + 1
                field = "id"
                break
    return Problem(display_path(path), line, column, field, str(exc))


def site_files(context) -> dict[str, bytes]:
    """The declared output (``mitp.core.outputs.Output``): every download, once per build."""
    return library(context.root, context.site_url, context.languages).result.files


def produce(pieces: list[dict], ctxs: dict[str, graphics.Context], territories, *,
            cache: Path | None = CACHE, root: Path = ROOT) -> Result:
    """Every file of every piece in each language of ``ctxs`` the piece is written in (a piece
    without Kreyòl texts has no Kreyòl files: that page lists its Spanish ones)."""
    result = Result({}, {}, {}, {})
    for piece in pieces:
        design = piece.get("design")
        for language in piece_languages(piece, root, tuple(ctxs)):
            ctx = replace(ctxs[language], review_pending=review_pending(piece, language, root))
            if piece.get("document"):
                _document(piece, ctx, result, cache, root)
            elif not design:
                _uploaded(piece, ctx, result, cache, root)
            elif design["template"] == "afiche-regional":
                _poster(piece, ctx, territories, result, cache)
            else:
                _aviso(piece, ctx, result, cache)
    return result


def _aviso(piece: dict, ctx: graphics.Context, result: Result, cache: Path | None) -> None:
    pid, language = piece["id"], ctx.language
    base = f"{OUT}/{pid}/{pid}-{language}"
    downloads: list[Download] = []
    kit: dict[str, bytes] = {}
    square_svg = ""
    for fmt in graphics.SOCIAL + graphics.PAPER:
        sc = graphics.scene(piece, fmt, ctx)
        source = graphics.svg(sc)
        if fmt.kind == "png":
            path = f"{base}-{fmt.width}x{fmt.height}.png"
            data = _cached(result, cache, ("png", fmt.width, fmt.height, source),
                           lambda: render.png(source, fmt.width, fmt.height))
        else:
            path = f"{base}-{fmt.name}.pdf"
            data = _cached(result, cache, ("pdf", str(piece["date"]), sc.title, source),
                           lambda: render.pdf([source], created=piece["date"], title=sc.title, language=language))
        result.files[path] = data
        kit[path.rsplit("/", 1)[1]] = data
        downloads.append(Download(path, fmt.kind, fmt.name, language))
        if fmt.name == "cuadrado":
            square_svg = source
            result.words[(pid, language)] = sc.words
        if fmt.name == "a4":
            path = f"{base}-a4-imprenta.pdf"
            result.files[path] = kit[path.rsplit("/", 1)[1]] = _print_pdf(piece, sc, result, cache)
            downloads.append(Download(path, "pdf", "imprenta", language))
    source_path = f"{base}.svg"
    result.files[source_path] = square_svg.encode("utf-8")
    kit[source_path.rsplit("/", 1)[1]] = result.files[source_path]
    downloads.append(Download(source_path, "svg", "fuente", language))
    preview = f"{base}-vista.png"
    height = PREVIEW_WIDTH
    result.files[preview] = _cached(result, cache, ("preview", PREVIEW_WIDTH, square_svg),
                                    lambda: render.png(square_svg, PREVIEW_WIDTH, height))
    result.previews[(pid, language)] = (preview, PREVIEW_WIDTH, height)
    kit.update(_kit_texts(piece, ctx, result.words[(pid, language)]))
    zip_path = f"{base}-kit.zip"
    result.files[zip_path] = make_zip(kit, piece["date"])
    downloads.append(Download(zip_path, "zip", "kit", language))
    result.downloads[(pid, language)] = downloads


def _poster(piece: dict, ctx: graphics.Context, territories, result: Result, cache: Path | None) -> None:
    pid, language = piece["id"], ctx.language
    downloads: list[Download] = []
    kit: dict[str, bytes] = {}
    for index, region in enumerate(region_pages(territories, ctx.site_url, language, ctx.strings)):
        for fmt in graphics.PAPER:
            sc = graphics.scene(piece, fmt, ctx, region=region)
            source = graphics.svg(sc)
            name = f"{pid}-{language}-{region['slug']}-{fmt.name}.pdf"
            path = f"{OUT}/{pid}/{language}/{name}"
            data = _cached(result, cache, ("pdf", str(piece["date"]), sc.title, source),
                           lambda: render.pdf([source], created=piece["date"], title=sc.title, language=language))
            result.files[path] = data
            kit[name] = data
            downloads.append(Download(path, "pdf", fmt.name, language, region=region["code"]))
            if fmt.name == "a4":
                name = f"{pid}-{language}-{region['slug']}-a4-imprenta.pdf"
                path = f"{OUT}/{pid}/{language}/{name}"
                result.files[path] = kit[name] = _print_pdf(piece, sc, result, cache)
                downloads.append(Download(path, "pdf", "imprenta", language, region=region["code"]))
            if index == 0 and fmt.name == "a4":
                result.words[(pid, language)] = sc.words
                preview = f"{OUT}/{pid}/{pid}-{language}-vista.png"
                height = round(PREVIEW_WIDTH * fmt.height / fmt.width)
                result.files[preview] = _cached(result, cache, ("preview", PREVIEW_WIDTH, source),
                                                lambda: render.png(source, PREVIEW_WIDTH, height))
                result.previews[(pid, language)] = (preview, PREVIEW_WIDTH, height)
    kit.update(_kit_texts(piece, ctx, result.words[(pid, language)]))
    zip_path = f"{OUT}/{pid}/{pid}-{language}-kit.zip"
    result.files[zip_path] = make_zip(kit, piece["date"])
    downloads.append(Download(zip_path, "zip", "kit", language))
    result.downloads[(pid, language)] = downloads


def _uploaded(piece: dict, ctx: graphics.Context, result: Result, cache: Path | None, root: Path) -> None:
    """A piece made outside the site (``files``): its files in this language (else Spanish), a
    preview from its first image, and a kit."""
    pid, language = piece["id"], ctx.language
    files = [f for f in piece["files"] if f["language"] == language] or \
        [f for f in piece["files"] if f["language"] == "es"] or piece["files"]
    downloads: list[Download] = []
    kit: dict[str, bytes] = {}
    for file in files:
        name = file["path"].rsplit("/", 1)[1]
        # Checked by the data's checks (mitp.core.files); resolved again so a link made since
        # cannot bring a file from outside materials/ into the site.
        content = safe_files.confined(root, file["path"], "materials").read_bytes()
        path = f"{OUT}/{pid}/{name}"
        result.files[path] = content
        kit[name] = content
        downloads.append(Download(path, name.rsplit(".", 1)[1], "archivo", file["language"]))
        if name.endswith((".png", ".jpg")) and (pid, language) not in result.previews:
            preview = f"{OUT}/{pid}/{pid}-{language}-vista.png"
            result.files[preview] = _cached(result, cache, ("thumbnail", PREVIEW_WIDTH, hashlib.sha256(content).hexdigest()),
                                            lambda: _thumbnail(content))
            from PIL import Image
            width, height = Image.open(io.BytesIO(result.files[preview])).size
            result.previews[(pid, language)] = (preview, width, height)
    image_text = text(piece.get("image_text"), language)
    result.words[(pid, language)] = image_text["text"].splitlines() if image_text else []
    kit.update(_kit_texts(piece, ctx, result.words[(pid, language)]))
    zip_path = f"{OUT}/{pid}/{pid}-{language}-kit.zip"
    result.files[zip_path] = make_zip(kit, piece["date"])
    downloads.append(Download(zip_path, "zip", "kit", language))
    result.downloads[(pid, language)] = downloads


def _print_pdf(piece: dict, sc: graphics.Scene, result: Result, cache: Path | None) -> bytes:
    """The print-shop PDF of a paper scene: 3 mm bleed and crop marks (graphics.print_sheet)."""
    bled, sheet = graphics.print_sheet(sc)
    source = graphics.svg(bled, sheet)
    return _cached(result, cache, ("pdf", str(piece["date"]), sc.title, source),
                   lambda: render.pdf([source], created=piece["date"], title=sc.title, language=sc.language))


def _document(piece: dict, ctx: graphics.Context, result: Result, cache: Path | None, root: Path) -> None:
    """A page of the site as PDF (A4 and Carta), with a preview of its first page and a kit."""
    from mitp.materials import document

    pid, language = piece["id"], ctx.language
    slug = piece["document"]["page"]
    markdown = (root / "docs" / language / f"{slug}.md").read_text("utf-8")
    title = text(piece["title"], language)["text"]
    url = graphics.page_url(ctx.site_url, language, slug)
    downloads: list[Download] = []
    kit: dict[str, bytes] = {}
    for fmt in graphics.PAPER:
        pages = [graphics.svg(sc) for sc in document.scenes(markdown, title=title, language=language,
                                                               strings=ctx.strings, url=url,
                                                               channel_lines=ctx.channel_lines, fmt=fmt)]
        path = f"{OUT}/{pid}/{pid}-{language}-{fmt.name}.pdf"
        result.files[path] = _cached(result, cache, ("pdf", str(piece["date"]), title, tuple(pages)),
                                     lambda: render.pdf(pages, created=piece["date"], title=title, language=language))
        kit[path.rsplit("/", 1)[1]] = result.files[path]
        downloads.append(Download(path, "pdf", fmt.name, language))
        if fmt.name == "a4":
            preview = f"{OUT}/{pid}/{pid}-{language}-vista.png"
            height = round(PREVIEW_WIDTH * fmt.height / fmt.width)
            first = pages[0]
            result.files[preview] = _cached(result, cache, ("preview", PREVIEW_WIDTH, first),
                                            lambda: render.png(first, PREVIEW_WIDTH, height))
            result.previews[(pid, language)] = (preview, PREVIEW_WIDTH, height)
    result.words[(pid, language)] = []
    kit.update(_kit_texts(piece, ctx, []))
    zip_path = f"{OUT}/{pid}/{pid}-{language}-kit.zip"
    result.files[zip_path] = make_zip(kit, piece["date"])
    downloads.append(Download(zip_path, "zip", "kit", language))
    result.downloads[(pid, language)] = downloads


def _thumbnail(content: bytes) -> bytes:
    from PIL import Image
    image = Image.open(io.BytesIO(content)).convert("RGB")
    image.thumbnail((PREVIEW_WIDTH, PREVIEW_WIDTH * 2))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def post_text(piece: dict, ctx: graphics.Context) -> str:
    """The text to publish with the image: the heading, the points and where to read more."""
    design = piece.get("design")
    if not design:
        lines = [text(piece["title"], ctx.language)["text"], text(piece["description"], ctx.language)["text"]]
        if piece.get("document"):
            lines.append(graphics.page_url(ctx.site_url, ctx.language, piece["document"]["page"]))
        return "\n\n".join(lines)
    from mitp.materials.data import fill
    lines = [fill(text(design["heading"], ctx.language)["text"], ctx.numbers), ""]
    lines += [f"- {fill(text(p, ctx.language)['text'], ctx.numbers)}" for p in design["points"]]
    lines += ["", f"{ctx.strings['materials_more']} {graphics.page_url(ctx.site_url, ctx.language, design['page'])}"]
    return "\n".join(lines)


def _kit_texts(piece: dict, ctx: graphics.Context, words: list[str]) -> dict[str, bytes]:
    """The kit's read-me and licence files, worded with the language's interface strings."""
    language, s = ctx.language, ctx.strings
    title = text(piece["title"], language)["text"]
    licence = licence_text(piece["licence"], s, text(piece["institution"], language)["text"])
    review = [s["translation_review"], ""] if ctx.review_pending else []
    readme = "\n".join([
        title, "=" * len(title), "", *review, text(piece["description"], language)["text"], "",
        f"{s['materials_post']}:", "", post_text(piece, ctx), "",
        f"{s['materials_kit_alt']}:", "", text(piece["alt"], language)["text"], "",
        f"{s['materials_words']}:", "", *words, "",
        f"{s['materials_institution']}: {text(piece['institution'], language)['text']}",
        f"{s['materials_licence']}: {licence}", "",
    ])
    return {s["materials_kit_readme_file"]: readme.replace("\n", "\r\n").encode("utf-8"),
            s["materials_kit_licence_file"]: (licence + "\r\n").encode("utf-8")}


def make_zip(members: dict[str, bytes], when) -> bytes:
    """A ZIP whose bytes depend only on ``members``: sorted names, fixed dates and permissions."""
    buffer = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(safe_files.member_name(name), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def _cached(result: Result, cache: Path | None, key: tuple, make) -> bytes:
    digest = hashlib.sha256(repr((ENGINE,) + key).encode("utf-8")).hexdigest()
    if cache is not None:
        hit = cache / digest[:2] / digest
        if hit.exists():
            return hit.read_bytes()
    data = make()
    result.rendered += 1
    if cache is not None:
        hit.parent.mkdir(parents=True, exist_ok=True)
        # A temporary file of its own: two builds at once (test workers, serve + build) never collide.
        fd, tmp = tempfile.mkstemp(dir=hit.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, hit)
    return data


def size_text(size: int, language: str) -> str:
    """The site's one size rule (``mitp.i18n.format_size``): '86 kB', '1,3 MB', '1.3 MB'."""
    return i18n.format_size(size, language)

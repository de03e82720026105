"""Files an editor names in a data file (materials, podcast): kept inside their folder, and checked
for active content before the site publishes them as its own.

One place for these rules, shared by every content type that names files:

- ``confined(root, relative, folder)``: the file, resolved (symbolic links followed), or
  ``UnsafeFileError`` when it leaves ``root/folder`` (an absolute path, ``..``, a link that points
  elsewhere: ``.git/config`` or anywhere on the machine).
- ``content_problem(path, relative)``: why a file cannot be published, by its kind: an SVG with a
  script, an event attribute (``onload=``), ``<foreignObject>``, a reference to another file or
  site, or a DTD (entities); a PDF with JavaScript or a launch, submit or import action (its bytes
  and its compressed streams are read); an image larger than ``MAX_PIXELS`` (checked from its
  header, before any pixel is decoded: a decompression bomb costs nothing) or that is not what its
  extension says.
- ``member_name(name)``: a name usable inside a ZIP kit (no folders, no ``..``): no zip slip.

Every message is Spanish, names the file and says what to do; callers report it at the YAML line
of the field that names the file.
"""
from __future__ import annotations

import re
import zlib
from pathlib import Path, PurePosixPath

# Largest image the site reads (pixels): the podcast's artwork is at most 3000×3000, a social
# graphic 1080×1920. Pillow refuses more than twice its own limit; this one is stricter.
MAX_PIXELS = 25_000_000
# Bytes of a PDF's compressed streams read at most when looking for scripts (a zip bomb in a PDF
# stops here; a real 2 MB leaflet decompresses to far less).
MAX_INFLATED = 64 * 1024 * 1024


class UnsafeFileError(ValueError):
    """A file named in data that leaves its folder or carries active content (Spanish message)."""


def confined(root: Path, relative: str, folder: str) -> Path:
    """``root/relative`` resolved, if it stays inside ``root/folder``; else ``UnsafeFileError``."""
    pure = PurePosixPath(relative)
    if relative.startswith(("/", "\\")) or pure.is_absolute() or re.match(r"^[A-Za-z]:", relative):
        raise UnsafeFileError(f"{relative}: es una ruta absoluta; escribe la ruta desde la carpeta del "
                              f"repositorio, dentro de {folder}/ (p. ej. {folder}/<nombre>)")
    if "\\" in relative or ".." in pure.parts:
        raise UnsafeFileError(f"{relative}: la ruta no puede usar '..' ni '\\'; guarda el archivo dentro de "
                              f"{folder}/ y escribe su ruta desde ahí")
    base = (Path(root) / folder).resolve()
    target = (Path(root) / relative).resolve()
    if not target.is_relative_to(base):
        raise UnsafeFileError(f"{relative}: la ruta sale de la carpeta {folder}/ del repositorio (es un enlace "
                              "simbólico que apunta a otro lugar); guarda ahí el archivo mismo, no un enlace")
    return target


def member_name(name: str) -> str:
    """``name`` as a file name inside a ZIP: no folders, no '..', no control characters."""
    cleaned = re.sub(r"[\x00-\x1f\x7f/\\:]+", "-", name).strip().lstrip(".").strip()
    return cleaned or "archivo"


def name_problem(name: str) -> str | None:
    """Why ``name`` (an interface string used as a file name) cannot name a file, or None."""
    if member_name(name) != name:
        return (f"'{name}' se usa como nombre de archivo: no puede tener '/', '\\', ':', caracteres de "
                "control ni empezar con '.' (p. ej. LEEME.txt)")
    return None


def content_problem(path: Path, relative: str) -> str | None:
    """Why the file at ``path`` (named ``relative`` in the data) cannot be published, or None."""
    suffix = Path(relative).suffix.lower()
    if suffix == ".svg":
        return svg_problem(path.read_bytes(), relative)
    if suffix == ".pdf":
        return pdf_problem(path.read_bytes(), relative)
    if suffix in (".png", ".jpg", ".jpeg"):
        return image_problem(path, relative)
    return None


# Files under docs/ besides pages

_NOT_IN_DOCS = (".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".xml", ".xsl", ".swf")


def page_file_problem(path: Path, where: str) -> str | None:
    """Why a file under docs/ that is not a Markdown page cannot be published, or None."""
    if where.lower().endswith(_NOT_IN_DOCS):
        return (f"{where}: los archivos HTML, XML o JavaScript escritos a mano no se publican (se servirían "
                "desde la dirección del sitio sin las revisiones de las páginas); escribe la página en Markdown (.md)")
    return content_problem(path, where)


# SVG

_SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_URL_IN_STYLE = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(", re.I)
_ACTIVE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


def svg_problem(content: bytes, relative: str) -> str | None:
    """An SVG is published only without scripts, event attributes, foreignObject, DTDs and
    references to anything but its own elements (``href="#id"``)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring
    from xml.etree.ElementTree import ParseError

    def local(name: str) -> str:
        return name.rsplit("}", 1)[-1].lower()

    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return (f"{relative}: el SVG declara un DTD o entidades XML, que pueden leer otros archivos o agotar la "
                "memoria; expórtalo de nuevo como 'SVG simple' (sin DOCTYPE)")
    except ParseError as exc:
        return f"{relative}: no es un SVG válido ({exc}); expórtalo de nuevo desde el programa de diseño"
    if local(root.tag) != "svg":
        return f"{relative}: no es un SVG (su elemento raíz es <{local(root.tag)}>)"
    for element in root.iter():
        tag = local(element.tag)
        if tag in _SVG_FORBIDDEN:
            return (f"{relative}: el SVG tiene <{tag}>, que ejecuta código o incrusta otro documento al abrirlo "
                    "desde el sitio; quítalo o publica la pieza como PNG o PDF")
        if tag == "style" and _URL_IN_STYLE.search(element.text or ""):
            return (f"{relative}: el SVG tiene un estilo que carga otro archivo (url(…) o @import): cada carga "
                    "avisa a otro sitio de quién lee; quítalo o convierte el texto en trazos")
        for name, value in element.attrib.items():
            attribute = local(name)
            if attribute.startswith("on"):
                return (f"{relative}: el SVG tiene el atributo {attribute}=, que ejecuta código al abrirlo desde el "
                        "sitio; quítalo (expórtalo como 'SVG simple')")
            if attribute in ("href", "src") and not value.strip().startswith("#"):
                return (f"{relative}: el SVG hace referencia a '{value[:80]}': solo puede usar sus propios elementos "
                        "(href=\"#id\"); incrusta la imagen o convierte el texto en trazos, sin enlaces a otros "
                        "archivos o sitios")
            if _ACTIVE_SCHEME.match(value) or (attribute == "style" and _URL_IN_STYLE.search(value)):
                return (f"{relative}: el SVG tiene en {attribute}= un valor que ejecuta código o carga otro "
                        "archivo; quítalo")
    return None


# PDF

# Names of actions that run code, open programs, send or read data, or embed files.
_PDF_ACTIVE = {"JavaScript": "JavaScript", "JS": "JavaScript", "Launch": "una acción que abre programas",
               "SubmitForm": "un formulario que envía datos", "ImportData": "una acción que importa datos",
               "RichMedia": "contenido multimedia activo", "EmbeddedFile": "archivos incrustados",
               "EmbeddedFiles": "archivos incrustados", "XFA": "un formulario XFA con scripts"}
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_STREAM = re.compile(rb"stream\r?\n")


def pdf_problem(content: bytes, relative: str) -> str | None:
    """A PDF is published only without JavaScript or launch/submit/import actions, in its objects
    or in its compressed streams (object streams hide dictionaries there)."""
    if not content.startswith(b"%PDF-"):
        return f"{relative}: no es un PDF (no empieza con %PDF-); expórtalo de nuevo como PDF"
    budget = [MAX_INFLATED]
    for chunk in _pdf_chunks(content, budget):
        for match in _PDF_NAME.finditer(chunk):
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group(1))
            found = _PDF_ACTIVE.get(name.decode("latin-1"))
            if found:
                return (f"{relative}: el PDF contiene {found} (/{name.decode('latin-1')}), que el lector de PDF "
                        "puede ejecutar al abrirlo; expórtalo de nuevo como PDF simple o PDF/A, sin scripts, "
                        "formularios ni adjuntos")
    if budget[0] <= 0:
        return (f"{relative}: el PDF se expande a más de {MAX_INFLATED // (1024 * 1024)} MB al descomprimirlo; "
                "expórtalo de nuevo (comprimido normal)")
    return None


def _pdf_chunks(content: bytes, budget: list[int]):
    yield content
    for match in _PDF_STREAM.finditer(content):
        if budget[0] <= 0:
            return
        end = content.find(b"endstream", match.end())
        raw = content[match.end(): end if end != -1 else len(content)]
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, budget[0])
        except zlib.error:
            continue
        budget[0] -= len(data)
        if inflater.unconsumed_tail:
            budget[0] = 0
        yield data


# Images


def image_problem(path: Path, relative: str) -> str | None:
    """An image's size and kind read from its header only (Pillow does not decode pixels in open)."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    expected = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}.get(Path(relative).suffix.lower())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
    except Image.DecompressionBombError:
        return _too_big(relative, None, None)
    except (UnidentifiedImageError, OSError, ValueError):
        return f"{relative}: no se pudo leer la imagen; guárdala de nuevo como PNG o JPEG"
    if width * height > MAX_PIXELS:
        return _too_big(relative, width, height)
    if expected and kind != expected:
        return f"{relative}: la imagen es {kind} pero su extensión dice {expected}; guárdala con la extensión correcta"
    return None


def _too_big(relative: str, width, height) -> str:
    size = f" ({width}×{height} px)" if width else ""
    return (f"{relative}: la imagen es demasiado grande{size}: el máximo es {MAX_PIXELS // 1_000_000} millones "
            "de píxeles (p. ej. 5000×5000); redúcela antes de agregarla")

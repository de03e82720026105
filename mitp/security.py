"""Content-Security-Policy and link hygiene for built pages (plain functions, no MkDocs).

The policy allows only the site's own origin. Inline scripts are allowed by their SHA-256 hash,
and only the theme's own known ones (Material's small bootstrap scripts, ``THEME_SCRIPTS``): a
script pasted into a page's Markdown is refused when the page is read (``content_problems``,
with file and line), and any other inline script found in a built page stops the build.

While ``mkdocs serve`` previews the site, its live-reload script (inline, different on every
request) must run: ``policy(serving=True)`` allows inline scripts for that preview only; the
published site never carries that policy (a test checks both).
"""
from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

# Directives that a <meta> tag can carry. frame-ancestors cannot be set by <meta>:
# it is in the HTTP header set (headers_file) for hosts that support one.
BASE_POLICY = {
    "default-src": ["'self'"],
    # 'wasm-unsafe-eval': the site search (Pagefind) compiles its WebAssembly; it allows no eval()
    # of JavaScript and no script from elsewhere (README, "Rendimiento").
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPES = re.compile(r"""type\s*=\s*["']?(application/(ld\+)?json|text/template)""", re.I)
_HEAD = re.compile(r"<head[^>]*>", re.I)
# The site's own inline stylesheet: the CSS of the first screen (mitp/stylesheets.py, issue 24).
_OWN_STYLE = re.compile(r"<style data-mitp-critical>(?P<body>.*?)</style>", re.S)
_META_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")(?P<policy>[^"]*)(">)')
_ANCHOR = re.compile(r"<a\s(?P<attrs>[^>]*)>", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(["'])(?P<url>[^"']*)\1""", re.I)
_REL = re.compile(r"""\brel\s*=\s*(["'])(?P<rel>[^"']*)\1""", re.I)


# The inline scripts Material 9.8 writes into every page (the bootstrap that sets the site's scope
# and storage helpers, and the script that opens the element named by the URL's #fragment).
THEME_SCRIPTS = (
    re.compile(r'^__md_scope=new URL\("[./]*",location\),__md_hash='),
    re.compile(r"^var target=document\.getElementById\(location\.hash\.slice\(1\)\);"),
)


class UnknownScriptError(ValueError):
    """A built page carries an inline script that is not one of the theme's own."""


def _executable_inline_scripts(html: str):
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I) or _DATA_TYPES.search(attrs):
            continue
        yield match.group("body")


def is_theme_script(body: str) -> bool:
    return any(pattern.match(body) for pattern in THEME_SCRIPTS)


def unknown_inline_scripts(html: str) -> list[str]:
    """The executable inline scripts of a page that are not the theme's own (their first words)."""
    return [body[:80] for body in _executable_inline_scripts(html) if not is_theme_script(body)]


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-…') for the theme's own inline scripts of a page."""
    hashes = []
    for body in _executable_inline_scripts(html):
        if not is_theme_script(body):
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def inline_style_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-…') for the site's own inline <style> of a page (the CSS of
    its first screen); any other inline <style> stays blocked."""
    hashes = []
    for match in _OWN_STYLE.finditer(html):
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def allow_inline_styles(html: str) -> str:
    """The page with the hashes of its own inline <style> in its CSP <meta> (style-src); run after
    ``add_csp_meta`` once the styles are in the page."""
    hashes = inline_style_hashes(html)
    match = _META_CSP.search(html)
    if not hashes or not match:
        return html
    directives = [d.strip() for d in match.group("policy").split(";")]
    for i, directive in enumerate(directives):
        if directive.split(" ", 1)[0] == "style-src":
            sources = directive.split()[1:]
            directives[i] = " ".join(["style-src"] + sources + [h for h in hashes if h not in sources])
    return html[: match.start("policy")] + "; ".join(directives) + html[match.end("policy"):]


def policy(extra_script_sources: list[str] = (), *, serving: bool = False, style_sources: list[str] = ()) -> str:
    directives = dict(BASE_POLICY)
    directives["style-src"] = directives["style-src"] + list(style_sources)
    if serving:
        # mkdocs serve injects an inline live-reload script that differs on every request; a hash
        # in the list would make browsers ignore 'unsafe-inline', so none is given. Preview only.
        directives["script-src"] = directives["script-src"] + ["'unsafe-inline'"]
    else:
        directives["script-src"] = directives["script-src"] + list(extra_script_sources)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_csp_meta(html: str, *, serving: bool = False) -> str:
    """The page with a CSP <meta> as the first element of <head>; refuses unknown inline scripts."""
    unknown = unknown_inline_scripts(html)
    if unknown:
        raise UnknownScriptError("la página tiene un script en línea que no es del tema: "
                                 + "; ".join(repr(u) for u in unknown))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(html), serving=serving)}">'
    match = _HEAD.search(html)
    if not match:
        raise ValueError("page without <head>: cannot add the Content-Security-Policy")
    return html[: match.end()] + meta + html[match.end():]


def harden_external_links(html: str, site_url: str) -> str:
    """rel="noopener noreferrer" on every link to another origin."""
    own = urlsplit(site_url)

    def fix(match: re.Match) -> str:
        attrs = match.group("attrs")
        href = _HREF.search(attrs)
        if not href:
            return match.group(0)
        url = urlsplit(href.group("url"))
        if url.scheme not in ("http", "https") or (url.scheme, url.netloc) == (own.scheme, own.netloc):
            return match.group(0)
        rel = _REL.search(attrs)
        if rel:
            values = rel.group("rel").split()
            values += [v for v in ("noopener", "noreferrer") if v not in values]
            attrs = attrs[: rel.start()] + f'rel="{" ".join(values)}"' + attrs[rel.end():]
        else:
            attrs = attrs.rstrip() + ' rel="noopener noreferrer"'
        return f"<a {attrs}>"

    return _ANCHOR.sub(fix, html)


def header_set(script_hashes: list[str], style_hashes: list[str] = ()) -> list[tuple[str, str]]:
    """The HTTP security headers of every response: one policy for every kind of server.

    Browsers enforce every policy they receive, so the header allows the inline
    scripts and the site's own inline styles of all pages (their hashes) and adds what a <meta>
    cannot set.
    ``headers_file``, ``nginx_conf`` and ``apache_conf`` all write this list, so they cannot drift.
    """
    headers = [
        ("Content-Security-Policy",
         f"{policy(sorted(script_hashes), style_sources=sorted(style_hashes))}; frame-ancestors 'none'"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    for name, value in headers:
        if any(c in value for c in '"\\\r\n'):
            raise ValueError(f"header {name} cannot be quoted for nginx/Apache: {value!r}")
    return headers


def headers_file(script_hashes: list[str], style_hashes: list[str] = ()) -> str:
    """A `_headers` file (Netlify, Cloudflare Pages and compatible hosts) with the header set."""
    lines = ["# Security headers for every path; generated at build by hooks/security.py.", "/*"]
    lines += [f"  {name}: {value}" for name, value in header_set(script_hashes, style_hashes)]
    return "\n".join(lines) + "\n"


# File types the site serves that an older server's mime.types may lack: the podcast's WebVTT
# captions (a browser ignores a <track> served as anything but text/vtt) and the activities'
# iCalendar files (a phone offers "add to calendar" for text/calendar). Netlify, Cloudflare Pages
# and GitHub Pages already send these; nginx and Apache get them from their files below.
CONTENT_TYPES: tuple[tuple[str, str], ...] = (("vtt", "text/vtt"), ("ics", "text/calendar"))


def nginx_conf(script_hashes: list[str], style_hashes: list[str] = ()) -> str:
    """An nginx snippet to ``include`` in the ``server { }`` block that serves the built site."""
    lines = [
        "# Security headers for the MITP site; generated at build by hooks/security.py (mitp/security.py).",
        "# Use: include /ruta/al/sitio/_nginx.conf;  inside the server { } block that serves the site.",
        "# nginx drops inherited add_header lines in a location { } that has its own add_header:",
        "# include this file again in such a location.",
    ]
    lines += [f'add_header {name} "{value}" always;' for name, value in header_set(script_hashes, style_hashes)]
    lines.append("# Types some mime.types lack (an empty types block makes default_type apply; these locations")
    lines.append("# have no add_header of their own, so they keep the headers above).")
    lines += [f'location ~* \\.{ext}$ {{ types {{ }} default_type "{kind}; charset=utf-8"; }}'
              for ext, kind in CONTENT_TYPES]
    return "\n".join(lines) + "\n"


def apache_conf(script_hashes: list[str], style_hashes: list[str] = ()) -> str:
    """An Apache ``.htaccess`` (or ``<Directory>`` block content) with the header set (mod_headers)."""
    lines = [
        "# Security headers for the MITP site; generated at build by hooks/security.py (mitp/security.py).",
        "# Needs mod_headers (a2enmod headers) and AllowOverride FileInfo, or copy these lines into the",
        "# <Directory> block of the site in the server configuration.",
        "<IfModule mod_headers.c>",
    ]
    lines += [f'  Header always set {name} "{value}"' for name, value in header_set(script_hashes, style_hashes)]
    lines.append("</IfModule>")
    lines.append("# Types some mime.types lack (mod_mime).")
    lines.append("<IfModule mod_mime.c>")
    lines += [f"  AddType {kind} .{ext}" for ext, kind in CONTENT_TYPES]
    lines.append(f"  AddCharset utf-8 {' '.join('.' + ext for ext, _ in CONTENT_TYPES)}")
    lines.append("</IfModule>")
    return "\n".join(lines) + "\n"


# Files written next to the built pages, by name: each server reads its own.
SERVER_FILES = {"_headers": headers_file, "_nginx.conf": nginx_conf, ".htaccess": apache_conf}


# What a page's Markdown may not carry (checked when the page is read, with the file's line)

_FORBIDDEN_TAGS = re.compile(r"<\s*(script|iframe|embed|object|frame|frameset|applet|base|meta|link|style|form)\b", re.I)
_EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I)
_MEDIA_TAG = re.compile(r"<\s*(img|audio|video|source|track|input)\b[^>]*\b(src|srcset|poster)\s*=\s*[\"']?(?P<url>[^\"'\s>]+)", re.I)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<url>[^)\s>]+)")
_STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
_FENCE = re.compile(r"^\s*(```|~~~)")

_INSTEAD = {
    "script": "el sitio no ejecuta scripts escritos en las páginas (política de seguridad); "
              "si hace falta un comportamiento, pide que se agregue al tema",
    "iframe": "el sitio no incrusta contenido de otros sitios (privacidad: cada incrustación avisa a ese "
              "sitio de quién lee); descarga la pieza (imagen, video, audio, documento), publícala en el sitio "
              "con su texto alternativo y enlaza la original si hace falta",
    "style": "los estilos en línea están bloqueados por la política de seguridad; usa las clases del tema",
}


def content_problems(markdown: str, where: str, site_url: str = "", *, first_line: int = 1) -> list[str]:
    """``where:LINE: …`` for each thing a page may not carry, with what to do instead
    (``first_line``: the file's line of the Markdown's first line, after the front matter)."""
    own = urlsplit(site_url)
    problems: list[str] = []
    fenced = False
    for number, line in enumerate(markdown.splitlines(), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in _FORBIDDEN_TAGS.finditer(line):
            tag = match.group(1).lower()
            reason = _INSTEAD["script"] if tag == "script" else _INSTEAD["style"] if tag == "style" else _INSTEAD["iframe"]
            problems.append(f"{where}:{number}: <{tag}> no está permitido: {reason}")
        for match in _EVENT_ATTRIBUTE.finditer(line):
            problems.append(f"{where}:{number}: el atributo {match.group(1)}= ejecuta código: {_INSTEAD['script']}")
        if _STYLE_ATTRIBUTE.search(line):
            problems.append(f"{where}:{number}: style=\"…\" no está permitido: {_INSTEAD['style']}")
        for pattern in (_MEDIA_TAG, _MD_IMAGE):
            for match in pattern.finditer(line):
                url = urlsplit(match.group("url"))
                foreign = url.scheme in ("http", "https") and (url.scheme, url.netloc) != (own.scheme, own.netloc)
                if foreign or url.netloc or match.group("url").startswith("//"):
                    problems.append(f"{where}:{number}: imagen o medio de otro sitio ({match.group('url')}): "
                                    f"{_INSTEAD['iframe']}")
    return problems


# What a rendered page may not carry (after every Markdown extension, include and marker)

# Attributes whose value is fetched or followed as a URL.
_URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "poster", "data", "srcset",
                   "background", "cite", "ping"}
# Elements whose URL attributes the browser fetches by itself (a link is followed only on a click).
_FETCHING = {"img", "image", "audio", "video", "source", "track", "input", "use", "feimage", "embed",
             "object", "iframe", "frame", "script", "link"}
_ACTIVE_TAGS = {"iframe", "embed", "object", "frame", "frameset", "applet", "base", "meta", "link",
                "foreignobject"}
_ACTIVE_URL = re.compile(r"^(javascript|vbscript|data):", re.I)
_RASTER_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp)[;,]", re.I)


def rendered_problems(html: str, where: str, site_url: str = "", *, source: str = "") -> list[str]:
    """``where:LINE: …`` for what a rendered page's content may not carry: event attributes (on any
    element, SVG included, however split over lines), ``javascript:``/``vbscript:``/``data:`` URLs,
    media fetched from another origin (reference-style images, SVG ``<image href>``), scripts and
    embeds. LINE is found in ``source`` (the page's Markdown file) when the text is there."""
    from html.parser import HTMLParser

    own = urlsplit(site_url)
    found: list[tuple[str, str]] = []   # (text to find in the source, message)

    class Guard(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tag = tag.lower()
            if tag == "script":
                kind = dict(attrs).get("type") or ""
                if not _DATA_TYPES.search(f'type="{kind}"'):
                    found.append(("<script", f"<script> no está permitido: {_INSTEAD['script']}"))
                    return
            if tag in _ACTIVE_TAGS:
                found.append((f"<{tag}", f"<{tag}> no está permitido: {_INSTEAD['iframe']}"))
            for name, value in attrs:
                name = name.lower()
                if name.startswith("on"):
                    found.append((name, f"el atributo {name}= ejecuta código: {_INSTEAD['script']}"))
                    continue
                if name not in _URL_ATTRIBUTES or value is None:
                    continue
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    bare = re.sub(r"[\x00-\x20]", "", url)
                    if _ACTIVE_URL.match(bare) and not (tag == "img" and name == "src" and _RASTER_DATA.match(bare)):
                        found.append((url.strip()[:40], f"el enlace o recurso '{url.strip()[:60]}' usa un esquema que "
                                                        "ejecuta código o esconde contenido (javascript:, vbscript:, "
                                                        "data:); enlaza una dirección https:// o una página del sitio"))
                    elif tag in _FETCHING and name != "action":
                        parts = urlsplit(bare)
                        foreign = (parts.netloc or bare.startswith("//")) and \
                            (parts.scheme or "https", parts.netloc) != (own.scheme, own.netloc)
                        if foreign:
                            found.append((url.strip()[:60], f"imagen o medio de otro sitio ({url.strip()[:80]}): "
                                                            f"{_INSTEAD['iframe']}"))

        handle_startendtag = handle_starttag

    guard = Guard(convert_charrefs=True)
    guard.feed(html)
    guard.close()
    problems = []
    lines = source.splitlines()
    for needle, message in found:
        line = next((n for n, text in enumerate(lines, start=1) if needle and needle.lower() in text.lower()), None)
        at = f"{where}:{line}" if line else f"{where} (en el HTML generado)"
        problem = f"{at}: {message}"
        if problem not in problems:
            problems.append(problem)
    return problems

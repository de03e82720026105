"""Content-Security-Policy and link hygiene for built pages (plain functions, no MkDocs).

The policy allows only the site's own origin. Inline scripts (Material's small
bootstrap script) are allowed by their SHA-256 hash, computed from each built
page, so that nothing else inline can run.
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
_ANCHOR = re.compile(r"<a\s(?P<attrs>[^>]*)>", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(["'])(?P<url>[^"']*)\1""", re.I)
_REL = re.compile(r"""\brel\s*=\s*(["'])(?P<rel>[^"']*)\1""", re.I)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-…') for every executable inline script of a page."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I) or _DATA_TYPES.search(attrs):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(extra_script_sources: list[str] = ()) -> str:
    directives = dict(BASE_POLICY)
    directives["script-src"] = directives["script-src"] + list(extra_script_sources)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_csp_meta(html: str) -> str:
    """The page with a CSP <meta> as the first element of <head>."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(html))}">'
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


def headers_file(script_hashes: list[str]) -> str:
    """A `_headers` file (Netlify, Cloudflare Pages and compatible hosts) with the header set.

    Browsers enforce every policy they receive, so the header allows the inline
    scripts of all pages (their hashes) and adds what a <meta> cannot set.
    """
    return (
        "# Security headers for every path; generated at build by hooks/security.py.\n"
        "/*\n"
        f"  Content-Security-Policy: {policy(sorted(script_hashes))}; frame-ancestors 'none'\n"
        "  Referrer-Policy: no-referrer\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Permissions-Policy: camera=(), microphone=(), geolocation=()\n"
        "  Cross-Origin-Opener-Policy: same-origin\n"
    )

"""Stylesheets on a slow link (issue 24), plain functions with no MkDocs.

- ``reduce_css``: a stylesheet without the rules that can never match the site. A selector *can
  match* when every class, id, attribute (and ``[name=value]`` value) and element type it requires
  is present in some built page or may be added by one of the site's scripts (every word of the
  scripts counts: conservative). What sits inside a functional pseudo-class (``:not()``, ``:is()``,
  ``:where()``, ``:has()``…) is never required. Custom properties (``--name``) that no kept rule
  uses through ``var()`` are dropped too (Material's icons are data URIs held in such properties).
- ``first_screen``: the part of a built page a phone shows before scrolling (the banner, the help
  bar, the header, the navigation drawer and the top of the content): the rules of the site's own
  stylesheets that can match the first screen of some page are inlined with Material's.
- ``deliver``: rewrites the built site that way (hooks/stylesheets.py runs it once every language
  is built).

Selectors and declarations are read with tinycss2 (pinned; a dependency of CairoSVG).
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2


@dataclass
class Features:
    """What a selector may require of a page."""

    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    values: set[tuple[str, str]] = field(default_factory=set)   # (attribute, value)
    any_values: set[str] = field(default_factory=set)           # values a script may give any attribute

    def update(self, other: "Features") -> "Features":
        self.classes |= other.classes
        self.ids |= other.ids
        self.attributes |= other.attributes
        self.tags |= other.tags
        self.values |= other.values
        self.any_values |= other.any_values
        return self

    def has(self, need: "Features") -> bool:
        return (need.classes <= self.classes and need.ids <= self.ids and need.attributes <= self.attributes
                and need.tags <= self.tags
                and all(pair in self.values or pair[1] in self.any_values for pair in need.values))


_TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_SKIP = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)


def html_features(html: str) -> Features:
    """The classes, ids, attributes and element types of an HTML page or fragment."""
    features = Features(tags={"html", "body"})
    for match in _TAG.finditer(_SKIP.sub(" ", html)):
        features.tags.add(match.group(1).lower())
        for attribute in _ATTRIBUTE.finditer(match.group(2)):
            name = attribute.group(1).lower()
            value = next((v for v in attribute.group(2, 3, 4) if v is not None), "")
            features.attributes.add(name)
            features.values.add((name, value))
            if name == "class":
                features.classes.update(value.split())
            elif name == "id" and value:
                features.ids.add(value)
    return features


_WORD = re.compile(r"[A-Za-z_][\w-]*")


def script_features(text: str) -> Features:
    """Every word of a script, as a class, id, attribute, element or value it might add."""
    words = set(_WORD.findall(text))
    lower = {w.lower() for w in words}
    return Features(set(words), set(words), lower, lower, set(), words | lower)


_CONTENT = re.compile(r'<article\b[^>]*class="[^"]*\bmd-content__inner\b', re.I)
FIRST_SCREEN_CHARS = 6000


def first_screen(html: str, chars: int = FIRST_SCREEN_CHARS) -> str:
    """A built page up to ``chars`` characters into its content (Material's ``<article>``).

    Everything before the content (banner, help bar, header, navigation, table of contents) is
    on a phone's first screen or in its drawer; 6,000 characters of the content's HTML are more
    than a phone's first screen shows (about two screens of text). Pages without Material's
    article are taken whole.
    """
    match = _CONTENT.search(html)
    if not match:
        return html
    return re.sub(r"<[^>]*$", "", html[: match.end() + chars])   # without a tag cut in two


# Selectors


def _split_selectors(prelude: list) -> list[list]:
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return [s for s in selectors if any(t.type not in ("whitespace", "comment") for t in s)]


def requires(selector: list) -> Features:
    """What a selector needs of a page (outside functional pseudo-classes)."""
    need = Features()
    previous = None
    for token in selector:
        after = previous.value if previous is not None and previous.type == "literal" else None
        if token.type == "ident":
            if after == ".":
                need.classes.add(token.value)
            elif after != ":" and after != "|":
                need.tags.add(token.value.lower())
        elif token.type == "hash" and token.is_identifier:
            need.ids.add(token.value)
        elif token.type == "[] block":
            parts = [t for t in token.content if t.type not in ("whitespace", "comment")]
            if parts and parts[0].type == "ident":
                name = parts[0].value.lower()
                need.attributes.add(name)
                if (len(parts) >= 3 and parts[1].type == "literal" and parts[1].value == "="
                        and parts[2].type in ("ident", "string") and len(parts) == 3):
                    need.values.add((name, parts[2].value))
        previous = token
    return need


# Stylesheets

_GROUPING = {"media", "supports", "layer", "container", "document", "scope"}
_KEYFRAMES = {"keyframes", "-webkit-keyframes"}
_VAR = re.compile(r"var\(\s*(--[\w-]+)")


def _declarations(content: list) -> list:
    return [d for d in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
            if d.type == "declaration"]


def _parse(rules: list) -> list:
    """``(kind, prelude, body)`` nodes; a rule's prelude is its selectors with what each requires."""
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            out.append(("rule", [(tinycss2.serialize(s).strip(), requires(s)) for s in _split_selectors(rule.prelude)],
                        _declarations(rule.content)))
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            prelude = f"@{rule.at_keyword} {tinycss2.serialize(rule.prelude).strip()}".strip()
            if keyword in _GROUPING and rule.content is not None:
                out.append(("group", prelude, _parse(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                                              skip_whitespace=True))))
            elif keyword in _KEYFRAMES:
                out.append(("keyframes", tinycss2.serialize(rule.prelude).strip(), tinycss2.serialize([rule]).strip()))
            else:
                out.append(("raw", prelude, tinycss2.serialize([rule]).strip()))
    return out


def _filter(tree: list, present: Features) -> list:
    """The nodes (and selectors) of a parsed stylesheet that can match ``present``."""
    out = []
    for kind, prelude, body in tree:
        if kind == "rule":
            kept = [text for text, need in prelude if present.has(need)]
            if kept:
                out.append(("rule", ",".join(kept), body))
        elif kind == "group":
            inner = _filter(body, present)
            if inner:
                out.append(("group", prelude, inner))
        else:
            out.append((kind, prelude, body))
    return out


def _walk(tree: list):
    for kind, prelude, body in tree:
        if kind == "group":
            yield from _walk(body)
        else:
            yield kind, prelude, body


def _used_properties(tree: list, also: str) -> set[str]:
    """Custom properties reached through var() from the kept declarations and ``also``."""
    defined: dict[str, set[str]] = {}
    used = set(_VAR.findall(also))
    for kind, _, body in _walk(tree):
        if kind == "rule":
            for d in body:
                refs = set(_VAR.findall(tinycss2.serialize(d.value)))
                if d.name.startswith("--"):
                    defined.setdefault(d.name, set()).update(refs)
                else:
                    used |= refs
        else:
            used |= set(_VAR.findall(body))
    todo = list(used)
    while todo:
        for ref in defined.get(todo.pop(), ()):
            if ref not in used:
                used.add(ref)
                todo.append(ref)
    return used


def _write(tree: list, used: set[str], animations: str) -> str:
    parts = []
    for kind, prelude, body in tree:
        if kind == "rule":
            decls = [f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}"
                     for d in body if not d.name.startswith("--") or d.name in used]
            if decls:
                parts.append(f"{prelude}{{{';'.join(decls)}}}")
        elif kind == "group":
            inner = _write(body, used, animations)
            if inner:
                parts.append(f"{prelude}{{{inner}}}")
        elif kind == "keyframes":
            if re.search(rf"(?<![\w-]){re.escape(prelude)}(?![\w-])", animations):
                parts.append(body)
        else:
            parts.append(body)
    return "".join(parts)


class Stylesheet:
    """A stylesheet read once, reduced many times (once per page for the critical CSS)."""

    def __init__(self, css: str) -> None:
        self.tree = _parse(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))

    def reduce(self, present: Features, *, referenced_by: str = "") -> str:
        """Only the selectors that can match ``present``, and the custom properties and keyframes
        they use (or that ``referenced_by``, the site's other stylesheets, uses)."""
        tree = _filter(self.tree, present)
        used = _used_properties(tree, referenced_by)
        animations = " ".join(tinycss2.serialize(d.value) for kind, _, body in _walk(tree) if kind == "rule"
                              for d in body if "animation" in d.name) + " " + referenced_by
        return _write(tree, used, animations)


def reduce_css(css: str, present: Features, *, referenced_by: str = "") -> str:
    """``css`` without the rules (and selectors) that can never match ``present``."""
    return Stylesheet(css).reduce(present, referenced_by=referenced_by)


def selectors(css: str) -> list[list]:
    """Every selector of a stylesheet (nested in @media and the like), as tinycss2 tokens."""
    found = []

    def walk(rules):
        for rule in rules:
            if rule.type == "qualified-rule":
                found.extend(_split_selectors(rule.prelude))
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in _GROUPING:
                walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return found


def style_hash(body: str) -> str:
    """The CSP source expression of an inline <style> body."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


# Delivery of a built site's stylesheets (run once every language is built)

CRITICAL_ATTRIBUTE = "data-mitp-critical"
_MATERIAL = re.compile(r"assets/stylesheets/(main\.[0-9a-f]+\.min\.css)$")
_OWN = re.compile(r"assets/stylesheets/([\w.-]+\.css)$")
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_END = re.compile(r"</body\s*>", re.I)
_LINK = re.compile(r"""<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>\s*""", re.I)
_LINK_HREF = re.compile(r"""\bhref=["']([^"']+)["']""", re.I)


class DeliveryError(ValueError):
    """The built site's stylesheets cannot be delivered as planned (says which file and why)."""


@dataclass
class Delivery:
    material: str                  # Material's stylesheet reduced to what the site can use
    critical: dict[str, str]       # each own stylesheet's rules for the first screens of the site
    pages: int


def _split_page(html: str) -> tuple[str, str]:
    end = _HEAD_END.search(html)
    return (html[: end.start()], html[end.start():]) if end else ("", html)


def _head_links(html: str) -> list[tuple[str, str]]:
    """``(tag, href)`` of each stylesheet linked in a page's <head>, in order."""
    head, _ = _split_page(html)
    found = []
    for link in _LINK.finditer(head):
        href = _LINK_HREF.search(link.group(0))
        found.append((link.group(0).strip(), href.group(1) if href else ""))
    return found


def deliver(site: Path, *, scripts: str, allow_style) -> Delivery:
    """Rewrites every built page of ``site`` so that nothing but the page blocks its first paint.

    - Material's stylesheet, reduced to the rules that can match some built page (or an element a
      loaded script may add), is inlined in ``<head>``: in a ``<style data-mitp-critical>``
      with, after it, the rules of the page's own stylesheets that can match the first screen of
      some page (``first_screen``); the order of the stylesheets is kept, so is the cascade.
    - The page's own stylesheets are linked at the end of ``<body>``: Chromium paints what comes
      before such a link without waiting for it (measured: scripts/first_paint.py), and no script
      or inline handler is needed (a ``media="print" onload=…`` link would need both).
    - ``allow_style(html)`` adds the inline style's hash to the page's Content-Security-Policy.

    ``scripts`` is the text of the scripts the pages load (their words may be classes they add).
    """
    pages = sorted(site.rglob("*.html"))
    texts = {page: page.read_text("utf-8") for page in pages}
    first, everywhere = Features(), script_features(scripts)
    material_names: set[str] = set()
    for html in texts.values():
        first.update(html_features(first_screen(html)))
        everywhere.update(html_features(html))
        for _, href in _head_links(html):
            found = _MATERIAL.search(href)
            if found:
                material_names.add(found.group(1))
    if len(material_names) != 1:
        raise DeliveryError("se esperaba que las páginas enlazaran una sola hoja de estilos de Material "
                            f"(assets/stylesheets/main.*.min.css); se encontraron: {sorted(material_names) or 'ninguna'}")
    folder = site / "assets" / "stylesheets"
    original = folder / material_names.pop()
    own = {sheet.name: sheet.read_text("utf-8") for sheet in sorted(folder.glob("*.css"))
           if not sheet.name.startswith(("main.", "palette."))}
    material = Stylesheet(original.read_text("utf-8")).reduce(everywhere, referenced_by="".join(own.values()))
    material = re.sub(r'^@charset "[^"]*";', "", material)   # meaningless inside <style>
    critical = {name: Stylesheet(text).reduce(first) for name, text in own.items()}
    for name, text in [("Material", material), *critical.items()]:
        if re.search(r"</style", text, re.I):
            raise DeliveryError(f"el CSS de {name} contiene '</style': no puede ir dentro de <style>")
    for page, html in texts.items():
        page.write_text(allow_style(_rewrite(html, page.relative_to(site).as_posix(), material, critical)), "utf-8")
    original.unlink()
    original.with_name(original.name + ".map").unlink(missing_ok=True)
    return Delivery(material=material, critical=critical, pages=len(pages))


def _rewrite(html: str, where: str, material: str, critical: dict[str, str]) -> str:
    links = _head_links(html)
    if not links:
        return html
    head, rest = _split_page(html)
    inline, deferred = [], []
    for tag, href in links:
        if _MATERIAL.search(href):
            inline.append(material)
            continue
        own = _OWN.search(href)
        if own and own.group(1) in critical:
            inline.append(critical[own.group(1)])
        deferred.append(tag)
    start = _LINK.search(head).start()
    head = head[:start] + f"<style {CRITICAL_ATTRIBUTE}>{''.join(inline)}</style>\n" + _LINK.sub("", head[start:])
    end = _BODY_END.search(rest)
    if not end:
        raise DeliveryError(f"{where}: la página no tiene </body>: no se pueden enlazar sus hojas de estilos al final")
    return head + rest[: end.start()] + "\n".join(deferred) + "\n" + rest[end.start():]

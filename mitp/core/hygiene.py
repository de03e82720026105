"""Rules every text of every data file obeys, whatever its schema says.

Found by trying hostile data: a name of only spaces published an empty heading; a 10,000-character
name was accepted; right-to-left overrides and zero-width characters made the published page read
differently from the reviewed file (and the directory's text filter could not find the entry).
Each such text is refused with a message that says where the character is and what to do.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from mitp.problems import Problem
from mitp.yamlload import Document

# Longest text any field may hold unless its schema says less (the Plan's longest action text is
# about 700 characters; a description is a paragraph, not a document).
MAX_TEXT = 4000

# Characters that change how text is displayed without being seen: bidirectional overrides and
# isolates, zero-width joiners and spaces, the byte-order mark, soft hyphen.
_INVISIBLE = {
    0x200B: "espacio de ancho cero",
    0x200C: "separador de ancho cero",
    0x200D: "unión de ancho cero",
    0x200E: "marca de izquierda a derecha",
    0x200F: "marca de derecha a izquierda",
    0x202A: "inicio de incrustación izquierda a derecha",
    0x202B: "inicio de incrustación derecha a izquierda",
    0x202C: "fin de formato direccional",
    0x202D: "forzado de izquierda a derecha",
    0x202E: "forzado de derecha a izquierda",
    0x2060: "unión de palabras invisible",
    0x2066: "aislamiento izquierda a derecha",
    0x2067: "aislamiento derecha a izquierda",
    0x2068: "aislamiento de primer carácter",
    0x2069: "fin de aislamiento direccional",
    0x061C: "marca de letra árabe",
    0xFEFF: "marca de orden de bytes",
    0x00AD: "guion suave invisible",
}


def problems(document: Document) -> list[Problem]:
    """Every text of ``document`` that breaks a rule, located at its value."""
    from mitp.validation import make_problem

    out: list[Problem] = []
    for parts, text in _strings(document.data, ()):
        message = text_problem(text)
        if message:
            out.append(make_problem(document, parts, message))
    return out


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be published, in Spanish, or None."""
    if not text:
        return None
    if not text.strip():
        return "solo tiene espacios: escribe el texto o borra el campo"
    found = _HIDDEN.search(text)
    if found:
        code = ord(found.group())
        name = _INVISIBLE.get(code, "carácter de control")
        return (f"tiene un carácter invisible (U+{code:04X}, {name}) en la posición {found.start() + 1}: "
                "cambia cómo se ve el texto publicado sin que se note al revisarlo; bórralo "
                "(borra y vuelve a escribir esa parte del texto)")
    if len(text) > MAX_TEXT:
        return f"es demasiado largo: tiene {len(text)} caracteres y el máximo es {MAX_TEXT}"
    return None


def line_problem(text: str) -> str | None:
    """Why ``text``, a one-line text (a name, a title, an interface string), cannot be published:
    a line break in it would open a new line in a calendar (.ics) or a feed; None if it has none."""
    if isinstance(text, str) and ("\n" in text or "\r" in text or "\u2028" in text or "\u2029" in text):
        return ("tiene un salto de línea: este texto va en una sola línea (un nombre o título, un texto de la "
                "interfaz); únelo en una línea (en YAML, un texto entre comillas sin '|' ni '>')")
    return None


def title_problem(text: str) -> str | None:
    """Why ``text`` cannot be a title (a page's <title>, a calendar's or feed's name), or None."""
    problem = line_problem(text)
    if problem:
        return problem
    if isinstance(text, str) and ("<" in text or ">" in text):
        return ("un título no puede llevar los signos < ni >: el sitio lo usa como título de la página, del "
                "calendario y del feed; escríbelo sin ellos")
    return None


def check_title(c, parts: tuple, texts: Any) -> None:
    """Report, at ``parts + (language,)``, every text of a multilingual title (``{es: …, en: …}``)
    that ``title_problem`` refuses; ``c`` is the file's ``Checks``. Campaign and activity names,
    podcast and chapter titles, Plan report titles use it."""
    for language, text in (texts.items() if isinstance(texts, dict) else ()):
        problem = title_problem(text)
        if problem:
            c.error(parts + (language,), problem)


# One pass in C over each text (20,000 catalogue entries: a few hundred thousand strings).
_HIDDEN = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_INVISIBLE))
                     + "\x00-\x08\x0b-\x1f\x7f-\x9f\u2061-\u2064\ufff9-\ufffb]")


def _strings(value: Any, parts: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield parts, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, parts + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, parts + (index,))

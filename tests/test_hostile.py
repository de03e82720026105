"""Issue 25: every file an editor touches, tried as a careless or malicious editor would.

Each case is one bad change to one file. It is either refused at its line, in Spanish, with no
traceback (``FILE:LINE:COL: field: message``), or accepted and rendered harmless in every output
it reaches. ``CORPUS`` holds the cases per data file declared in ``mitp/registry.py`` (a test
checks that every declared file has cases); ``tests/hostile/`` holds the hostile files themselves.
All checks run in process (validators and pure functions): no build.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from zoneinfo import ZoneInfo
from pathlib import Path

import pytest

from mitp import registry
from mitp.core import datafile, files
from mitp.plan import data as plan_data

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
ACTIVITIES = (ROOT / "tests" / "fixtures" / "activities" / "activities.yaml").read_text("utf-8")

REPORT = """titulo:
  es: "Informe de prueba"
fecha: "2026-02-01"
periodo: {desde: "2025-07-01", hasta: "2025-12-31"}
fuente:
  titulo: {es: "Documento de prueba"}
  tipo: documento
acciones:
  - accion: "1-1.3"
    estado: limitado
    cifras:
      - valor: 3
        unidad: {es: "piezas"}
  - accion: "1-1.4"
    estado: no_iniciada
"""

# name of the declared file -> [(case, shipped text or None for the file itself, old, new, expected)]
# ``expected``: a regex the message must match, with ``{line}`` standing for the line of ``new``.
CORPUS: dict[str, list[tuple[str, str | None, str, str, str]]] = {
    "resources": [
        ("invisible-override", None, "es: Programa Apoyo a Víctimas (PAV)", "es: Programa Apoyo\u202e a Víctimas (PAV)",
         r"resources\.yaml:{line}:\d+: .*U\+202E"),
    ],
    "channels": [
        ("zero-width", None, "es: Carabineros de Chile\n", "es: Carabineros\u200b de Chile\n",
         r"channels\.yaml:{line}:\d+: .*U\+200B"),
    ],
    "materials": [
        # Files named by a piece (symbolic links, SVG scripts, PDF JavaScript, image bombs): tests below.
        ("unknown-plan-action", None, "plan_action: eje 1, acción 1.11", "plan_action: eje 1, acción 1.99",
         r"materials\.yaml:{line}:\d+: .*plan_action: la acción 1\.99 del eje 1 no existe .*1\.11"),
        ("override-in-heading", None, "es: ¿Cómo reconocer la trata de personas?",
         "es: ¿Cómo reconocer la trata\u202e de personas?", r"materials\.yaml:{line}:\d+: .*U\+202E"),
    ],
    "campaigns": [
        ("line-break-in-name", None, 'es: "Día Mundial contra la Trata de Personas 2023"',
         'es: "Día Mundial contra la Trata\\nBEGIN:VEVENT de Personas 2023"', r"campaigns\.yaml:{line}:\d+: .*salto de línea"),
        ("markup-in-name", None, 'es: "Día Mundial contra la Trata de Personas 2023"',
         'es: "Día Mundial <img src=x onerror=alert(1)>"', r"campaigns\.yaml:{line}:\d+: .*signos < ni >"),
    ],
    "activities": [
        ("anchor", ACTIVITIES, '    organizer: {es: "Institución de prueba"}\n',
         '    organizer: &o {es: "Institución de prueba"}\n', r"activities\.yaml:{line}:\d+: .*anclas YAML"),
        ("line-break-in-title", ACTIVITIES, 'es: "Feria informativa en Punta Arenas"',
         'es: "Feria informativa\\nEND:VCALENDAR"', r"activities\.yaml:{line}:\d+: .*salto de línea"),
    ],
    "plan": [
        ("isolate", None, 'titulo: "Plan de Acción Nacional contra la Trata de Personas 2023-2026"',
         'titulo: "Plan de Acción Nacional\u2066 contra la Trata de Personas 2023-2026"',
         r"plan\.yaml:{line}:\d+: .*U\+2066"),
    ],
    "podcast": [
        ("script-in-title", None, "es: Podcast de la Mesa Intersectorial sobre Trata de Personas",
         'es: "Podcast <script>alert(1)</script>"', r"podcast\.yaml:{line}:\d+: podcast\.title\.es: .*signos < ni >"),
        ("attribute-break-out", None, "es: Podcast de la Mesa Intersectorial sobre Trata de Personas",
         "es: 'Podcast\" onmouseover=\"alert(1)'", None),
    ],
    "plan-report": [
        ("unknown-action", REPORT, 'accion: "1-1.3"', 'accion: "9-9.9"', r":{line}:\d+: .*'9-9\.9' no existe en el Plan"),
        ("repeated-action", REPORT, 'accion: "1-1.4"', 'accion: "1-1.3"', r":{line}:\d+: .*ya aparece en este informe"),
        ("period-reversed", REPORT, 'hasta: "2025-12-31"', 'hasta: "2025-01-31"', r":{line}:\d+: .*termina .* antes de empezar"),
        ("future-date", REPORT, 'fecha: "2026-02-01"', 'fecha: "2099-02-01"', r":{line}:\d+: fecha: .*en el futuro"),
        ("infinite-figure", REPORT, "valor: 3", "valor: .inf", r":{line}:\d+: .*valor: .*no es una cifra"),
        ("markup-title", REPORT, 'es: "Informe de prueba"', 'es: "Informe <a href=javascript:alert(1)>x</a>"',
         r":{line}:\d+: titulo\.es: .*signos < ni >"),
    ],
    "cobertura": [
        ("override-in-kind-name", None, 'es: "Servicio Nacional de Migraciones, oficina regional"',
         'es: "Servicio Nacional\u202e de Migraciones, oficina regional"', r"cobertura\.yaml:{line}:\d+: .*U\+202E"),
        ("markup-in-kind-name", None, 'es: "Servicio Nacional de Migraciones, oficina regional"',
         'es: "Servicio Nacional <img src=x onerror=alert(1)>"', None),
    ],
    "ui": [
        ("positional-placeholder", None, 'en: "Find support: {name}"', 'en: "Find support: {0}"',
         r"ui\.yaml:{line}:\d+: .*marcador '\{0\}' no es válido"),
        ("unknown-placeholder", None, 'en: "Find support: {name}"', 'en: "Find support: {nombre}"',
         r"ui\.yaml:{line}:\d+: .*\{nombre\} no existe en el texto en español; los válidos son: \{name\}"),
        ("missing-spanish", None, '  es: "Saltar al contenido"\n', "", r"ui\.yaml:\d+:\d+: .*es"),
        ("duplicate-key", None, '  en: "Skip to content"\n', '  en: "Skip to content"\n  en: "Skip"\n',
         r"ui\.yaml:{line}:\d+: .*clave duplicada 'en'"),
        ("alias", None, 'fallback_notice:\n', 'fallback_notice: &f\n', r"ui\.yaml:{line}:\d+: .*anclas YAML"),
        ("direction-override", None, 'es: "Saltar al contenido"', 'es: "Saltar al \u202econtenido"',
         r"ui\.yaml:{line}:\d+: .*U\+202E"),
        ("zip-slip-file-name", None, "materials_kit_readme_file:\n  es: ", "materials_kit_readme_file:\n  es: ../../../../.bashrc #",
         r"ui\.yaml:{line}:\d+: .*nombre de archivo"),
        ("line-break-in-calendar-name", None, 'es: "Saltar al contenido"', 'es: "Saltar al\\ncontenido"',
         r"ui\.yaml:{line}:\d+: .*salto de línea"),
    ],
}


def _shipped(name: str) -> str:
    return (ROOT / registry.by_name()[name].path).read_text("utf-8")


def _cases():
    for name, cases in CORPUS.items():
        for case in cases:
            yield pytest.param(name, *case, id=f"{name}-{case[0]}")


def test_every_declared_data_file_has_hostile_cases():
    declared = {spec.name for spec in registry.FILES} | {plan_data.REPORT.name}
    assert declared <= {name for name, cases in CORPUS.items() if cases}, declared - set(CORPUS)


@pytest.mark.parametrize("name, case, text, old, new, expected", list(_cases()))
def test_a_bad_change_is_refused_at_its_line(tmp_path, name, case, text, old, new, expected):
    spec = plan_data.REPORT if name == "plan-report" else registry.by_name()[name]
    text = text if text is not None else _shipped(name)
    assert old in text, f"{case}: the corpus no longer matches {spec.path}"
    changed = text.replace(old, new, 1)
    folder = tmp_path / ("reports" if name == "plan-report" else "data")
    folder.mkdir()
    path = folder / (f"informe-{case}.yaml" if name == "plan-report" else Path(spec.path).name)
    path.write_text(changed, "utf-8")
    report = datafile.check(spec, path, root=ROOT, today=dt.date(2026, 12, 7))
    messages = "\n".join(str(p) for p in report.errors)
    if expected is None:
        # Accepted: harmless wherever it lands (escaping tested below).
        assert not report.errors, messages
        return
    # The line of the change (its last line when it spans several: the repeated key, the value).
    line = changed[: text.index(old) + len(new.rstrip("\n"))].count("\n") + 1 if new else 0
    assert re.search(expected.replace("{line}", str(line)), messages), messages
    assert "Traceback" not in messages and "/tmp" not in messages.replace(str(tmp_path), "")


def test_a_report_named_in_capitals_is_refused_and_validate_checks_reports(tmp_path):
    path = tmp_path / "Informe-2026.yaml"
    path.write_text(REPORT, "utf-8")
    report = datafile.check(plan_data.REPORT, path, root=ROOT, today=dt.date(2026, 12, 7))
    assert any("solo minúsculas" in p.message for p in report.errors)
    assert registry.for_path("data/plan/reports/2026-s1.yaml") is plan_data.REPORT


# Files named in data: materials/ and podcast/


def _project(tmp_path: Path, filename: str, content: bytes | None = None, *, campaign: str = "dia-mundial-2025",
             action: str = "eje 1, acción 1.3", path: str | None = None) -> Path:
    folder = tmp_path / "materials" / "pieza"
    folder.mkdir(parents=True, exist_ok=True)
    (tmp_path / "data").mkdir(exist_ok=True)
    if content is not None:
        (folder / filename).write_bytes(content)
    entry = f'''pieces:
  - id: pieza
    kind: afiche
    title: {{es: Pieza de prueba, en: Test piece}}
    description: {{es: Pieza de prueba., en: Test piece.}}
    date: "2025-07-30"
    campaign: {campaign}
    plan_action: {action}
    institution: {{es: Institución de prueba, en: Test institution}}
    licence: por-confirmar
    alt: {{es: "Afiche de prueba.", en: "Test poster."}}
    image_text: {{es: Palabras, en: Words}}
    files:
      - {{path: {path or "materials/pieza/" + filename}, language: es}}
'''
    data = tmp_path / "data" / "materials.yaml"
    data.write_text(entry, "utf-8")
    return data


def _material_errors(path: Path) -> str:
    from mitp.materials import data

    report = datafile.check(data.FILE, path, today=dt.date(2026, 12, 7))
    return "\n".join(str(p) for p in report.errors)


FILES_LINE = 14   # the line of `- {path: …}` in _project's entry


@pytest.mark.parametrize("name, expected", [
    ("svg-script.svg", "<script>"),
    ("svg-onload.svg", "onload="),
    ("svg-foreignobject.svg", "<foreignobject>"),
    ("svg-external-image.svg", "tracker.example.org"),
    ("svg-javascript-link.svg", "javascript:alert"),
    ("svg-entity.svg", "DTD o entidades"),
    ("svg-style-import.svg", "url(…) o @import"),
    ("pdf-javascript.pdf", "JavaScript (/JavaScript)"),
    ("pdf-hex-name.pdf", "JavaScript (/JavaScript)"),
    ("pdf-launch.pdf", "abre programas"),
    ("svg-ok.svg", None),
    ("pdf-ok.pdf", None),
])
def test_active_content_in_a_piece_is_refused_at_the_files_line(tmp_path, name, expected):
    messages = _material_errors(_project(tmp_path, name, (HOSTILE / name).read_bytes()))
    if expected is None:
        assert messages == ""
    else:
        assert f"materials.yaml:{FILES_LINE}:" in messages and "files[0].path" in messages, messages
        assert expected in messages, messages


def test_javascript_hidden_in_a_compressed_object_stream_is_found(tmp_path):
    import zlib

    hidden = zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    pdf = b"%PDF-1.5\n1 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + hidden + b"\nendstream\nendobj\n%%EOF\n"
    assert "JavaScript" in _material_errors(_project(tmp_path, "oculto.pdf", pdf))


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")   # a few KB on disk, 400 million pixels
    messages = _material_errors(_project(tmp_path, "bomba.png", buffer.getvalue()))
    assert f"materials.yaml:{FILES_LINE}:" in messages and "demasiado grande" in messages, messages


def test_a_file_outside_its_folder_is_refused_links_included(tmp_path):
    secret = tmp_path / "secreto.png"
    secret.write_bytes(b"not for the site")
    (tmp_path / "materials" / "pieza").mkdir(parents=True)
    (tmp_path / "materials" / "pieza" / "enlace.png").symlink_to(secret)
    messages = _material_errors(_project(tmp_path, "enlace.png"))
    assert f"materials.yaml:{FILES_LINE}:" in messages and "enlace simbólico" in messages, messages
    with pytest.raises(files.UnsafeFileError, match="absoluta"):
        files.confined(tmp_path, "/etc/passwd", "materials")
    with pytest.raises(files.UnsafeFileError, match=r"'\.\.'"):
        files.confined(tmp_path, "materials/../.git/config", "materials")


def test_podcast_paths_and_artwork_are_confined_and_sized(tmp_path):
    from PIL import Image

    from mitp.podcast import media

    (tmp_path / "podcast").mkdir()
    (tmp_path / "git-config").write_text("[core]\n", "utf-8")
    (tmp_path / "podcast" / "t.vtt").symlink_to(tmp_path / "git-config")
    with pytest.raises(media.MediaError, match="enlace simbólico"):
        media.transcript(tmp_path, "podcast/t.vtt")
    Image.new("1", (20_000, 20_000)).save(tmp_path / "podcast" / "portada.png", "PNG")
    with pytest.raises(media.MediaError, match="demasiado grande"):
        media.check_artwork(tmp_path, "podcast/portada.png")


def test_a_material_naming_a_campaign_or_action_that_does_not_exist_gets_the_valid_list(tmp_path):
    messages = _material_errors(_project(tmp_path, "a.pdf", (HOSTILE / "pdf-ok.pdf").read_bytes(),
                                         campaign="dia-mundial-2099", action="eje 1, acción 1.99"))
    assert re.search(r"materials\.yaml:7:\d+: .*campaign: la campaña 'dia-mundial-2099' no existe .*válidas son: "
                     r".*dia-mundial-2025", messages), messages
    assert re.search(r"materials\.yaml:8:\d+: .*plan_action: la acción 1\.99 del eje 1 no existe .*1\.3", messages), messages


def test_zip_members_named_from_strings_stay_inside_the_kit():
    from mitp.materials import outputs

    kit = outputs.make_zip({"../../../../.bashrc": b"x", "/etc/passwd": b"y", "LEEME.txt": b"z"}, dt.date(2026, 1, 1))
    names = zipfile.ZipFile(io.BytesIO(kit)).namelist()
    assert "LEEME.txt" in names
    assert all("/" not in n and "\\" not in n and not n.startswith(".") for n in names), names


# Texts that land in feeds, calendars and pages


def test_a_feed_description_reaches_podcast_apps_as_text():
    from html.parser import HTMLParser
    from xml.etree import ElementTree

    from mitp.podcast.feed import feed_text

    hostile = 'Hola <img src=x onerror="alert(1)"> <a href="javascript:alert(1)">aquí</a> & más'
    xml = f"<description>{_xml_escape(feed_text(hostile))}</description>"
    decoded = ElementTree.fromstring(xml).text   # what the app reads, then renders as HTML

    class Tags(HTMLParser):
        found: list = []

        def handle_starttag(self, tag, attrs):
            self.found.append(tag)

    parser = Tags()
    parser.feed(decoded)
    assert parser.found == []
    from html import unescape
    assert unescape(decoded) == hostile   # the reader sees exactly what was typed


def _xml_escape(text: str) -> str:
    from markupsafe import escape
    return str(escape(text))


def test_a_line_break_in_a_calendar_name_cannot_open_a_property(tmp_path):
    # Refused in the data (above); the library's escaping of texts is checked against a second parser.
    import icalendar

    from mitp.campaigns import calendar

    spec = calendar.CalendarSpec("actividades/todas.ics", "Nombre", [])
    data = calendar.calendar(spec, language="es", site_url="https://example.org/", page_urls={}, places={})
    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["X-WR-CALNAME"]) == "Nombre"
    assert b"\r\nBEGIN:VEVENT" not in data


def test_calendar_texts_mean_the_same_to_a_second_parser():
    """Texts an editor may type (commas, semicolons, backslashes, a would-be property, markup,
    non-Latin letters) written by icalendar and read back by vobject, an independent parser:
    one event, every text exactly as typed, nothing that opens a property or a component."""
    import vobject

    from mitp.campaigns import calendar

    hostile = 'Feria; "taller", 50% \\ END:VEVENT BEGIN:VALARM <b>x</b> Kreyòl: fanmi ak zanmi 👋'
    activity = {
        "id": "feria-prueba", "updated": dt.date(2026, 7, 1), "status": "confirmada",
        "title": {"es": hostile}, "description": {"es": hostile + " DESCRIPTION:otra"},
        "how_to_join": {"es": "Entrada libre; trae tu cédula, si tienes"},
        "start": dt.datetime(2026, 7, 30, 10, 0, tzinfo=ZoneInfo("America/Punta_Arenas")),
        "end": dt.datetime(2026, 7, 30, 13, 0, tzinfo=ZoneInfo("America/Punta_Arenas")),
    }
    spec = calendar.CalendarSpec("actividades/todas.ics", "Actividades; todas, \\ MITP", (activity,))
    data = calendar.calendar(spec, language="es", site_url="https://example.org/",
                             page_urls={"feria-prueba": "https://example.org/actividades/feria-prueba/"},
                             places={"feria-prueba": "Plaza de Armas, Punta Arenas; frente al municipio"})
    parsed = vobject.readOne(data.decode("utf-8"))
    events = list(parsed.vevent_list)
    assert len(events) == 1 and not hasattr(events[0], "valarm_list")
    assert events[0].summary.value == hostile
    assert events[0].description.value.startswith(hostile + " DESCRIPTION:otra\n\nEntrada libre; trae tu cédula")
    assert events[0].location.value == "Plaza de Armas, Punta Arenas; frente al municipio"
    assert events[0].dtstart.value == activity["start"]


def test_interface_strings_reach_templates_escaped(tmp_path, monkeypatch):
    from mitp import ui

    text = (ROOT / "data" / "ui.yaml").read_text("utf-8").replace(
        'es: "Esta página todavía no está traducida. La mostramos en español."',
        'es: "Aviso\\" onmouseover=\\"alert(1)\\" <b>x</b>"', 1)
    path = tmp_path / "ui.yaml"
    path.write_text(text, "utf-8")
    monkeypatch.setenv("MITP_UI", str(path))
    shown = ui.template_globals("es")["ui"]["fallback_notice"]
    assert str(shown) == "Aviso&#34; onmouseover=&#34;alert(1)&#34; &lt;b&gt;x&lt;/b&gt;"
    assert ui.strings_for("es")["fallback_notice"].startswith('Aviso"')   # plain for kits and feeds


def test_a_report_title_becomes_literal_markdown():
    from mitp.plan import pages

    page = pages.report_markdown({"id": "x", "titulo": {"es": "[clic](javascript:alert(1)) *y* <b>"}}, "es")
    import markdown as md

    html = md.markdown(page.split("\n", 4)[4])
    assert "<a" not in html and "<em>" not in html and "<b>" not in html
    assert "[clic](javascript:alert(1)) *y* &lt;b&gt;" in html


# Markdown pages


def test_every_page_has_readable_front_matter():
    from mitp.core import markdown

    problems = [markdown.front_matter_problem(path.read_text("utf-8"), str(path.relative_to(ROOT)))
                for path in sorted((ROOT / "docs").rglob("*.md"))]
    assert [p for p in problems if p] == []


def test_invalid_front_matter_is_reported_at_its_line():
    from mitp.core import markdown

    source = "---\ntitle: Hola\ndescription: Qué hacer en Chile: el deber\n---\n\n# Hola\n"
    problem = markdown.front_matter_problem(source, "docs/es/x.md")
    assert problem.startswith("docs/es/x.md:3:") and "entre comillas" in problem


def test_a_marker_on_line_7_is_reported_as_line_7():
    from mitp.core import markdown, render

    source = "---\ntitle: Hola\ndescription: Una página\n---\n\n# Hola\n<!-- mitp:no-existe -->\n"
    body = source.split("---\n", 2)[2].lstrip("\n")
    with pytest.raises(render.MarkerError, match=r"docs/es/x\.md:7: marcador desconocido"):
        render.check_markers(body, "docs/es/x.md", first_line=markdown.body_offset(source) + 1)


@pytest.mark.parametrize("html, expected", [
    ('<p><img src="a.png"\n     onerror="alert(1)"></p>', "onerror= ejecuta código"),
    ('<p><a href="javascript:alert(1)">x</a></p>', "esquema que ejecuta código"),
    ('<p><a href=" JaVaScRiPt:alert(1)">x</a></p>', "esquema que ejecuta código"),
    ('<p><a href="data:text/html,&lt;script&gt;">x</a></p>', "esquema que ejecuta código"),
    ('<p><img alt="x" src="https://tracker.example.org/p.png"></p>', "imagen o medio de otro sitio"),
    ('<svg><image href="//tracker.example.org/p.png"/></svg>', "imagen o medio de otro sitio"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "esquema que ejecuta código"),
    ('<form><button formaction="javascript:alert(1)">x</button></form>', "esquema que ejecuta código"),
    ('<p><a href="https://www.chileatiende.gob.cl/">x</a> <img src="../img/a.png" alt=""></p>', None),
])
def test_the_rendered_page_is_checked_after_every_extension(html, expected):
    from mitp import security

    source = "---\ntitle: x\n---\n\nTexto\n\n![x][ref]\n\n[ref]: https://tracker.example.org/p.png\n"
    problems = security.rendered_problems(html, "docs/es/x.md", "https://tratadepersonas.subinterior.gov.cl/",
                                          source=source)
    if expected is None:
        assert problems == []
    else:
        assert problems and expected in problems[0], problems
        if "tracker" in html and "img" in html:
            assert problems[0].startswith("docs/es/x.md:9:"), problems   # the reference's line in the file


def test_front_matter_texts_are_escaped_where_the_theme_writes_them():
    import importlib.util

    spec = importlib.util.spec_from_file_location("markers_hook", ROOT / "hooks" / "markers.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)

    class Page:
        meta = {"description": '"><script>alert(1)</script>', "title": "<b>T</b>"}

    hook._escape_front_matter(Page)
    assert str(Page.meta["description"]) == "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert str(Page.meta["title"]) == "&lt;b&gt;T&lt;/b&gt;"


def test_snippets_cannot_include_files():
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert not [line for line in config.splitlines() if "pymdownx.snippets" in line.split("#", 1)[0]]
    assert not [p for p in (ROOT / "docs").rglob("*.md") if "--8<--" in p.read_text("utf-8")]


@pytest.mark.parametrize("name, content, expected", [
    ("es/evil.html", b"<script>alert(1)</script>", "no se publican"),
    ("es/img/x.svg", (HOSTILE / "svg-onload.svg").read_bytes(), "onload="),
    ("es/doc.pdf", (HOSTILE / "pdf-javascript.pdf").read_bytes(), "JavaScript"),
    ("es/img/ok.svg", (HOSTILE / "svg-ok.svg").read_bytes(), None),
])
def test_raw_files_under_docs_are_refused_or_checked(tmp_path, name, content, expected):
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    problem = files.page_file_problem(path, f"docs/{name}")
    if expected is None:
        assert problem is None
    else:
        assert problem.startswith(f"docs/{name}: ") and expected in problem, problem


def test_a_renderers_refusal_names_the_markers_line_in_the_file():
    from mitp.core import render

    class File:
        src_uri = "es/campanas/index.md"
        content_string = "---\ntitle: x\n---\n\n# Campañas\n\nTexto.\n<!-- mitp:prueba-rechazo no-existe -->\n"

    class Page:
        file = File()
        meta: dict = {}

    def refuse(args, page, config):
        raise render.MarkerError(f"{page.file.src_uri}: la campaña '{args}' no existe")

    render.register("prueba-rechazo", refuse)
    try:
        with pytest.raises(render.MarkerError, match=r"^docs/es/campanas/index\.md:8: la campaña 'no-existe' no existe$"):
            render.replace_markers("<p>Texto.</p>\n<!-- mitp:prueba-rechazo no-existe -->", Page(), None)
    finally:
        render._RENDERERS.pop("prueba-rechazo")


def test_a_bad_interface_string_stops_the_build_at_its_line_without_a_traceback(tmp_path):
    # One small project copy; the build stops while reading its configuration (seconds).
    from directory_sites import build, copy_project

    project = copy_project(tmp_path / "project")
    path = project / "data" / "ui.yaml"
    text = path.read_text("utf-8")
    old = 'en: "Find support: {name}"'
    path.write_text(text.replace(old, 'en: "Find support: {0}"', 1), "utf-8")
    line = text[: text.index(old)].count("\n") + 1
    proc = build(project, ROOT / "data" / "resources.yaml", tmp_path / "site")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert re.search(rf"data/ui\.yaml:{line}:\d+: .*marcador '\{{0\}}' no es válido", output), output
    assert "Traceback" not in output and str(tmp_path) not in output.replace(str(project), "")


def test_a_heading_too_long_to_wrap_is_refused_by_the_validator_as_by_the_build(tmp_path):
    """The pull request's check (`mitp validate`) lays the pieces out as the build does: a heading
    that fits no box is refused at its piece's line, not only when the site is published."""
    import os
    import subprocess
    import sys

    shipped = (ROOT / "data" / "materials.yaml").read_text("utf-8")
    heading = "        es: Tus derechos si eres víctima de trata\n"
    assert heading in shipped, "the corpus no longer matches data/materials.yaml"
    bad = tmp_path / "materials.yaml"
    bad.write_text(shipped.replace(heading, heading.rstrip("\n") + " y más" * 70 + "\n", 1), "utf-8")
    env = dict(os.environ, MITP_MATERIALS=str(bad))
    proc = subprocess.run([sys.executable, "-m", "mitp.cli", "validate", "materials"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    piece_line = next(n for n, line in enumerate(bad.read_text("utf-8").splitlines(), 1) if line.strip() == "- id: derechos")
    assert re.search(rf"materials\.yaml:{piece_line}:\d+: id: pieza 'derechos', formato \w+, idioma es: el texto no cabe",
                     proc.stdout), proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr

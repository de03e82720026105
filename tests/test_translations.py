"""Kreyòl ayisyen (issue 12) and the translation workflow: what a reader and an editor notice.

- every victim-facing page exists in Kreyòl with lang="ht"; translated ones say they await review,
  untranslated ones say so in Kreyòl and mark the Spanish text;
- changing a Spanish page makes its translation say "outdated" in the next build (never a failure);
- a fourth language is refused with the list of what to add, and builds once added.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from directory_sites import FIXTURE, build, built, copy_project
from mitp import i18n, translations, ui
from mitp.cli import main
from sitebuild import ROOT

UI = yaml.safe_load((ROOT / "data" / "ui.yaml").read_text("utf-8"))
VICTIM_PAGES = ["", "pide-ayuda/", "que-es-la-trata/", "como-reconocerla/", "tus-derechos/",
                "que-pasa-cuando-pides-ayuda/", "seguridad/", "directorio/"]
OTHER_PAGES = ["accesibilidad/", "privacidad/", "mesa-intersectorial/", "estado-traducciones/"]


def _html(site, path):
    return (site / path / "index.html").read_text("utf-8")


# The workflow's rules


def test_source_hash_ignores_line_endings_only():
    assert translations.source_hash("a\r\nb\n") == translations.source_hash("a\nb\n")
    assert translations.source_hash("a\nb\n") != translations.source_hash("a\nc\n")


@pytest.mark.parametrize("translated, state", [
    (None, "falta"),
    ("# Tit\n", "sin-fuente"),
    ("---\ntraduccion:\n  fuente: {h}\n  estado: pendiente-de-revision\n---\n# T\n", "pendiente-de-revision"),
    ("---\ntraduccion:\n  fuente: {h}\n  estado: revisada\n---\n# T\n", "al-dia"),
    ("---\ntraduccion:\n  fuente: 000000000000\n  estado: revisada\n---\n# T\n", "desactualizada"),
])
def test_state_of_a_translation(translated, state):
    spanish = "# Título\n\nTexto.\n"
    if translated:
        translated = translated.replace("{h}", translations.source_hash(spanish))
    assert translations.status_from_texts("x.md", "ht", spanish, translated).state == state


def test_stamp_records_the_spanish_version_and_keeps_the_rest(tmp_path):
    docs = tmp_path / "docs"
    (docs / "es").mkdir(parents=True)
    (docs / "ht").mkdir()
    (docs / "es" / "x.md").write_text("# Hola\n", "utf-8")
    page = docs / "ht" / "x.md"
    page.write_text("---\ndescription: Bonjou\ntraduccion:\n  fuente: viejo\n  estado: revisada\nhide:\n  - toc\n---\n# Bonjou\n", "utf-8")
    digest = translations.stamp(page, docs)
    text = page.read_text("utf-8")
    assert digest == translations.source_hash("# Hola\n")
    meta, _, body = translations.split_front_matter(text)
    assert meta == {"description": "Bonjou", "hide": ["toc"],
                    "traduccion": {"fuente": digest, "estado": "revisada"}}
    assert body == "# Bonjou\n"
    assert translations.page_status(docs, "ht", "x.md").state == "al-dia"
    (docs / "es" / "x.md").write_text("# Hola, otra vez\n", "utf-8")
    assert translations.page_status(docs, "ht", "x.md").state == "desactualizada"
    with pytest.raises(translations.TranslationError, match="español"):
        translations.stamp(docs / "es" / "x.md", docs)


def test_data_texts_missing_in_a_language_are_listed_with_their_field():
    data = [("data/c.yaml", {"channels": [{"name": {"es": "Uno", "en": "One", "ht": "En"}},
                                          {"name": {"es": "Dos", "en": "Two"}, "source": {"es": "F", "url": "https://x"}}]})]
    assert translations.missing_data_texts(data, "ht") == [("data/c.yaml", "channels[1].name", "Dos")]
    assert translations.kept_in_spanish(data, "ht") == 1   # the source stays in Spanish: not missing


def test_every_registered_data_file_is_walked():
    paths = {path for path, _ in translations.registered_data(ROOT)}
    assert {"data/resources.yaml", "data/channels.yaml"} <= paths


def test_command_lists_pages_strings_and_data_per_language(capsys):
    assert main(["translations", "--lang", "ht"]) == 0
    out = capsys.readouterr().out
    assert "== ht ==" in out and "== en ==" not in out
    assert re.search(r"pendiente-de-revision\s+docs/ht/seguridad\.md", out)
    assert re.search(r"(pendiente-de-revision|desactualizada)\s+docs/ht/pide-ayuda\.md", out)
    total = len([k for k in UI if not k.startswith("date_")])
    assert (f"Textos de la interfaz (data/ui.yaml): {total} de {total} traducidos, pendientes de revisión "
            "por una persona hablante nativa") in out
    assert out.index("Páginas") < out.index("Textos de la interfaz") < out.index("Textos de los datos")
    # Data texts: counted per file, the full list behind --datos; names and Spanish sources not counted.
    assert re.search(r"^  data/resources\.yaml: \d+$", out, re.M)
    assert "resources[0].description:" not in out and "./run.sh traducciones --datos --lang ht" in out
    assert main(["translations", "--lang", "ht", "--datos"]) == 0
    full = capsys.readouterr().out
    assert "data/resources.yaml: resources[0].description:" in full
    assert "resources[0].source" not in full and "resources[0].organization" not in full


def test_english_pages_are_tracked_like_kreyol(capsys):
    """Every English page records the Spanish version it translates, none is "sin-fuente"."""
    states = {p.page: p.state for p in translations.pages_status(ROOT / "docs", "en")}
    assert states and all(state != "sin-fuente" for state in states.values()), states
    assert main(["translations", "--lang", "en"]) == 0
    assert "sin-fuente" not in capsys.readouterr().out


def test_names_and_spanish_sources_need_no_translation():
    data = [("data/r.yaml", {"resources": [{"name": {"es": "Uno"}, "organization": {"es": "PDI"},
                                            "source": {"es": "ChileAtiende, ficha 1", "url": "https://x"}}]}),
            ("data/plan/reports/a.yaml", {"fuente": {"titulo": {"es": "Informe"}},
                                          "acciones": [{"realizado": {"es": "Algo"}}]})]
    assert translations.missing_data_texts(data, "ht") == [
        ("data/r.yaml", "resources[0].name", "Uno"), ("data/plan/reports/a.yaml", "acciones[0].realizado", "Algo")]
    assert translations.kept_in_spanish(data, "ht") == 3


def _git(repo, *args):
    import subprocess
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def test_an_outdated_page_shows_what_changed_in_spanish_since_the_stamp(tmp_path):
    """The translator sees the diff of the Spanish page between the translated version and now,
    found in git history by the stamp, even after later commits and a rename."""
    docs = tmp_path / "docs"
    (docs / "es").mkdir(parents=True)
    (docs / "ht").mkdir()
    spanish = docs / "es" / "viejo.md"
    spanish.write_text("# Hola\n\nPrimera frase.\n", "utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "uno")
    _git(tmp_path, "mv", "docs/es/viejo.md", "docs/es/x.md")
    _git(tmp_path, "commit", "-qm", "renombrada")
    page = docs / "ht" / "x.md"
    page.write_text("# Bonjou\n", "utf-8")
    translations.stamp(page, docs, review="pendiente-de-revision")
    (docs / "es" / "x.md").write_text("# Hola\n\nPrimera frase cambiada.\n", "utf-8")
    _git(tmp_path, "commit", "-qam", "dos")
    (docs / "es" / "x.md").write_text("# Hola\n\nPrimera frase cambiada.\n\nUna frase nueva.\n", "utf-8")

    change = translations.spanish_changes(tmp_path, "x.md", translations.page_status(docs, "ht", "x.md").source)
    assert change.commit and "-Primera frase.\n" in change.diff
    assert "+Primera frase cambiada.\n" in change.diff and "+Una frase nueva.\n" in change.diff
    out = translations.format_report(translations.report(tmp_path, ["ht"], {}, data=[]), root=tmp_path)
    assert re.search(r"desactualizada\s+docs/ht/x\.md\n    Lo que cambió en docs/es/x\.md", out)
    assert "    +Una frase nueva." in out and "./run.sh traducciones stamp docs/ht/x.md" in out

    # A stamp no version in history has: said, never a wrong diff.
    lost = translations.spanish_changes(tmp_path, "x.md", "000000000000")
    assert lost.diff == "" and "000000000000" in lost.reason


def test_kreyol_dates_use_kreyol_month_names():
    assert i18n.format_date(dt.date(2025, 2, 24), "ht", ui.strings_for("ht")) == "24 fevriye 2025"
    assert i18n.format_date(dt.date(2026, 7, 1), "ht", ui.strings_for("ht")) == "1 jiyè 2026"
    assert i18n.format_date(dt.date(2026, 11, 23), "es", ui.strings_for("es")) == "23 de noviembre de 2026"


def test_every_interface_string_and_theme_string_exists_in_kreyol():
    assert i18n.missing_strings(ui.load(), "ht") == []
    import material
    from pathlib import Path

    en = Path(material.__file__).parent / "templates/partials/languages/en.html"
    keys = lambda p: set(re.findall(r'^\s*"([^"]+)":', p.read_text("utf-8"), re.M))
    assert keys(ROOT / "overrides/partials/languages/ht.html") == keys(en)


# The built site, in Kreyòl


@pytest.mark.parametrize("path", VICTIM_PAGES + OTHER_PAGES)
def test_victim_facing_page_exists_in_kreyol(site, path):
    html = _html(site, f"ht/{path}")
    assert '<html lang="ht"' in html
    assert 'aria-label="Èd touswit"' in html                    # the help bar…
    assert '<span class="mitp-helpbar__what">Ijans</span>' in html  # …its labels in Kreyòl, not lang="es"
    assert "Soti vit" in html and "oswa peze Shift 3 fwa" in html  # …and the quick exit, in Kreyòl
    assert f'data-count-1="{UI["exit_count_1"]["ht"]}"' in html     # screen-reader announcements
    assert UI["fallback_notice"]["ht"] not in html                  # a real translation…
    assert UI["translation_review"]["ht"] in html                   # …honest about its review


def test_kreyol_status_page_lists_every_language_and_page(site):
    html = _html(site, "ht/estado-traducciones")
    assert 'id="idioma-ht"' in html and 'id="idioma-en"' in html and 'id="idioma-es"' not in html
    assert UI["translation_status_strings_pending"]["ht"] in html   # interface strings not yet reviewed
    state = UI["translation_state_pendiente-de-revision"]["ht"]
    assert re.search(r'<code>ht/seguridad\.md</code></a></td><td>' + re.escape(state), html)


def test_404_page_offers_the_kreyol_home(site):
    html = (site / "404.html").read_text("utf-8")
    assert 'hreflang="ht"' in html and UI["not_found_home"]["ht"] in html
    assert f'<p lang="ht"><strong>{UI["not_found_title"]["ht"]}.</strong> {UI["not_found_text"]["ht"]}</p>' in html


def test_kreyol_pages_have_their_own_search_index(site):
    import json
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["ht"]["page_count"] >= 12   # every Kreyòl page, searched in Kreyòl

def test_open_data_csv_has_kreyol_columns(site):
    header = (site / "datos" / "resources.csv").read_text("utf-8-sig").splitlines()[0].split(",")
    assert {"name_ht", "description_ht", "hours_ht"} <= set(header)


def test_directory_in_kreyol_shows_who_speaks_kreyol():
    site = built("kreyol", str(FIXTURE))
    html = "".join(p.read_text("utf-8") for p in (site / "ht" / "directorio").rglob("*.html"))
    assert "<li>kreyòl ayisyen" in html and "<li>franse" in html  # who speaks Kreyòl, French: in Kreyòl
    assert "Kisa ou bezwen" in html and "Lang" in html           # filters in Kreyòl


# Changing a Spanish page, adding a language


def test_changing_a_spanish_page_marks_its_translation_outdated(tmp_path):
    project = copy_project(tmp_path / "project")
    spanish = project / "docs" / "es" / "seguridad.md"
    before = translations.page_status(project / "docs", "ht", "seguridad.md").state
    assert before != "desactualizada"
    spanish.write_text(spanish.read_text("utf-8") + "\nUna frase nueva.\n", "utf-8")
    (project / "docs" / "ht" / "privacidad.md").unlink()  # as if never translated

    proc = build(project, FIXTURE, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr                  # never fails the build…
    for lang in ("en", "ht"):   # every language but the default, English included
        assert f"docs/{lang}/seguridad.md: traducción desactualizada" in proc.stderr  # …but says so in the log
        page = (tmp_path / "site" / lang / "seguridad" / "index.html").read_text("utf-8")
        assert 'data-translation-state="desactualizada"' in page
        assert UI["translation_outdated"][lang] in page
        assert re.search(r'<a href="\.\./\.\./seguridad/" hreflang="es">' + re.escape(UI["translation_read_spanish"][lang]), page)
    other = (tmp_path / "site" / "en" / "tus-derechos" / "index.html").read_text("utf-8")
    assert 'data-translation-state="desactualizada"' not in other   # an unchanged page is not outdated
    fallback = (tmp_path / "site" / "ht" / "privacidad" / "index.html").read_text("utf-8")
    assert '<html lang="ht"' in fallback and UI["fallback_notice"]["ht"] in fallback  # said in Kreyòl…
    assert '<div lang="es">' in fallback.split(UI["fallback_notice"]["ht"], 1)[1]      # …Spanish marked
    status = (tmp_path / "site" / "estado-traducciones" / "index.html").read_text("utf-8")
    assert re.search(r'<code>ht/privacidad\.md</code></a></td><td>' + re.escape(UI["translation_state_falta"]["es"]), status)
    assert re.search(r'<code>ht/seguridad\.md</code></a></td><td>' + re.escape(UI["translation_state_desactualizada"]["es"]), status)
    assert re.search(r'<code>en/seguridad\.md</code></a></td><td>' + re.escape(UI["translation_state_desactualizada"]["es"]), status)

    # Once updated and stamped, the notice goes.
    translations.stamp(project / "docs" / "ht" / "seguridad.md", project / "docs")
    assert translations.page_status(project / "docs", "ht", "seguridad.md").state == "pendiente-de-revision"


def test_a_fourth_language_follows_the_contributing_steps(tmp_path):
    """Aymara (`ay`): CLDR has no dates for it (Babel: UnknownLocaleError), like Kreyòl's French ones.
    Each step of CONTRIBUTING «Agregar un idioma» left out stops the build with what to add; none
    is silent and none is a traceback."""
    import material

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    lines = text[text.index("        - locale: ht"):].splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line == "          nav_translations:\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("            "))
    kreyol_nav = "".join(lines[start:end])   # the menu titles (a translator writes them in Aymara)
    entry = "        - locale: ay\n          name: Aymar aru\n          build: true\n"
    anchor = "        # Haitian Creole (issue 12)"
    config.write_text(text.replace(anchor, entry + anchor, 1), "utf-8")

    # Step 1 alone: the build names every missing place (record, menu titles, theme strings, interface strings).
    proc = build(project, FIXTURE, tmp_path / "site")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "idioma 'ay': falta su ficha `extra: {idioma:" in proc.stderr
    assert "overrides/partials/languages/ay.html" in proc.stderr
    assert "data/ui.yaml: faltan" in proc.stderr and "'ay'" in proc.stderr

    # The record as a newcomer might first write it (CLDR dates), Material's English theme strings
    # copied as they are, the interface strings and menu titles (here copied; a translator writes them).
    record = ("          extra:\n            idioma: {nombre_es: aimara, fechas: cldr, revision: pendiente-de-revision}\n")
    text = config.read_text("utf-8").replace(entry, entry + record + kreyol_nav, 1)
    config.write_text(text, "utf-8")
    shipped = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    partial = project / "overrides/partials/languages/ay.html"
    partial.write_text(shipped.read_text("utf-8"), "utf-8")
    strings = project / "data" / "ui.yaml"
    strings.write_text(re.sub(r'^(  ht: (".*"))$', r'\1\n  ay: \2', strings.read_text("utf-8"), flags=re.M), "utf-8")

    proc = build(project, FIXTURE, tmp_path / "site")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "UnknownLocaleError" not in proc.stderr
    assert "Babel (CLDR) no conoce 'ay'" in proc.stderr          # dates would crash or come out in another language
    assert 'ay.html: su clave "language" dice \'en\'' in proc.stderr  # every page would say lang="en"

    # As CONTRIBUTING says: own dates (date_months/date_pattern, copied above with the strings), its own code.
    config.write_text(config.read_text("utf-8").replace("nombre_es: aimara, fechas: cldr", "nombre_es: aimara, fechas: propias"), "utf-8")
    partial.write_text(partial.read_text("utf-8").replace('"language": "en"', '"language": "ay"'), "utf-8")
    proc = build(project, FIXTURE, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    home = (tmp_path / "site" / "ay" / "index.html").read_text("utf-8")
    assert '<html lang="ay"' in home
    assert UI["fallback_notice"]["ht"] in home  # pages not yet written: Spanish, with the notice
    status = (tmp_path / "site" / "estado-traducciones" / "index.html").read_text("utf-8")
    assert 'id="idioma-ay"' in status


def test_language_records_in_process(tmp_path):
    """The record of each language (mkdocs.yml `extra.idioma`) is what the date rule, the interface
    review, the caption menus and the Spanish messages read."""
    from mitp import i18n, ui

    kreyol = i18n.record("ht")
    assert (kreyol.name, kreyol.name_es, kreyol.dates, kreyol.review) == \
        ("Kreyòl ayisyen", "criollo haitiano", "propias", "pendiente-de-revision")
    assert i18n.uses_own_dates("ht") and not i18n.uses_own_dates("en")
    assert i18n.interface_review("es") is None
    assert i18n.record_problems(ROOT, ui.load()) == []
    bad = (ROOT / "mkdocs.yml").read_text("utf-8").replace(
        "idioma: {nombre_es: criollo haitiano, fechas: propias, revision: pendiente-de-revision}",
        "idioma: {nombre_es: criollo haitiano, fechas: francesas, revision: lista, color: azul}")
    (tmp_path / "mkdocs.yml").write_text(bad, "utf-8")
    problems = "\n".join(i18n.record_problems(tmp_path, ui.load()))
    assert "`idioma.fechas` debe ser «cldr»" in problems and "'francesas'" in problems
    assert "`idioma.revision`" in problems and "'lista'" in problems
    assert "`idioma.color` no existe" in problems
    assert re.search(r"^mkdocs\.yml:\d+: idioma 'ht'", problems, re.M)


def test_kreyol_directory_dates_use_kreyol_month_names(site):
    months = UI["date_months"]["ht"].split()
    html = "".join(p.read_text("utf-8") for p in (site / "ht" / "directorio").rglob("*.html"))
    dates = re.findall(r'<time datetime="\d{4}-\d\d-\d\d">([^<]+)</time>', html)
    assert dates, "no dates on the Kreyòl directory pages"
    for text in dates:
        day, month, year = text.split()
        assert month in months, text  # never Babel's French ("novembre")


def test_no_kreyol_page_shows_french_month_names(site):
    """Babel's Haitian Creole dates are French; every date on /ht/ must use data/ui.yaml's months."""
    french = re.compile(r"\b\d{1,2} (janvier|février|mars|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}")
    found = [p.relative_to(site).as_posix() for p in (site / "ht").rglob("*.html") if french.search(p.read_text("utf-8"))]
    assert found == []


def test_pages_the_build_writes_are_not_counted_as_translations_to_make(tmp_path):
    (tmp_path / ".gitignore").write_text("/docs/*/campanas/*\n!/docs/*/campanas/index.md\n/docs/*/plan/informes/\n", "utf-8")
    for page in ("index.md", "campanas/index.md", "campanas/dia-mundial-2026.md", "plan/informes.md",
                 "plan/informes/informe-1.md"):
        (tmp_path / "docs" / "es" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / "es" / page).write_text("# x\n", "utf-8")
    assert translations.spanish_pages(tmp_path / "docs") == ["campanas/index.md", "index.md", "plan/informes.md"]

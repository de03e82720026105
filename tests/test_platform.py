"""The shared layer: every data file through one registry, hostile input refused with one clear
Spanish message each (file:line, never a traceback), one phone rule on every tel: link, one
marker grammar, a policy that allows only the theme's own scripts, and language assets checked."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from directory_sites import build, copy_project
from mitp import phones, registry
from mitp.core import datafile

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = (ROOT / "tests" / "fixtures" / "valid.yaml").read_text("utf-8")
CHANNELS = (ROOT / "data" / "channels.yaml").read_text("utf-8")


def validate(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mitp.cli", "validate", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_validate_lists_every_registered_file():
    result = validate()
    assert result.returncode == 0, result.stdout + result.stderr
    for spec in registry.FILES:
        assert f"{spec.path}: válido" in result.stderr
    assert f"Archivos revisados: {len(registry.FILES)}" in result.stderr


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("website: https://www.example.org/", "website: 'https://[chile.iom.int](https://chile.iom.int)'", "enlace de Markdown"),
    ('number: "+56 2 2123 4567"', 'number: "600 360 XXXX"', "tiene letras"),
    ("es: Servicio nacional de prueba", "es: '   '", "solo tiene espacios"),
    ("es: Servicio nacional de prueba", "es: 'Servicio\u202e nacional de prueba'", "carácter invisible (U+202E"),
    ("es: Servicio nacional de prueba", "es: 'Servicio\u200b nacional de prueba'", "carácter invisible (U+200B"),
    ("es: Servicio nacional de prueba", "es: '" + "x" * 10000 + "'", "demasiado largo"),
])
def test_hostile_catalogue_input_gets_one_clear_message(tmp_path, old, new, expected):
    assert old in CATALOGUE, old
    path = tmp_path / "resources.yaml"
    path.write_text(CATALOGUE.replace(old, new, 1), "utf-8")
    result = validate(str(path))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    hits = [line for line in result.stdout.splitlines() if expected in line]
    assert len(hits) == 1, output
    assert re.match(rf"{re.escape(str(path))}:{_line(CATALOGUE, old)}:\d+: ", hits[0]) or \
        hits[0].startswith(f"{path}:"), hits[0]


def test_letters_in_a_channel_number_are_refused(tmp_path):
    path = tmp_path / "channels.yaml"
    path.write_text(CHANNELS.replace('dial: "600 818 1000"', 'dial: "600 818 XXXX"', 1), "utf-8")
    result = validate("--channels", str(path))
    assert result.returncode == 1 and "tiene letras" in result.stdout, result.stdout


def test_channels_are_checked_in_one_round_in_spanish(tmp_path):
    # A schema problem (help_bar 4) and a rule problem (a date in the future) in one file: both reported.
    text = CHANNELS.replace("help_bar: 1", "help_bar: 4", 1).replace("last_verified: 2026-11-23", "last_verified: 2999-01-01", 1)
    path = tmp_path / "channels.yaml"
    path.write_text(text, "utf-8")
    result = validate("--channels", str(path))
    assert result.returncode == 1
    assert "debe ser como máximo 3" in result.stdout, result.stdout
    assert "está en el futuro" in result.stdout, result.stdout
    assert "is greater than" not in result.stdout


def test_an_empty_channels_file_is_not_told_about_resources(tmp_path):
    path = tmp_path / "channels.yaml"
    path.write_text("# vacío\n", "utf-8")
    result = validate("--channels", str(path))
    assert result.returncode == 1 and "channels:" in result.stdout and "resources" not in result.stdout, result.stdout


def test_data_files_are_read_from_the_project_being_validated(tmp_path):
    project = copy_project(tmp_path / "project")
    channels = project / "data" / "channels.yaml"
    channels.write_text(CHANNELS.replace('dial: "147"', 'dial: "no es un número"', 1), "utf-8")
    result = validate(cwd=project, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 1 and "no es un número" in result.stdout, result.stdout + result.stderr
    spec = registry.by_name()["channels"]
    assert spec.file_in(project) == project / "data" / "channels.yaml"


def test_load_is_cached_on_the_file_and_sees_edits(tmp_path):
    path = tmp_path / "channels.yaml"
    path.write_text(CHANNELS, "utf-8")
    spec = registry.by_name()["channels"]
    first = datafile.load(spec, path=path)
    assert datafile.load(spec, path=path) is not None and datafile.load(spec, path=path).records is first.records
    path.write_text(CHANNELS.replace("Emergencias", "Emergencia policial", 1), "utf-8")
    os.utime(path, ns=(1, 1))
    assert datafile.load(spec, path=path).records is not first.records


def test_every_call_link_of_the_built_site_follows_the_one_phone_rule(site):
    seen = 0
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="(tel:[^"]+)"', page.read_text("utf-8")):
            number = href.removeprefix("tel:")
            assert phones.parse(number, star_codes=True).tel == href, f"{page.relative_to(site)}: {href}"
            seen += 1
    assert seen > 100


def test_published_pages_allow_only_the_theme_scripts(site):
    for page in (site / "index.html", site / "en" / "pide-ayuda" / "index.html"):
        html = page.read_text("utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
        script_src = policy.split("script-src", 1)[1].split(";", 1)[0]
        assert script_src.count("'sha256-") == 2, policy
    assert "'unsafe-inline'" not in (site / "_headers").read_text("utf-8").split("style-src")[0]


def _project_with_page(tmp_path: Path, text: str) -> Path:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "es" / "prueba.md").write_text(text, "utf-8")
    return project


@pytest.mark.parametrize(("body", "expected"), [
    ('<script>alert(1)</script>\n', "<script> no está permitido"),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe>\n', "<iframe> no está permitido"),
    ('![afiche](https://pbs.twimg.com/media/x.jpg)\n', "imagen o medio de otro sitio"),
    ('<img src="https://example.org/a.png" alt="a">\n', "imagen o medio de otro sitio"),
    ('<!-- mitp:no-existe -->\n', "marcador desconocido"),
])
def test_pages_that_would_break_privacy_or_the_policy_fail_the_build(tmp_path, body, expected):
    project = _project_with_page(tmp_path, "# Prueba\n\nTexto.\n\n" + body)
    proc = build(project, ROOT / "data" / "resources.yaml", tmp_path / "site")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert expected in output, output
    assert "docs/es/prueba.md:5" in output, output


def test_a_misspelt_interface_string_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    partial = project / "overrides" / "partials" / "mitp" / "channels.html"
    partial.write_text(partial.read_text("utf-8").replace("ui.channel_call", "ui.channel_cal"), "utf-8")
    proc = build(project, ROOT / "data" / "resources.yaml", tmp_path / "site")
    assert proc.returncode != 0 and "channel_cal" in proc.stdout + proc.stderr


def test_a_new_language_without_its_theme_strings_fails_saying_what_to_add(tmp_path):
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = config.replace("        - locale: en\n", "        - locale: xx\n          name: Prueba\n          build: true\n"
                                                       "        - locale: en\n", 1)
    (project / "mkdocs.yml").write_text(config, "utf-8")
    (project / "docs" / "xx").mkdir()
    (project / "docs" / "xx" / "index.md").write_text("# Prueba\n", "utf-8")
    proc = build(project, ROOT / "data" / "resources.yaml", tmp_path / "site")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "overrides/partials/languages/xx.html" in output, output
    assert "data/ui.yaml: faltan" in output and "'xx'" in output, output


def test_every_interface_string_the_templates_use_exists_in_every_language():
    """Theme templates render with Jinja's lenient default: a missing key would print nothing."""
    from mitp import i18n, ui

    strings = ui.load()
    used = set()
    for template in (ROOT / "overrides").rglob("*.html"):
        used |= set(re.findall(r"\bui\.([a-z0-9_]+)", template.read_text("utf-8")))
        used |= set(re.findall(r"\bui\[['\"]([a-z0-9_]+)['\"]\]", template.read_text("utf-8")))
    assert used, "no ui strings found in overrides/"
    missing = sorted(used - set(strings))
    assert not missing, f"claves usadas en overrides/ que no existen en data/ui.yaml: {missing}"
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    for language in re.findall(r"- locale: ([a-z]{2,3})", config):
        assert not i18n.missing_strings(strings, language), language


def test_serve_preview_allows_live_reload_and_the_published_site_does_not(tmp_path):
    """`./run.sh serve`: the live-reload script runs under the preview policy (editors see changes)."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    project = copy_project(tmp_path / "project")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict",
                             "-a", f"127.0.0.1:{port}"], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        html = ""
        for _ in range(180):
            try:
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode("utf-8")
                break
            except OSError:
                time.sleep(1)
        assert "livereload(" in html, "mkdocs serve did not answer"
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
        script_src = policy.split("script-src", 1)[1].split(";", 1)[0]
        assert "'unsafe-inline'" in script_src and "sha256" not in script_src
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_site_has_one_today_and_it_is_chiles(monkeypatch):
    """Every date rule asks mitp.core.clock.today(): Chile's date (a build at 22:00 in Santiago runs
    at 01:00 UTC the next day), or MITP_TODAY; a bad MITP_TODAY is a Spanish message."""
    import datetime as dt

    from mitp.core import clock

    monkeypatch.delenv("MITP_TODAY", raising=False)
    assert clock.today() == clock.actual_today() == dt.datetime.now(clock.CHILE).date()
    monkeypatch.setenv("MITP_TODAY", "2027-07-30")
    assert clock.today() == dt.date(2027, 7, 30)
    assert clock.actual_today() == dt.datetime.now(clock.CHILE).date()   # data is still checked against now
    monkeypatch.setenv("MITP_TODAY", "30-07-2027")
    with pytest.raises(ValueError, match="no es una fecha AAAA-MM-DD"):
        clock.today()
    # No module keeps a date rule of its own.
    own = [str(path.relative_to(ROOT)) for folder in ("mitp", "hooks") for path in (ROOT / folder).rglob("*.py")
           if "date.today()" in path.read_text("utf-8") or "MITP_TODAY\")" in path.read_text("utf-8")]
    assert own == ["mitp/core/clock.py"], own


def test_a_language_taken_out_of_the_build_leaves_no_generated_pages_behind(tmp_path):
    """Removing `ay` from mkdocs.yml: its generated pages (directory regions, campaigns, episodes…)
    go at the next build; its hand-written pages and every built language's pages stay."""
    from mitp.core import pages

    generated = pages.header("hooks/directory.py", "data/resources.yaml")
    files = {
        "es/directorio/biobio.md": f"---\ntitle: x\n---\n\n{generated}\n",
        "ay/directorio/biobio.md": f"---\ntitle: x\n---\n\n{generated}\n",
        "ay/campanas/dia-mundial-2026.md": "---\n# generado por hooks/campaigns.py desde data/campaigns.yaml: no editar\n---\n",
        "ay/index.md": "# Aymar aru\n",
        "assets/notas.md": f"{generated}\n",     # not a language folder
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    removed = pages.remove_unbuilt_languages(tmp_path, ["es", "en", "ht"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in removed) == \
        ["ay/campanas/dia-mundial-2026.md", "ay/directorio/biobio.md"]
    assert (tmp_path / "ay" / "index.md").exists() and (tmp_path / "es" / "directorio" / "biobio.md").exists()
    assert not (tmp_path / "ay" / "directorio").exists()
    assert (tmp_path / "assets" / "notas.md").exists()

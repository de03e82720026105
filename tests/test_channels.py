"""data/channels.yaml: the shipped data is valid; bad input is refused with file:line:col messages."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from directory_sites import build, copy_project
from mitp import channels
from sitebuild import ROOT

GOOD = (ROOT / "data" / "channels.yaml").read_text("utf-8")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "channels.yaml"
    path.write_text(text, "utf-8")
    return path


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(channels.ChannelsError) as caught:
        channels.load_channels(_write(tmp_path, text))
    return str(caught.value).splitlines()


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_shipped_channels_are_valid_and_sourced():
    loaded = channels.load_channels()
    assert [c["help_bar"] for c in loaded if c.get("help_bar")] == [1, 2, 3]
    for channel in loaded:
        assert channel["source"]["es"] and channel["source"].get("url", "https://").startswith("https://")
        channels.parse_dial(channel["dial"])


@pytest.mark.parametrize("dial, tel, display", [
    ("133", "tel:133", "133"),
    ("*4242", "tel:*4242", "*4242"),
    ("600 818 1000", "tel:6008181000", "600 818 1000"),
    ("+56 2 2345 6789", "tel:+56223456789", "+56 2 2345 6789"),
])
def test_dial_strings_become_tel_links(dial, tel, display):
    phone = channels.parse_dial(dial)
    assert (phone.tel, phone.display) == (tel, display)


def test_unknown_field_names_line_and_suggests(tmp_path):
    text = GOOD.replace("    anonymous: true\n", "    anonimous: true\n", 1)
    problems = _problems(tmp_path, text)
    line = _line_of(text, "anonimous")
    assert any(p.startswith(f"{tmp_path / 'channels.yaml'}:{line}:") or f"channels.yaml:{line}:" in p for p in problems), problems
    assert any("anonimous" in p and "anonymous" in p for p in problems), problems


def test_invalid_number_is_refused_with_what_is_valid(tmp_path):
    text = GOOD.replace('dial: "134"', 'dial: "12"', 1)
    problems = _problems(tmp_path, text)
    line = _line_of(text, 'dial: "12"')
    assert any(f":{line}:" in p and "dial" in p for p in problems), problems


def test_javascript_url_is_refused(tmp_path):
    text = GOOD.replace("web: https://denunciaseguro.cl/", "web: javascript:alert(1)", 1)
    problems = _problems(tmp_path, text)
    assert any(f":{_line_of(text, 'javascript:')}:" in p and "web" in p for p in problems), problems


def test_duplicate_key_and_missing_field_reported_together(tmp_path):
    text = GOOD.replace("    purposes: [denuncia-anonima]\n", "    purposes: [denuncia-anonima]\n    purposes: [denuncia]\n", 1)
    problems = _problems(tmp_path, text)
    assert any("purposes" in p for p in problems), problems
    text = GOOD.replace("    anonymous: false\n", "", 2)  # two channels lose a required field
    assert len([p for p in _problems(tmp_path, text) if "anonymous" in p]) == 2


def test_duplicate_id_and_help_bar_slot(tmp_path):
    text = GOOD.replace("id: pdi-134", "id: carabineros-133", 1).replace("help_bar: 3", "help_bar: 2", 1)
    problems = _problems(tmp_path, text)
    assert any("id repetido 'carabineros-133'" in p for p in problems), problems
    assert any("help_bar" in p and "posición 2" in p for p in problems), problems


def test_object_constructing_tag_is_refused(tmp_path):
    problems = _problems(tmp_path, "channels: !!python/object/apply:os.system ['true']\n")
    assert problems and all(re.search(r"channels\.yaml:\d+:\d+:", p) for p in problems)


def test_broken_channels_file_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    broken = project / "data" / "channels.yaml"
    broken.write_text(GOOD.replace('dial: "147"', 'dial: "no es un número"', 1), "utf-8")
    proc = build(project, ROOT / "data" / "resources.yaml", tmp_path / "site", MITP_CHANNELS=str(broken))
    assert proc.returncode != 0
    assert "dial" in proc.stderr + proc.stdout and "no es un número" in proc.stderr + proc.stdout


def test_command_line_validates_channels(tmp_path):
    bad = _write(tmp_path, GOOD.replace('dial: "133"', 'dial: "1234567"', 1))
    proc = subprocess.run([sys.executable, "-m", "mitp.cli", "validate", "--channels", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    line = _line_of(GOOD, 'dial: "133"')
    assert re.search(rf"channels\.yaml:{line}:\d+: (channels\[0\]\.)?dial: '1234567' no es un número válido", proc.stdout), proc.stdout
    ok = subprocess.run([sys.executable, "-m", "mitp.cli", "validate"], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and "data/channels.yaml: válido" in ok.stderr, ok.stderr


def test_text_from_the_channels_file_is_escaped(tmp_path):
    project = copy_project(tmp_path / "project")
    marked = project / "data" / "channels.yaml"
    marked.write_text(GOOD.replace("      es: Emergencias\n", "      es: <b>Emergencias</b><script>x()</script>\n", 1)
                      .replace("      es: Carabineros de Chile\n", "      es: Carabineros <i>de</i> Chile\n", 1), "utf-8")
    site = tmp_path / "site"
    proc = build(project, ROOT / "data" / "resources.yaml", site, MITP_CHANNELS=str(marked))
    assert proc.returncode == 0, proc.stderr
    home = (site / "index.html").read_text("utf-8")
    assert "&lt;b&gt;Emergencias&lt;/b&gt;&lt;script&gt;" in home and "<script>x()" not in home  # help bar
    triage = (site / "pide-ayuda" / "index.html").read_text("utf-8")
    assert "Carabineros &lt;i&gt;de&lt;/i&gt; Chile" in triage and "<i>de</i>" not in triage   # channel cards

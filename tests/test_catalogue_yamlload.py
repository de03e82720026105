"""The strict YAML loader: its fast path and its position-tracking path read the same data."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from mitp.yamlload import YAMLLoadError, _Builder, load_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = """\
a: b
quoted: "2026-11-23"
date: 2026-11-23
empty:
nulls: [~, null, Null]
bools: [true, False, yes, no, on]
numbers: [1, -3, 0o17, 0x1f, 2.5, .inf, 1e3]
words: [nacional, national, texto, "134"]
block: |
  dos
  líneas
nested:
  - {x: 1, y: [a, b]}
  - z: "z"
"""


@pytest.mark.parametrize("text", [
    SAMPLE,
    (ROOT / "data" / "resources.yaml").read_text(encoding="utf-8"),
    (ROOT / "tests" / "fixtures" / "valid.yaml").read_text(encoding="utf-8"),
])
@pytest.mark.parametrize("dates", [True, False])
def test_fast_and_tracking_paths_agree(text, dates):
    fast = load_text(text, dates=dates)
    tracked = _Builder("x", dates=dates).build(text)
    assert fast.data == tracked.data
    assert fast.locate(("resources", 0, "id")) == tracked.locate(("resources", 0, "id"))


def test_yaml_12_scalars():
    data = load_text(SAMPLE).data
    assert data["date"] == dt.date(2026, 11, 23) and data["quoted"] == "2026-11-23"
    assert data["empty"] is None and data["nulls"] == [None, None, None]
    assert data["bools"] == [True, False, "yes", "no", "on"]      # YAML 1.2: yes/no/on stay text
    assert data["numbers"] == [1, -3, 15, 31, 2.5, float("inf"), 1000.0]
    assert data["words"] == ["nacional", "national", "texto", "134"]


def test_positions_are_one_based_for_keys_and_items():
    doc = load_text(SAMPLE)
    assert doc.locate(("a",)) == (1, 1)
    assert doc.locate(("nested", 1)) == (14, 5)
    assert doc.locate(("nested", 0, "y", 1)) == (13, 19)
    assert doc.locate(("nested", 0, "nothing", "here")) == doc.locate(("nested", 0))


def test_agrees_with_pyyaml_on_plain_data():
    text = (ROOT / "data" / "resources.yaml").read_text(encoding="utf-8")
    assert load_text(text).data == yaml.safe_load(text)


@pytest.mark.parametrize("text, needle", [
    ("a: 1\na: 2\n", "clave duplicada"),
    ("a: !!python/name:os.system x\n", "no está permitida"),
    ("a: !custom x\n", "no está permitida"),
    ("a: &x 1\n", "anclas"),
    ("a: 1\n---\nb: 2\n", "más de un documento"),
    ("? [a]\n: 1\n", "clave debe ser un texto simple"),
    ("a: 2026-02-30\n", "no es una fecha válida"),
    ("a: [" * 50 + "]" * 50 + "\n", "anidamiento demasiado profundo"),
])
def test_refusals(text, needle):
    with pytest.raises(YAMLLoadError) as caught:
        load_text(text, shown_as="f.yaml")
    assert needle in str(caught.value)
    assert str(caught.value).startswith("f.yaml:")

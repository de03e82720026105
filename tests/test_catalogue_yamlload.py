"""The YAML readers: the strict reader refuses what it must, and the quick reader reads the same
data or leaves the file to the strict reader."""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
import yaml

from mitp.yamlload import YAMLLoadError, load_text, quick_load

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


def synthetic(count: int) -> str:
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    return benchmark.synthetic_catalogue(count)


@pytest.mark.parametrize("name", ["data/resources.yaml", "tests/fixtures/valid.yaml", "data/channels.yaml",
                                  "synthetic", "sample"])
def test_quick_and_strict_readers_read_the_same_data(name):
    if name == "synthetic":
        text = synthetic(300)
    elif name == "sample":
        text = SAMPLE.replace("0o17, 0x1f, ", "")
    else:
        text = (ROOT / name).read_text(encoding="utf-8")
    quick = quick_load(text)
    assert quick is not None, "a plain, well-formed file takes the quick path"
    strict = load_text(text, dates=False)
    assert quick.data == strict.data
    assert quick.locate(("resources", 0, "id")) == strict.locate(("resources", 0, "id"))


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",                        # duplicate key
    "a: !!python/name:os.system x\n",       # tags, even the harmless ones
    "a: !custom x\n",
    "a: !!str 13\n",
    "a: [!!str 13]\n",
    "a: &x 1\n",                            # anchors and aliases
    "a: &x [1]\nb: *x\n",
    "- &x a\n",
    "a: 1\n---\nb: 2\n",                   # several documents, directives
    "%YAML 1.2\n---\na: 1\n",
    "? [a]\n: 1\n",                         # explicit (complex) key
    "a: [1, 2\nb: 3\n",                     # syntax error
])
def test_quick_reader_leaves_to_the_strict_reader_what_it_cannot_vouch_for(text):
    assert quick_load(text) is None


@pytest.mark.parametrize("text", [
    'a: "Llama al *4242 o escribe a ayuda & apoyo"\n',
    "a: ¿Necesitas ayuda? Llama al 133\n",
    "a: Marca!\n",
])
def test_quick_reader_takes_ordinary_text(text):
    quick = quick_load(text)
    assert quick is not None and quick.data == load_text(text, dates=False).data


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

"""The fast schema check may be stricter than jsonschema, never more lenient.

Thousands of deterministic mutations of real and fixture entries: whenever the fast check says
"valid", jsonschema must find no error. (When it says "invalid", jsonschema decides.)
"""
from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from mitp.validation import load_fast_entry_check, load_validator
from mitp.yamlload import load_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "resources.schema.json").read_text(encoding="utf-8"))
ODD_VALUES = [None, True, False, 0, 1, 2.5, "", "x", "13101", "13", "131", "https://x.cl", "javascript:x",
              [], ["es"], ["x", "x"], {}, {"es": ""}, {"es": "texto"}, {"fr": "texte"}, "2026-13-45", "2026-11-23"]


def entries() -> list[dict]:
    found = []
    for path in (ROOT / "data" / "resources.yaml", Path(__file__).parent / "fixtures" / "valid.yaml"):
        found += load_file(path, dates=False).data["resources"]
    return found


def mutate(entry: dict, rnd: random.Random) -> dict:
    entry = copy.deepcopy(entry)
    for _ in range(rnd.randint(1, 3)):
        # pick a random container inside the entry, then change, add or remove something in it
        node = entry
        for _ in range(rnd.randint(0, 3)):
            children = [v for v in (node.values() if isinstance(node, dict) else node) if isinstance(v, (dict, list))]
            if not children:
                break
            node = rnd.choice(children)
        if isinstance(node, dict):
            action = rnd.choice(["set", "delete", "add"])
            if action == "delete" and node:
                del node[rnd.choice(list(node))]
            elif action == "set" and node:
                node[rnd.choice(list(node))] = copy.deepcopy(rnd.choice(ODD_VALUES))
            else:
                node[rnd.choice(["es", "en", "region", "comuna", "extra", "open_24_7", "text", "url", "type"])] = \
                    copy.deepcopy(rnd.choice(ODD_VALUES))
        elif isinstance(node, list):
            if node and rnd.random() < 0.5:
                node[rnd.randrange(len(node))] = copy.deepcopy(rnd.choice(ODD_VALUES))
            else:
                node.append(copy.deepcopy(rnd.choice(ODD_VALUES + node)))
    return entry


def test_fast_check_is_never_more_lenient_than_jsonschema():
    fast = load_fast_entry_check()
    validator = Draft202012Validator(SCHEMA["$defs"]["resource"] | {"$defs": SCHEMA["$defs"]},
                                     format_checker=load_validator().format_checker)
    rnd = random.Random(3)
    base = entries()
    agreed_invalid = 0
    for original in base:
        assert fast(original) and not list(validator.iter_errors(original))
    for _ in range(4000):
        entry = mutate(rnd.choice(base), rnd)
        if fast(entry):
            assert not list(validator.iter_errors(entry)), entry
        else:
            agreed_invalid += bool(list(validator.iter_errors(entry)))
    assert agreed_invalid > 1000   # the mutations do exercise the invalid side

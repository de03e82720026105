"""A fast yes/no check for the subset of JSON Schema that ``schemas/resources.schema.json`` uses.

``jsonschema`` is the reference: it produces every error message. But walking 20,000 entries
with it takes ~10 s, while almost every entry of a real catalogue is valid. This module compiles
the same schema into plain Python closures that only answer "valid or not"; the validator then
runs ``jsonschema`` only on the entries this check rejects.

Safety rule: this check may be *stricter* than JSON Schema (an entry it rejects is simply
re-checked by ``jsonschema``, which decides), never more lenient. Any keyword it does not know
makes ``compile_schema`` raise, so a schema change cannot silently bypass validation.
``tests/test_catalogue_fastschema.py`` checks the rule on thousands of mutated entries.
"""
from __future__ import annotations

import re
from typing import Any, Callable

Check = Callable[[Any], bool]

_IGNORED = {"$schema", "$id", "$comment", "title", "description", "$defs", "default", "examples"}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "null": lambda v: v is None,
}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this fast check does not implement."""


def compile_schema(schema: dict, root: dict, formats: dict[str, Callable[[Any], bool]]) -> Check:
    """A function answering whether an instance is (certainly) valid against ``schema``."""
    cache: dict[str, Check] = {}
    return _compile(schema, root, formats, cache)


def _resolve(ref: str, root: dict) -> dict:
    if not ref.startswith("#/"):
        raise UnsupportedSchema(f"solo se admiten referencias locales, no {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _unique(items: list) -> bool:
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a == b:          # stricter than JSON Schema (1 == True): safe
                return False
    return True


def _compile(schema: Any, root: dict, formats: dict, cache: dict[str, Check]) -> Check:
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    checks: list[Check] = []
    for keyword, value in schema.items():
        if keyword in _IGNORED:
            continue
        if keyword == "$ref":
            if value not in cache:
                cache[value] = lambda v: True        # placeholder for recursion
                compiled = _compile(_resolve(value, root), root, formats, cache)
                cache[value] = compiled
            checks.append(lambda v, ref=value: cache[ref](v))
        elif keyword == "type":
            tests = [_TYPES[t] for t in (value if isinstance(value, list) else [value])]
            checks.append(lambda v, tests=tests: any(t(v) for t in tests))
        elif keyword == "properties":
            props = {k: _compile(s, root, formats, cache) for k, s in value.items()}

            def properties(v, props=props):
                if type(v) is not dict:
                    return True
                for key, item in v.items():
                    check = props.get(key)
                    if check is not None and not check(item):
                        return False
                return True
            checks.append(properties)
        elif keyword == "additionalProperties":
            if "patternProperties" in schema:
                raise UnsupportedSchema("patternProperties")
            allowed = frozenset(schema.get("properties", {}))
            if value is False:
                checks.append(lambda v, allowed=allowed: type(v) is not dict or allowed.issuperset(v))
            else:
                extra = _compile(value, root, formats, cache)
                checks.append(lambda v, allowed=allowed, extra=extra: type(v) is not dict or all(
                    extra(item) for key, item in v.items() if key not in allowed))
        elif keyword == "required":
            names = tuple(value)
            checks.append(lambda v, names=names: type(v) is not dict or all(n in v for n in names))
        elif keyword == "enum":
            options = list(value)
            checks.append(lambda v, options=options: any(_same(v, o) for o in options))
        elif keyword == "const":
            checks.append(lambda v, c=value: _same(v, c))
        elif keyword == "pattern":
            search = re.compile(value).search
            checks.append(lambda v, search=search: type(v) is not str or search(v) is not None)
        elif keyword == "minLength":
            checks.append(lambda v, n=value: type(v) is not str or len(v) >= n)
        elif keyword == "maxLength":
            checks.append(lambda v, n=value: type(v) is not str or len(v) <= n)
        elif keyword == "minItems":
            checks.append(lambda v, n=value: type(v) is not list or len(v) >= n)
        elif keyword == "uniqueItems":
            if value:
                checks.append(lambda v: type(v) is not list or _unique(v))
        elif keyword == "items":
            item = _compile(value, root, formats, cache)
            checks.append(lambda v, item=item: type(v) is not list or all(item(x) for x in v))
        elif keyword == "minProperties":
            checks.append(lambda v, n=value: type(v) is not dict or len(v) >= n)
        elif keyword == "allOf":
            parts = [_compile(s, root, formats, cache) for s in value]
            checks.append(lambda v, parts=parts: all(p(v) for p in parts))
        elif keyword == "if":
            condition = _compile(value, root, formats, cache)
            then = _compile(schema.get("then", True), root, formats, cache)
            otherwise = _compile(schema.get("else", True), root, formats, cache)
            checks.append(lambda v, c=condition, t=then, o=otherwise: t(v) if c(v) else o(v))
        elif keyword in ("then", "else"):
            continue   # handled with "if"
        elif keyword == "not":
            inner = _compile(value, root, formats, cache)
            checks.append(lambda v, inner=inner: not inner(v))
        elif keyword == "format":
            if value not in formats:
                raise UnsupportedSchema(f"format {value!r}")
            checks.append(formats[value])
        else:
            raise UnsupportedSchema(f"palabra clave no implementada: {keyword!r}")
    if len(checks) == 1:
        return checks[0]
    checks_tuple = tuple(checks)
    return lambda v: all(c(v) for c in checks_tuple)

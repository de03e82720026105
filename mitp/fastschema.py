"""A fast yes/no check for the subset of JSON Schema that ``schemas/resources.schema.json`` uses.

``jsonschema`` is the reference: it produces every error message. But walking 20,000 entries
with it takes ~10 s, while almost every entry of a real catalogue is valid. This module compiles
the same schema into a plain Python function that only answers "valid or not"; the validator then
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


class UnsupportedSchema(ValueError):
    """The schema uses a keyword this fast check does not implement."""


def compile_schema(schema: dict, root: dict, formats: dict[str, Callable[[Any], bool]]) -> Check:
    """A function answering whether an instance is (certainly) valid against ``schema``.

    The schema is translated once into the source of a Python function (nested ifs and loops, no
    per-value function calls), as fastjsonschema does; ``$ref`` targets are inlined.
    """
    generator = _Generator(root, formats)
    name = generator.function(schema)
    namespace: dict[str, Any] = dict(generator.constants)
    exec(compile("\n".join(generator.lines), "<fastschema>", "exec"), namespace)   # noqa: S102 (our own code)
    check = namespace[name]
    check.source = "\n".join(generator.lines)   # for debugging
    return check


def _resolve(ref: str, root: dict) -> dict:
    if not ref.startswith("#/"):
        raise UnsupportedSchema(f"solo se admiten referencias locales, no {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _unique(items: list) -> bool:
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a == b:          # stricter than JSON Schema (1 == True): safe
                return False
    return True


_TYPE_TESTS = {
    "object": "type({v}) is dict", "array": "type({v}) is list", "string": "type({v}) is str",
    "boolean": "type({v}) is bool", "integer": "type({v}) is int", "number": "type({v}) in (int, float)",
    "null": "{v} is None",
}
_MAX_DEPTH = 30


class _Generator:
    def __init__(self, root: dict, formats: dict[str, Callable[[Any], bool]]):
        self.root = root
        self.formats = formats
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {"_unique": _unique, "_MISSING": object()}
        self.count = 0

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def constant(self, value: Any) -> str:
        name = self.name("C")
        self.constants[name] = value
        return name

    def function(self, schema: Any) -> str:
        name = self.name("check_")
        body = self.body(schema, "v", 1, 0)
        self.lines += [f"def {name}(v):", *body, "    return True", ""]
        return name

    def body(self, schema: Any, v: str, indent: int, depth: int) -> list[str]:
        pad = "    " * indent
        if depth > _MAX_DEPTH:
            raise UnsupportedSchema("esquema demasiado profundo o recursivo")
        if schema is True:
            return []
        if schema is False:
            return [f"{pad}return False"]
        out: list[str] = []
        known = None     # the instance's type, once checked
        types = schema.get("type")
        if types is not None:
            types = types if isinstance(types, list) else [types]
            test = " or ".join(_TYPE_TESTS[t].format(v=v) for t in types)
            out.append(f"{pad}if not ({test}): return False")
            if len(types) == 1:
                known = types[0]

        def guard(kind: str) -> tuple[list[str], str]:
            """Lines that open a block applying only to ``kind``, and the block's indentation."""
            if known == kind:
                return [], pad
            return [f"{pad}if {_TYPE_TESTS[kind].format(v=v)}:"], pad + "    "

        for keyword, value in schema.items():
            if keyword in _IGNORED or keyword in ("type", "then", "else"):
                continue
            if keyword == "$ref":
                out += self.body(_resolve(value, self.root), v, indent, depth + 1)
            elif keyword == "properties":
                opened, inner = guard("object")
                block = []
                for key, subschema in value.items():
                    item = self.name("p")
                    sub = self.body(subschema, item, len(inner) // 4 + 1, depth + 1)
                    if sub:
                        block += [f"{inner}{item} = {v}.get({key!r}, _MISSING)",
                                  f"{inner}if {item} is not _MISSING:", *sub]
                if block:
                    out += opened + block
            elif keyword == "additionalProperties":
                if "patternProperties" in schema:
                    raise UnsupportedSchema("patternProperties")
                allowed = self.constant(frozenset(schema.get("properties", {})))
                opened, inner = guard("object")
                if value is False:
                    out += opened + [f"{inner}if not {allowed}.issuperset({v}): return False"]
                else:
                    key, item = self.name("k"), self.name("a")
                    sub = self.body(value, item, len(inner) // 4 + 2, depth + 1)
                    out += opened + [f"{inner}for {key}, {item} in {v}.items():",
                                     f"{inner}    if {key} not in {allowed}:", *sub]
            elif keyword == "required":
                names = self.constant(tuple(value))
                opened, inner = guard("object")
                out += opened + [f"{inner}for n in {names}:", f"{inner}    if n not in {v}: return False"]
            elif keyword == "enum":
                if not all(isinstance(o, (str, int, float, bool, type(None))) for o in value):
                    raise UnsupportedSchema("enum con valores que no son escalares")
                options = self.constant(frozenset((type(o), o) for o in value))
                scalars = self.constant((str, int, float, bool, type(None)))
                out.append(f"{pad}if type({v}) not in {scalars} or (type({v}), {v}) not in {options}: return False")
            elif keyword == "const":
                constant = self.constant(value)
                out.append(f"{pad}if type({v}) is not type({constant}) or {v} != {constant}: return False")
            elif keyword == "pattern":
                search = self.constant(re.compile(value).search)
                opened, inner = guard("string")
                out += opened + [f"{inner}if {search}({v}) is None: return False"]
            elif keyword in ("minLength", "maxLength", "minItems", "minProperties"):
                kind = {"minLength": "string", "maxLength": "string", "minItems": "array",
                        "minProperties": "object"}[keyword]
                op = "<" if keyword.startswith("min") else ">"
                opened, inner = guard(kind)
                out += opened + [f"{inner}if len({v}) {op} {int(value)}: return False"]
            elif keyword == "uniqueItems":
                if value:
                    opened, inner = guard("array")
                    out += opened + [f"{inner}if not _unique({v}): return False"]
            elif keyword == "items":
                item = self.name("i")
                opened, inner = guard("array")
                sub = self.body(value, item, len(inner) // 4 + 1, depth + 1)
                if sub:
                    out += opened + [f"{inner}for {item} in {v}:", *sub]
            elif keyword == "allOf":
                for subschema in value:
                    out += self.body(subschema, v, indent, depth + 1)
            elif keyword == "if":
                condition = self.function(value)
                then = self.body(schema.get("then", True), v, indent + 1, depth + 1) or [f"{pad}    pass"]
                otherwise = self.body(schema.get("else", True), v, indent + 1, depth + 1) or [f"{pad}    pass"]
                out += [f"{pad}if {condition}({v}):", *then, f"{pad}else:", *otherwise]
            elif keyword == "not":
                inner_check = self.function(value)
                out.append(f"{pad}if {inner_check}({v}): return False")
            elif keyword == "format":
                if value not in self.formats:
                    raise UnsupportedSchema(f"format {value!r}")
                check = self.constant(self.formats[value])
                out.append(f"{pad}if not {check}({v}): return False")
            else:
                raise UnsupportedSchema(f"palabra clave no implementada: {keyword!r}")
        return out

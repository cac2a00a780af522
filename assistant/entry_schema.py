"""Entry data from API clients checked against the case-entry/1 JSON Schema before it is saved.

The schema (`nlp/schemas/case-entry.schema.json`) uses a small part of JSON Schema: type,
enum, const, pattern, minimum, required, properties, additionalProperties, propertyNames,
items, oneOf and local `$ref`s. This checks exactly that part, so the web service needs no
validator library at run time; tests compare it with `jsonschema` on the same documents.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "nlp" / "schemas" / "case-entry.schema.json"
TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


@functools.cache
def case_entry_schema() -> dict[str, Any]:
    """The case-entry/1 schema as the extractor's tests check it."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def problem(value: Any, schema: dict[str, Any] | None = None) -> str | None:
    """The first way `value` breaks the schema ("at /contact/outcome: ..."), or None."""
    root = schema or case_entry_schema()
    return _check(value, root, root, "")


def _is(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str) -> str | None:
    where = at or "/"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        found = _check(value, root["$defs"][name], root, at)
        if found:
            return found
    if "oneOf" in schema:
        passing = [s for s in schema["oneOf"] if _check(value, s, root, at) is None]
        if len(passing) != 1:
            return f"at {where}: not one of the allowed shapes"
    if "const" in schema and value != schema["const"]:
        return f"at {where}: must be {schema['const']!r}"
    if "enum" in schema and not any(_same(value, v) for v in schema["enum"]):
        return f"at {where}: must be one of {', '.join(map(str, schema['enum']))}"
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_is(value, k) for k in kinds):
            return f"at {where}: must be {' or '.join(kinds)}"
    pattern = schema.get("pattern")
    if isinstance(value, str) and pattern and not _matches(pattern, value):
        return f"at {where}: not in the expected form"
    if _is(value, "number") and "minimum" in schema and value < schema["minimum"]:
        return f"at {where}: must be at least {schema['minimum']}"
    if isinstance(value, dict):
        return _check_object(value, schema, root, at)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found = _check(item, schema["items"], root, f"{at}/{i}")
            if found:
                return found
    return None


def _check_object(value: dict, schema: dict[str, Any], root: dict[str, Any], at: str) -> str | None:
    for name in schema.get("required", ()):
        if name not in value:
            return f"at {at or '/'}: {name!r} is missing"
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    names = schema.get("propertyNames")
    for key, item in value.items():
        here = f"{at}/{key[:40]}"
        if names is not None and _check(key, names, root, here):
            return f"at {here}: not an allowed name"
        rule = properties.get(key, extra if isinstance(extra, dict) else None)
        if rule is None and extra is False:
            return f"at {here}: not allowed"
        found = _check(item, rule, root, here) if rule else None
        if found:
            return found
    return None


def _matches(pattern: str, value: str) -> bool:
    """ECMA-262 semantics for these patterns: ASCII classes, and `$` only at the very end."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.search(pattern, value, re.ASCII) is not None


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 and True differ, 1 and 1.0 do not."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b

"""Rewrite the field tables of docs/file-format.md (from schemas/protocol.schema.json) and
docs/session-log.md (from schemas/session-log.schema.json).

Each ``## name`` section whose name is the top level (``protocol``) or a ``$defs`` entry gets
its description line and table regenerated; prose elsewhere is left alone, and a ``$defs``
entry without a section gets one at the end. Run after changing the schema:

    python docs/tools/reference_tables.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "file-format.md"
SCHEMA = json.loads((ROOT / "schemas" / "protocol.schema.json").read_text())
TYPES = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true/false"}


def kind(prop: dict[str, Any]) -> str:
    """The type column: what the field holds, and its bound (every list and text has one)."""
    bound = prop.get("maxItems", prop.get("maxLength"))
    what = _kind(prop)
    if bound is None or "enum" in prop:
        return what
    return f"{what}, at most {bound:,}" + (" characters" if "maxLength" in prop else "")


def _kind(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name})"
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if prop.get("type") == "array":
        return f"list of {_items(prop['items'])}"
    if prop.get("format") == "date":
        return "text (date YYYY-MM-DD)"
    if prop.get("type") == "object":
        return "object"
    return TYPES.get(prop.get("type", ""), "value")


def _items(prop: dict[str, Any]) -> str:
    # A list's items are named without their own bound, which the list's line would repeat
    # ambiguously; a text item's length is said in words.
    length = prop.get("maxLength")
    what = _kind(prop)
    return f"{what} (each at most {length:,} characters)" if length else what


def table(node: dict[str, Any]) -> str:
    required = set(node.get("required", []))
    rows = [
        f"| `{name}` | {kind(prop)} | {'yes' if name in required else ''} | {prop['description']} |"
        for name, prop in node.get("properties", {}).items()
    ]
    head = "| field | type | required | meaning |\n|---|---|---|---|\n"
    return head + "\n".join(rows) + "\n" if rows else ""


def section(name: str, node: dict[str, Any], heading: str) -> str:
    body = f"{node.get('description', '')}\n\n" + table(node)
    return f"{heading}\n\n{body}\n"


def session_log() -> None:
    """docs/session-log.md: one section per object of the log, tables regenerated."""
    log = json.loads((ROOT / "schemas" / "session-log.schema.json").read_text())
    props = log["properties"]
    nodes = {
        "session_log": log,
        "entry": props["entries"]["items"],
        "measurement": props["measurements"]["items"],
        "review": props["reviews"]["items"],
    }
    path = ROOT / "docs" / "session-log.md"
    text = path.read_text()
    for name, node in nodes.items():
        pattern = re.compile(rf"^(## {name}\b[^\n]*)\n.*?(?=^## |\Z)", re.S | re.M)
        found = pattern.search(text)
        block = section(name, node, found.group(1) if found else f"## {name}")
        text = text[: found.start()] + block + text[found.end() :] if found else text + block
    # Types the log shares with protocols are defined in the file-format reference.
    for shared in ("quantity", "unit"):
        text = text.replace(f"](#{shared})", f"](file-format.md#{shared})")
    for field, target in (
        ("entries", "entry"),
        ("measurements", "measurement"),
        ("reviews", "review"),
    ):
        text = text.replace(
            f"| `{field}` | list of object", f"| `{field}` | list of [{target}](#{target})"
        )
    path.write_text(text.rstrip("\n") + "\n")


def main() -> None:
    text = DOC.read_text()
    nodes = {"protocol": SCHEMA, **SCHEMA["$defs"]}
    for name, node in nodes.items():
        pattern = re.compile(rf"^(## {name}\b[^\n]*)\n.*?(?=^## |\Z)", re.S | re.M)
        found = pattern.search(text)
        if found is None:
            text = text.rstrip("\n") + "\n\n" + section(name, node, f"## {name}")
        elif node.get("properties"):
            text = text[: found.start()] + section(name, node, found.group(1)) + text[found.end() :]
    DOC.write_text(text.rstrip("\n") + "\n")
    session_log()


if __name__ == "__main__":
    main()

"""YAML for RenderCV input and Hugo front matter, written by hand for a few plain shapes.

Every string is double-quoted, with each character YAML may not carry raw escaped, so
no title can end a value, open a comment or an anchor, or read as a number, a date or
`yes`. Only dicts, lists, strings, whole numbers and booleans are written, in block style.
"""

from __future__ import annotations

import re

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# YAML 1.1 reads these as booleans or null; some readers (PyYAML, Go's yaml.v2) still do.
_SPECIAL_WORDS = frozenset("y n yes no on off true false null".split())
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}

Value = dict | list | str | int | bool


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    # YAML's printable set, less the line breaks YAML 1.1 knows (NEL, U+2028, U+2029)
    # and the byte-order mark.
    printable = (
        0x20 <= code <= 0x7E
        or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or code >= 0x10000
    )
    if printable:
        return char
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def quoted(text: str) -> str:
    return '"' + "".join(map(_escape, text)) + '"'


def key(name: str) -> str:
    if _PLAIN_KEY.fullmatch(name) and name.lower() not in _SPECIAL_WORDS:
        return name
    return quoted(name)


def scalar(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return quoted(value)


def lines(value: Value, indent: str = "") -> list[str]:
    """The block-style lines of a dict or list, each starting with `indent`."""
    result: list[str] = []
    if isinstance(value, dict):
        for name, item in value.items():
            result.extend(_entry(f"{indent}{key(str(name))}:", item, indent + "  "))
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                inner = lines(item, indent + "  ")
                result.append(f"{indent}- {inner[0].lstrip()}")
                result.extend(inner[1:])
            else:
                result.extend(_entry(f"{indent}-", item, indent + "  "))
    else:
        raise TypeError(f"not a dict or list: {value!r}")
    return result


def _entry(head: str, item: Value, indent: str) -> list[str]:
    if isinstance(item, dict | list):
        if not item:
            return [f"{head} {'{}' if isinstance(item, dict) else '[]'}"]
        return [head, *lines(item, indent)]
    return [f"{head} {scalar(item)}"]


def dump(value: dict) -> str:
    return "\n".join(lines(value)) + "\n"

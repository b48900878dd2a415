"""The house style for a whole library: text in, formatted text out (pure functions)."""

from __future__ import annotations

import re
from enum import StrEnum

from publist import bibfile, fields
from publist.bibfile import Block, RawField, has_top_level_hash
from publist.errors import ParseError
from publist.model import evaluate, month_macro


class SortOrder(StrEnum):
    NONE = "none"
    YEAR = "year"
    KEY = "key"


def format_library(text: str, sort: SortOrder = SortOrder.NONE) -> str:
    """Every entry in the house style; comments, @string, @preamble and gaps kept as written.

    Sorting moves entries among the slots entries held, so the comment above the
    first entry stays above the first entry.
    """
    blocks, problems = bibfile.parse_text(text)
    if problems:
        first = problems[0]
        raise ParseError(f"line {first.line}: {first.message}; fix it before formatting")
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1] else "\n"
    macros = {
        block.key.lower(): block.fields[0][1]
        for block in blocks
        if block.kind == "string" and block.key and block.fields
    }
    entries = [block for block in blocks if block.kind == "entry"]
    ordered = _sorted(entries, sort, macros)
    rendered = iter(_render(block, macros, newline, text) for block in ordered)
    pieces, cursor = [], 0
    for block in blocks:
        pieces.append(text[cursor : block.start])
        cursor = block.end
        pieces.append(next(rendered) if block.kind == "entry" else text[block.start : block.end])
    pieces.append(text[cursor:])
    return "".join(pieces)


def _render(block: Block, macros: dict[str, str], newline: str, text: str) -> str:
    entry_type = (block.entry_type or "misc").lower()
    if bibfile.entry_problem(entry_type, block.key or "", block.fields):
        # The parser misread this entry (a quote inside braces, say); rewriting
        # what it read would lose text, so the entry stays exactly as written.
        return text[block.start : block.end]
    return bibfile.render_entry(
        entry_type,
        block.key or "",
        house_fields(block.fields, macros),
        newline,
    )


def house_fields(raw: list[RawField], macros: dict[str, str] | None = None) -> list[RawField]:
    """Fields in the canonical order (known first, the rest as they came), values in house form."""
    macros = macros or {}
    return [
        (name.lower(), house_value(name.lower(), value, macros))
        for name, value in bibfile.house_order(raw)
    ]


def house_value(name: str, raw: str, macros: dict[str, str]) -> str:
    """One value in house form: braces, bare numbers, month macros, bare DOIs.

    Values that use @string macros or concatenation stay as written: rewriting
    them would lose the macro the author chose.
    """
    value = raw.strip()
    if name == "month":
        month = _month_macro(value, macros)
        if month:
            return month
    if value.isdigit():
        return value
    if _is_composite(value, macros):
        return value
    text = _inner(value)
    if name == "doi":
        text = fields.strip_doi(text)
    return bibfile.braced(text)


def _month_macro(value: str, macros: dict[str, str]) -> str | None:
    if value.lower() in macros:
        return None
    return month_macro(evaluate(value, {}))


def _is_composite(value: str, macros: dict[str, str]) -> bool:
    """A value that uses '#' or a macro name rather than a braced or quoted string."""
    if "#" in value and has_top_level_hash(value):
        return True
    if value.startswith(("{", '"')) or value.isdigit():
        return False
    return True  # a bare macro name (defined or not): keep it


def _inner(value: str) -> str:
    """The text inside one pair of outer braces or quotes."""
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}":
        return value[1:-1]
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        inner = value[1:-1]
        # A quoted value may hold '{"}' or bare braces; it moves into braces unchanged.
        return inner
    return value


def _sorted(entries: list[Block], sort: SortOrder, macros: dict[str, str]) -> list[Block]:
    if sort is SortOrder.KEY:
        return sorted(entries, key=lambda block: (block.key or "").lower())
    if sort is SortOrder.YEAR:
        # Newest first, as a CV lists them; the file's order breaks ties.
        return sorted(entries, key=lambda block: -_year(block, macros))
    return list(entries)


def _year(block: Block, macros: dict[str, str]) -> int:
    raw = fields.get_raw(block.fields, "year") or fields.get_raw(block.fields, "date") or ""
    match = re.search(r"\d{4}", evaluate(raw, macros))
    return int(match.group()) if match else 0


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff of two texts of one file, '' when they are equal."""
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"{path} (now)",
        tofile=f"{path} (after)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

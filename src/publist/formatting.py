"""`publist fmt`: a whole library in the house style (house.py): text in, text out (pure)."""

from __future__ import annotations

import re
from enum import StrEnum

from publist import house, storage
from publist.bibtex import RawField, evaluate
from publist.blocks import Block, parse_text
from publist.errors import ParseError


class SortOrder(StrEnum):
    NONE = "none"
    YEAR = "year"
    KEY = "key"


def format_library(text: str, sort: SortOrder = SortOrder.NONE) -> str:
    """Every entry in the house style; comments, @string, @preamble and gaps kept as written.

    Sorting moves entries among the slots entries held, so the comment above the
    first entry stays above the first entry.
    """
    blocks, problems = parse_text(text)
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
    rendered = iter((block.key, *_render(block, macros, newline, text)) for block in ordered)
    pieces, cursor, wanted = [], 0, []
    for block in blocks:
        pieces.append(text[cursor : block.start])
        cursor = block.end
        if block.kind == "entry":
            key, entry_text, fields = next(rendered)
            pieces.append(entry_text)
            wanted.append((key, fields))
        else:
            pieces.append(text[block.start : block.end])
    pieces.append(text[cursor:])
    result = "".join(pieces)
    _check_reads_back(result, wanted)
    return result


def _render(
    block: Block, macros: dict[str, str], newline: str, text: str
) -> tuple[str, list[RawField]]:
    """The entry's new text and the fields it holds."""
    entry_type = (block.entry_type or "misc").lower()
    if house.entry_problem(entry_type, block.key or "", block.fields):
        # The parser misread this entry (a quote inside braces, say); rewriting
        # what it read would lose text, so the entry stays exactly as written.
        return text[block.start : block.end], block.fields
    fields = house.house_fields(block.fields, macros)
    return house.render_entry(entry_type, block.key or "", fields, newline), fields


def _check_reads_back(result: str, wanted: list[tuple[str | None, list[RawField]]]) -> None:
    """The formatted text must read back as the entries it was made to hold (one parse of
    the whole text: fmt touches every entry)."""
    blocks, problems = parse_text(result)
    read = [(block.key, block.fields) for block in blocks if block.kind == "entry"]
    if problems or len(read) != len(wanted):
        raise ParseError("the formatted text would not read back; nothing was written")
    for (key, fields), (read_key, read_fields) in zip(wanted, read, strict=True):
        if key != read_key or [value for _, value in fields] != [v for _, v in read_fields]:
            raise ParseError(
                f"{key}: the formatted entry would not read back as written; nothing was written"
            )


def _sorted(entries: list[Block], sort: SortOrder, macros: dict[str, str]) -> list[Block]:
    if sort is SortOrder.KEY:
        return sorted(entries, key=lambda block: (block.key or "").lower())
    if sort is SortOrder.YEAR:
        # Newest first, as a CV lists them; the file's order breaks ties.
        return sorted(entries, key=lambda block: -_year(block, macros))
    return list(entries)


def _year(block: Block, macros: dict[str, str]) -> int:
    raw = storage.get_raw(block.fields, "year") or storage.get_raw(block.fields, "date") or ""
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

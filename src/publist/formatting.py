"""`publist fmt`: a whole library in the house style (house.py): text in, text out (pure)."""

from __future__ import annotations

import copy
import re
from bisect import bisect_left
from enum import StrEnum

from publist import house, storage
from publist.bibtex import RawField, evaluate
from publist.blocks import Block, Problem, parse_text
from publist.errors import ParseError


class SortOrder(StrEnum):
    NONE = "none"
    YEAR = "year"
    KEY = "key"


def format_library(
    text: str,
    sort: SortOrder = SortOrder.NONE,
    parsed: tuple[list[Block], list[Problem]] | None = None,
) -> str:
    """Every entry in the house style; comments, @string, @preamble and gaps kept as written.

    Sorting moves entries among the slots entries held, so the comment above the
    first entry stays above the first entry. `parsed`: the text's blocks, when the caller
    has them already (a command loaded the library).
    """
    blocks, problems = parsed if parsed is not None else parse_text(text)
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
    _check_reads_back(result, wanted, text, blocks)
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


def _check_reads_back(
    result: str, wanted: list[tuple[str | None, list[RawField]]], text: str, blocks: list[Block]
) -> None:
    """The formatted text must read back as the entries it was made to hold: a parse of the
    whole text, made from the parse of the text before (revision.reparse: what fmt left as
    it was is not split again; a formatted library's check costs next to nothing)."""
    from publist.revision import reparse

    found = reparse(text, [copy.copy(block) for block in blocks], result)
    after, problems = found if found is not None else parse_text(result)
    read = [(block.key, block.fields) for block in after if block.kind == "entry"]
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
    """A unified diff of two texts of one file, '' when they are equal.

    Lines that stand once in each text and in the same order (every entry's first line, as
    a rule) anchor the two texts to each other; difflib compares only what lies between
    two anchors: an entry or a few, however large the file (difflib over a whole library
    grows with the square of its length).
    """
    if before == after:
        return ""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    lines = [f"--- {path} (now)\n", f"+++ {path} (after)\n"]
    for hunk in _hunks(_opcodes(old, new), CONTEXT):
        first, last = hunk[0], hunk[-1]
        lines.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, old_start, old_end, new_start, new_end in hunk:
            if tag == "equal":
                lines += [" " + line for line in old[old_start:old_end]]
                continue
            lines += ["-" + line for line in old[old_start:old_end]]
            lines += ["+" + line for line in new[new_start:new_end]]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


CONTEXT = 3  # unchanged lines shown around a change, as diff -u does
DEPTH = 4  # anchors looked for again inside a stretch between anchors, at most this deep
SMALL = 100  # lines of a stretch difflib compares without looking for anchors first
Opcode = tuple[str, int, int, int, int]  # as difflib's: tag, old start, old end, new start, new end


def _opcodes(old: list[str], new: list[str]) -> list[Opcode]:
    """How the lines `old` become `new`, as difflib's opcodes (adjacent changes joined)."""
    found: list[Opcode] = []
    _match(old, new, (0, len(old), 0, len(new)), found, DEPTH)
    merged: list[Opcode] = []
    for code in found:
        if code[1] == code[2] and code[3] == code[4]:
            continue
        if merged and (merged[-1][0] == "equal") == (code[0] == "equal"):
            tag = "equal" if code[0] == "equal" else "replace"
            merged[-1] = (tag, merged[-1][1], code[2], merged[-1][3], code[4])
        else:
            merged.append(code)
    return merged


def _match(old: list[str], new: list[str], span: tuple[int, int, int, int],
           found: list[Opcode], depth: int) -> None:  # fmt: skip
    """Opcodes of old[i:i_end] against new[j:j_end]: the same start and end, then the
    anchors between, then the stretches between anchors (difflib when there is none)."""
    i, i_end, j, j_end = span
    first_i, first_j = i, j
    while i < i_end and j < j_end and old[i] == new[j]:
        i, j = i + 1, j + 1
    found.append(("equal", first_i, i, first_j, j))
    last_i, last_j = i_end, j_end
    while last_i > i and last_j > j and old[last_i - 1] == new[last_j - 1]:
        last_i, last_j = last_i - 1, last_j - 1
    small = (last_i - i) + (last_j - j) <= SMALL
    anchors = _anchors(old, new, i, last_i, j, last_j) if depth and not small else []
    if not anchors:
        import difflib

        matcher = difflib.SequenceMatcher(None, old[i:last_i], new[j:last_j])
        for tag, a, b, c, d in matcher.get_opcodes():
            found.append((tag, i + a, i + b, j + c, j + d))
    else:
        for anchor_i, anchor_j in anchors:
            _between(old, new, (i, anchor_i, j, anchor_j), found, depth - 1)
            found.append(("equal", anchor_i, anchor_i + 1, anchor_j, anchor_j + 1))
            i, j = anchor_i + 1, anchor_j + 1
        _between(old, new, (i, last_i, j, last_j), found, depth - 1)
    found.append(("equal", last_i, i_end, last_j, j_end))


def _between(old: list[str], new: list[str], span: tuple[int, int, int, int],
             found: list[Opcode], depth: int) -> None:  # fmt: skip
    """The stretch between two anchors: nothing, lines only added or only removed, or both."""
    i, i_end, j, j_end = span
    if i == i_end and j == j_end:
        return
    if i == i_end or j == j_end:
        found.append(("insert" if i == i_end else "delete", i, i_end, j, j_end))
    else:
        _match(old, new, span, found, depth)


def _anchors(old: list[str], new: list[str], i: int, i_end: int, j: int, j_end: int):
    """Lines that stand exactly once in old[i:i_end] and once in new[j:j_end], the most of
    them that keep their order in both (a longest increasing run), as (old, new) places."""
    once_old = _once(old, i, i_end)
    once_new = _once(new, j, j_end)
    pairs = [(place, once_new[line]) for line, place in once_old.items()
             if place >= 0 and once_new.get(line, -1) >= 0]  # fmt: skip
    tails: list[int] = []  # the smallest new place ending a run of each length
    ends: list[int] = []  # which pair that is
    before = [-1] * len(pairs)  # the pair before each in its run
    for index, (_, place) in enumerate(pairs):
        length = bisect_left(tails, place)
        if length == len(tails):
            tails.append(place)
            ends.append(index)
        else:
            tails[length], ends[length] = place, index
        before[index] = ends[length - 1] if length else -1
    run = []
    index = ends[-1] if ends else -1
    while index >= 0:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


def _once(lines: list[str], start: int, end: int) -> dict[str, int]:
    """Each line's place in lines[start:end], or -1 for a line that stands there twice."""
    places: dict[str, int] = {}
    for place in range(start, end):
        line = lines[place]
        places[line] = -1 if line in places else place
    return places


def _hunks(codes: list[Opcode], context: int) -> list[list[Opcode]]:
    """The opcodes in hunks: each change with `context` unchanged lines around it, and two
    changes that close together in one hunk."""
    if codes and codes[0][0] == "equal":
        tag, i, i_end, j, j_end = codes[0]
        codes[0] = (tag, max(i, i_end - context), i_end, max(j, j_end - context), j_end)
    if codes and codes[-1][0] == "equal":
        tag, i, i_end, j, j_end = codes[-1]
        codes[-1] = (tag, i, min(i_end, i + context), j, min(j_end, j + context))
    hunks: list[list[Opcode]] = []
    current: list[Opcode] = []
    for tag, i, i_end, j, j_end in codes:
        if tag == "equal" and i_end - i > 2 * context and current:
            current.append((tag, i, i + context, j, j + context))
            hunks.append(current)
            current = [(tag, i_end - context, i_end, j_end - context, j_end)]
        else:
            current.append((tag, i, i_end, j, j_end))
    if any(code[0] != "equal" for code in current):
        hunks.append(current)
    return hunks


def _range(start: int, end: int) -> str:
    """A hunk's line range as unified diffs write it (1-based; an empty range names the
    line before it)."""
    length = end - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"

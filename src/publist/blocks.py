"""A library's text as blocks: entries, @string, @preamble, comments and failed blocks,
each with its exact span in the text (bibtexparser splits; publist keeps the spans)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from publist.bibtex import RawField, well_formed
from publist.errors import EncodingProblem, LibraryError

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class Block:
    """One block of the file, with its span in the library's text."""

    kind: str  # entry, string, preamble, comment, failed
    start: int
    end: int
    line: int  # 1-based line of the block's first character
    key: str | None = None
    entry_type: str | None = None
    fields: list[RawField] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file that read-only commands warn about."""

    line: int
    message: str


def decode(data: bytes, encoding: str | None, path: Path) -> tuple[str, str, bytes]:
    """Text, encoding and byte-order mark of a file; one clear error when it is not text."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], name, path), name, bom
    name = encoding or "utf-8"
    if encoding is None and b"\x00" in data[:4096]:
        raise EncodingProblem(
            f"{path} is not a text file in UTF-8 (it holds NUL bytes: UTF-16 without a "
            "byte-order mark, or binary data); convert it to UTF-8 or pass --encoding"
        )
    return _decode_as(data, name, path), name, b""


def _decode_as(data: bytes, name: str, path: Path) -> str:
    try:
        return data.decode(name)
    except LookupError:
        raise EncodingProblem(f"unknown encoding '{name}'") from None
    except UnicodeDecodeError as error:
        raise EncodingProblem(
            f"{path} is not valid {name} (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); pass --encoding (for example cp1252 or gbk) or convert it "
            f"with: iconv -f CP1252 -t UTF-8"
        ) from None


def parse_text(text: str) -> tuple[list[Block], list[Problem]]:
    """Split text into blocks with exact spans; failures become problems, not exceptions."""
    import logging

    import bibtexparser
    from bibtexparser import model

    # bibtexparser logs each failure itself; we report them as problems instead.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    seen, mark = _count_every_brace(text)
    parsed = bibtexparser.parse_string(seen, parse_stack=[])
    blocks: list[Block] = []
    problems: list[Problem] = []
    cursor = 0
    for item in parsed.blocks:
        raw = item.raw or ""
        if not raw:
            continue
        start = -1
        if blocks and blocks[-1].kind == "failed":
            # After a failure bibtexparser may restart at an '@' inside the failed block.
            start = seen.find(raw, blocks[-1].start + 1, cursor + len(raw))
            if 0 <= start < cursor:
                _cut_short(blocks, problems, start)
        if start < 0 or start > cursor:
            start = seen.find(raw, cursor)
        if start < 0:
            # bibtexparser's raw text should always be found; never guess spans if not.
            raise LibraryError(f"cannot locate the block at line {(item.start_line or 0) + 1}")
        end = start + len(raw)
        cursor = end
        line = (item.start_line or 0) + 1
        if isinstance(item, model.Entry):
            fields = [(f.key, f.value) for f in item.fields]
            key = item.key
            if mark is not None:
                fields = [(name, _shown(value, mark)) for name, value in fields]
                key = _shown(key, mark)
            misread = _misread(fields)
            if misread is not None:
                # bibtexparser takes in what BibTeX stops at (text after a closed value, a
                # quote inside quotes): BibTeX would read this entry otherwise, so it fails.
                message = (
                    f"entry '{key}': its {misread} value does not read as BibTeX reads it "
                    "(a brace that closes early or never, a quote inside quotes); write the "
                    "value in braces with its braces balanced"
                )
                blocks.append(Block("failed", start, end, line, error=message))
                problems.append(Problem(line, message))
                continue
            blocks.append(Block("entry", start, end, line, key, item.entry_type, fields))
        elif isinstance(item, model.String):
            value = [("", _shown(item.value, mark))]
            blocks.append(Block("string", start, end, line, item.key, fields=value))
        elif isinstance(item, model.Preamble):
            blocks.append(Block("preamble", start, end, line))
        elif isinstance(item, model.ParsingFailedBlock):
            message = _shown(_failure_message(item), mark)
            problems.append(Problem(line, message))
            entry = getattr(item, "ignore_error_block", None)
            if isinstance(entry, model.Entry) and entry.key:
                # A repeated field or key: BibTeX reads the entry all the same (the first
                # value of a field), so readers show it; writers still refuse the file.
                fields = [(f.key, _shown(f.value, mark)) for f in entry.fields]
                blocks.append(
                    Block("entry", start, end, line, entry.key, entry.entry_type, fields, message)
                )
            else:
                blocks.append(Block("failed", start, end, line, error=message))
        else:
            blocks.append(Block("comment", start, end, line))
    return blocks, problems


_BRACE_AFTER_BACKSLASH = re.compile(r"\\(?=[{}])")


def _count_every_brace(text: str) -> tuple[str, str | None]:
    """The text as bibtexparser should see it, and the character standing in for a backslash.

    BibTeX counts every brace in a value, a backslash before it or not (bibtex.web,
    scan_balanced_braces; `\\{` is an open brace to BibTeX), but bibtexparser skips a brace
    after a backslash: it would cut `{$\\{x}$ and $\\{y}$}` short and run `{Best\\}` into
    the next entry. Such backslashes are hidden behind a character the text does not hold
    (same length, so every span stays true) and given back in what the blocks hold.
    """
    if "\\{" not in text and "\\}" not in text:
        return text, None
    mark = next(chr(code) for code in range(0xE000, 0x110000) if chr(code) not in text)
    return _BRACE_AFTER_BACKSLASH.sub(mark, text), mark


def _misread(fields: list[RawField]) -> str | None:
    """The first field whose value BibTeX would read otherwise than bibtexparser did."""
    for name, value in fields:
        if not well_formed(value):
            return name
    return None


def _shown(value, mark: str | None):
    return value.replace(mark, "\\") if mark and isinstance(value, str) else value


def _cut_short(blocks: list[Block], problems: list[Problem], start: int) -> None:
    """End the previous block where an overlapping one starts; it can no longer be an entry."""
    previous = blocks[-1]
    previous.end = start
    if previous.kind != "failed":
        message = "cannot parse this block: it runs into the next one"
        blocks[-1] = Block("failed", previous.start, start, previous.line, error=message)
        problems.append(Problem(previous.line, message))


def _failure_message(item) -> str:
    from bibtexparser import model

    if isinstance(item, model.DuplicateBlockKeyBlock):
        return f"duplicate citation key '{item.key}'"
    if isinstance(item, model.DuplicateFieldKeyBlock):
        names = ", ".join(sorted(item.duplicate_keys))
        key = getattr(item.ignore_error_block, "key", "?")
        return f"entry '{key}' has the field {names} more than once"
    lines = str(item.error).strip().splitlines() or ["syntax error"]
    return f"cannot parse this block: {lines[-1].strip()}"


def read_back_problem(text: str, entry_type: str, key: str, fields: list[RawField]) -> str | None:
    """Why an entry's text would not read back as exactly this entry, or None.

    The last check before anything is written: whatever a value holds and wherever it came
    from, text that the parser would cut, merge into the next block or read otherwise is
    never written (nothing that does not parse back reaches the file).
    """
    blocks, problems = parse_text(text)
    if problems:
        return problems[0].message
    entries = [block for block in blocks if block.kind == "entry"]
    if len(blocks) != 1 or len(entries) != 1:
        return "it would read back as another number of blocks"
    block = entries[0]
    if block.key != key or (block.entry_type or "").lower() != entry_type.lower():
        return "its type or key would read back otherwise"
    wanted = [(name.lower(), value) for name, value in fields]
    read = [(name.lower(), value) for name, value in block.fields]
    for (name, value), (_, got) in zip(wanted, read, strict=False):
        if value != got:
            return f"its {name} value {value!r} would read back as {got!r}"
    if len(wanted) != len(read):
        return "its fields would read back otherwise"
    return None

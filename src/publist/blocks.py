"""A library's text as blocks: entries, @string, @preamble, comments and failed blocks,
each with its exact span in the text (bibtexparser's split, read faster where the text is
plain: scanner.py; publist keeps the spans)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern

from publist.bibtex import RawField, well_formed
from publist.errors import EncodingProblem, LibraryError
from publist.patterns import compile_on_use
from publist.scanner import BLOCK_START, Lines, plain_entry

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(slots=True)  # a library holds one per entry: 100k entries, 15 MB of dicts less
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
    """Split text into blocks with exact spans; failures become problems, not exceptions.

    Plain entries are read by scanner.py's patterns; from the end of the block before
    anything else, bibtexparser splits a stretch of text, and its blocks are kept up to
    the last one that closed with its brace (there the splitter starts afresh, whatever
    follows). Duplicate keys are found over the whole file, as bibtexparser's library does.
    """
    blocks: list[Block] = []
    split(text, 0, blocks, Lines(text))
    mark_duplicate_keys(blocks)
    return blocks, problems_of(blocks)


def problems_of(blocks: list[Block]) -> list[Problem]:
    return [Problem(block.line, block.error or "") for block in blocks if block.error]


def split(text: str, position: int, blocks: list[Block], lines: Lines) -> None:
    """Append the blocks of text from `position` (where the splitter starts afresh: the
    text's start or the end of a closed block) to its end."""
    while position < len(text):
        position = split_next(text, position, blocks, lines)


def split_next(text: str, position: int, blocks: list[Block], lines: Lines) -> int:
    """Append the next block (with the text before it) from `position`, where the splitter
    starts afresh, or a few when bibtexparser reads them; returns where it starts afresh
    again: after them, or at the end of the text."""
    found = BLOCK_START.search(text, position)
    if found is None:
        _add_comment(text, position, len(text), blocks, lines)
        return len(text)
    entry = plain_entry(text, found.start())
    # An entry BibTeX would read otherwise is a failed block, told as bibtexparser tells it.
    if entry is None or _misread(entry[2]) is not None:
        return _split_slowly(text, position, found.start(), blocks, lines)
    _add_comment(text, position, found.start(), blocks, lines)
    entry_type, key, fields, end = entry
    line = lines.at(found.start())
    blocks.append(Block("entry", found.start(), end, line, key, intern(entry_type), named(fields)))
    return end


def named(fields: list[RawField]) -> list[RawField]:
    """The fields, each name one string shared by every entry (sys.intern): a library repeats
    a few dozen names, a separate string each time took 45 MB at 100k entries."""
    return [(intern(name), value) for name, value in fields]


def _add_comment(text: str, start: int, end: int, blocks: list[Block], lines: Lines) -> None:
    """The text between blocks, as the splitter keeps it: an implicit comment when it is
    more than whitespace, without the space around it."""
    gap = text[start:end]
    stripped = gap.lstrip()
    if stripped.rstrip():
        begin = start + len(gap) - len(stripped)
        blocks.append(Block("comment", begin, begin + len(stripped.rstrip()), lines.at(begin)))


_LINE_START_BLOCK = compile_on_use(r"\n[ \t]*(?=@)")


def _split_slowly(text: str, position: int, start: int, blocks: list[Block], lines: Lines) -> int:
    """bibtexparser's blocks from `position` on, up to the end of the last block past
    `start` that closed with its brace (or to the end of the text); where they end."""
    reach = 1
    while True:
        stop = _LINE_START_BLOCK.search(text, start + reach)
        end = stop.end() if stop else len(text)
        found = _bibtexparser_blocks(text[position:end], position, lines.at(position) - 1)
        if end == len(text):
            blocks += found
            return end
        closed = [
            index
            for index, block in enumerate(found)
            if block.end > start and closes_cleanly(text, block)
        ]
        if closed:
            blocks += found[: closed[-1] + 1]
            return found[closed[-1]].end
        reach = 2 * (end - start)  # the block runs on: take twice as much text


def closes_cleanly(text: str, block: Block) -> bool:
    """A block after which the splitter starts afresh: one that ended at its closing
    delimiter (an entry, @string, @preamble or @comment; not text between blocks)."""
    return block.kind in ("entry", "string", "preamble") or (
        block.kind == "comment" and BLOCK_START.match(text, block.start) is not None
    )


def mark_duplicate_keys(blocks: list[Block]) -> None:
    """An entry or @string whose key an earlier one has fails, as in bibtexparser's library
    (keys as written: case counts there). A repeated entry is still read, as BibTeX reads
    it (see _bibtexparser_blocks); an entry BibTeX would misread keeps its key taken."""
    strings: set[str] = set()
    entries: set[str] = set()
    for index, block in enumerate(blocks):
        if block.key is None:
            continue
        if block.kind == "string":
            if block.key in strings:
                message = f"duplicate citation key '{block.key}'"
                blocks[index] = Block("failed", block.start, block.end, block.line, error=message)
            strings.add(block.key)
        elif block.kind == "failed" or (block.kind == "entry" and block.error is None):
            if block.key in entries:
                message = f"duplicate citation key '{block.key}'"
                span = (block.start, block.end, block.line)
                blocks[index] = (
                    Block("entry", *span, block.key, block.entry_type, block.fields, message)
                    if block.key  # without a key there is nothing to show it by
                    else Block("failed", *span, error=message)
                )
            entries.add(block.key)


def _bibtexparser_blocks(text: str, offset: int = 0, lines_before: int = 0) -> list[Block]:
    """bibtexparser's split of a text, as blocks with spans (moved by `offset` and
    `lines_before`: the text may be a stretch of a larger one)."""
    import logging

    import bibtexparser
    from bibtexparser import model

    # bibtexparser logs each failure itself; we report them as problems instead.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    seen, mark = _count_every_brace(text)
    parsed = bibtexparser.parse_string(seen, parse_stack=[])
    blocks: list[Block] = []
    cursor = 0
    for item in parsed.blocks:
        raw = item.raw or ""
        if not raw:
            continue
        start = -1
        if blocks and blocks[-1].kind == "failed":
            # After a failure bibtexparser may restart at an '@' inside the failed block.
            start = seen.find(raw, blocks[-1].start - offset + 1, cursor + len(raw))
            if 0 <= start < cursor:
                _cut_short(blocks, start + offset)
        if start < 0 or start > cursor:
            start = seen.find(raw, cursor)
        if start < 0:
            # bibtexparser's raw text should always be found; never guess spans if not.
            line = (item.start_line or 0) + 1 + lines_before
            raise LibraryError(f"cannot locate the block at line {line}")
        end = start + len(raw)
        cursor = end
        span = (start + offset, end + offset, (item.start_line or 0) + 1 + lines_before)
        if isinstance(item, model.Entry):
            fields = [(intern(f.key), f.value) for f in item.fields]
            key = item.key
            if mark is not None:
                fields = [(name, _shown(value, mark)) for name, value in fields]
                key = _shown(key, mark)
            misread = _misread(fields)
            if misread is not None:
                # bibtexparser takes in what BibTeX stops at (text after a closed value, a
                # quote inside quotes): BibTeX would read this entry otherwise, so it fails.
                # It keeps its key and fields: bibtexparser's library counts its key taken.
                message = misread_message(key, misread)
                blocks.append(Block("failed", *span, key, item.entry_type, fields, message))
                continue
            blocks.append(Block("entry", *span, key, item.entry_type, fields))
        elif isinstance(item, model.String):
            value = [("", _shown(item.value, mark))]
            blocks.append(Block("string", *span, item.key, fields=value))
        elif isinstance(item, model.Preamble):
            blocks.append(Block("preamble", *span))
        elif isinstance(item, model.ParsingFailedBlock):
            message = _shown(_failure_message(item), mark)
            entry = getattr(item, "ignore_error_block", None)
            if isinstance(entry, model.Entry) and entry.key:
                # A repeated field or key: BibTeX reads the entry all the same (the first
                # value of a field), so readers show it; writers still refuse the file.
                fields = [(intern(f.key), _shown(f.value, mark)) for f in entry.fields]
                blocks.append(Block("entry", *span, entry.key, entry.entry_type, fields, message))
            else:
                blocks.append(Block("failed", *span, error=message))
        else:
            blocks.append(Block("comment", *span))
    return blocks


_BRACE_AFTER_BACKSLASH = compile_on_use(r"\\(?=[{}])")


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


def misread_message(key: str, name: str) -> str:
    return (
        f"entry '{key}': its {name} value does not read as BibTeX reads it (a brace that "
        "closes early or never, a quote inside quotes); write the value in braces with its "
        "braces balanced"
    )


def _cut_short(blocks: list[Block], start: int) -> None:
    """End the previous (failed) block where an overlapping one starts."""
    previous = blocks[-1]
    previous.end = start
    if previous.kind != "failed":
        message = "cannot parse this block: it runs into the next one"
        blocks[-1] = Block("failed", previous.start, start, previous.line, error=message)


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

"""The library file: the only module that reads or writes files on disk.

A library is kept as its original text plus a list of blocks, each knowing its
exact span in that text. Saving splices: untouched blocks and the text between
them are written back byte for byte; only entries that were added, changed or
removed are rendered anew, in the house style. Writes are atomic and locked.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from publist.errors import EncodingProblem, LibraryError, LockTimeout, ParseError, UnknownKey

# A field as stored: its name and its raw value text ("{Orca}", "2022", "jan", "osdi # { 2022}").
RawField = tuple[str, str]

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


@dataclass
class LibraryFile:
    """The text of a library, its blocks, and the pending edits."""

    path: Path
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    blocks: list[Block] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    existed: bool = True
    notices: list[str] = field(default_factory=list)  # for the user, said by the CLI
    cache_file: Path | None = None  # where the parse of this text is (or would be) kept
    _replaced: dict[int, str] = field(default_factory=dict)  # block index -> new text
    _removed: set[int] = field(default_factory=set)
    _added: list[Block] = field(default_factory=list)
    _added_text: list[str] = field(default_factory=list)

    # --- reading ---

    @property
    def newline(self) -> str:
        """The file's line ending, which new text follows too."""
        first = self.text.find("\n")
        return "\r\n" if first > 0 and self.text[first - 1] == "\r" else "\n"

    def entries(self) -> list[Block]:
        live = [
            block
            for index, block in enumerate(self.blocks)
            if block.kind == "entry" and index not in self._removed
        ]
        return live + [block for block in self._added if block.kind == "entry"]

    def entry(self, key: str) -> Block:
        for block in self.entries():
            if block.key == key:
                return block
        raise UnknownKey(f"no entry with key '{key}' in {self.path}")

    def has_key(self, key: str) -> bool:
        lowered = key.lower()
        return any((block.key or "").lower() == lowered for block in self.entries())

    def macros(self) -> dict[str, str]:
        """The raw values of the file's @string definitions, by lower-case name."""
        return {
            block.key.lower(): block.fields[0][1]
            for block in self.blocks
            if block.kind == "string" and block.key and block.fields
        }

    def raw_text(self, block: Block) -> str:
        if block in self._added:
            return self._added_text[self._added.index(block)]
        index = self.blocks.index(block)
        if index in self._replaced:
            return self._replaced[index]
        return self.text[block.start : block.end]

    def comment(self, marker: str) -> str | None:
        """The text after `marker` in the first `@comment{marker ...}` block, or None."""
        block = self._comment_block(marker)
        if block is None:
            return None
        text = self.raw_text(block)
        return text[text.index(marker) + len(marker) : text.rindex("}")]

    def _comment_block(self, marker: str) -> Block | None:
        pattern = re.compile(r"@comment\s*\{\s*" + re.escape(marker), re.IGNORECASE)
        for block in self.blocks + self._added:
            if block.kind == "comment" and pattern.match(self.raw_text(block)):
                return block
        return None

    @property
    def changed(self) -> bool:
        return bool(self._replaced or self._removed or self._added)

    # --- editing ---

    def replace_entry(self, key: str, entry_type: str, fields: list[RawField]) -> None:
        """Give an entry new fields; it is rendered in the house style on save."""
        block = self.entry(key)
        text = render_entry(entry_type, key, fields, self.newline)  # refuses before any change
        block.entry_type = entry_type
        block.fields = list(fields)
        if block in self._added:
            self._added_text[self._added.index(block)] = text
        else:
            self._replaced[self.blocks.index(block)] = text

    def add_entry(self, key: str, entry_type: str, fields: list[RawField]) -> Block:
        if self.has_key(key):
            raise LibraryError(f"an entry with key '{key}' is already in {self.path}")
        text = render_entry(entry_type, key, fields, self.newline)  # refuses before any change
        block = Block("entry", -1, -1, 0, key=key, entry_type=entry_type, fields=list(fields))
        self._added.append(block)
        self._added_text.append(text)
        return block

    def remove_entry(self, key: str) -> None:
        block = self.entry(key)
        if block in self._added:
            position = self._added.index(block)
            del self._added[position], self._added_text[position]
        else:
            self._removed.add(self.blocks.index(block))

    def set_comment(self, marker: str, body: str) -> None:
        """Make `@comment{marker body}` the first block with this marker, or append it.

        Tools keep their own state in @comment blocks (JabRef's jabref-meta): BibTeX and
        biber ignore them and other tools carry them over untouched.
        """
        text = f"@comment{{{marker}{body}}}".replace("\n", self.newline)
        block = self._comment_block(marker)
        if block is None:
            self._added.append(Block("comment", -1, -1, 0))
            self._added_text.append(text)
        elif block in self._added:
            self._added_text[self._added.index(block)] = text
        elif self.raw_text(block) != text:
            self._replaced[self.blocks.index(block)] = text

    def replace_all(self, text: str) -> None:
        """Swap the whole text (for fmt, the one command that may touch everything)."""
        self._replaced = {}
        self._removed = set()
        self._added, self._added_text = [], []
        self.blocks = [Block("comment", 0, len(self.text), 1)]
        self._replaced[0] = text

    # --- writing ---

    def ensure_writable(self) -> None:
        """Refuse to write a library that has blocks we could not parse."""
        if self.problems:
            first = self.problems[0]
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            raise ParseError(
                f"{self.path}:{first.line}: {first.message}{more}; fix it before publist writes"
            )

    def to_text(self) -> str:
        """The new text: untouched spans verbatim, edited entries re-rendered."""
        pieces: list[str] = []
        cursor = 0
        for index, block in enumerate(self.blocks):
            pieces.append(self.text[cursor : block.start])
            cursor = block.end
            if index in self._removed:
                cursor = _skip_blank(self.text, cursor)
            elif index in self._replaced:
                pieces.append(self._replaced[index])
            else:
                pieces.append(self.text[block.start : block.end])
        pieces.append(self.text[cursor:])
        result = "".join(pieces)
        if self._added_text:
            newline = self.newline
            if result and not result.endswith(newline):
                result += newline
            if result.strip():
                result += newline
            result += (newline + newline).join(self._added_text) + newline
        return result


def _skip_blank(text: str, position: int) -> int:
    """Past the whitespace after a removed block, so no blank lines pile up."""
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


# --- the house style ---

FIELD_ORDER = (
    "author", "title", "booktitle", "journal", "series", "volume", "number", "pages",
    "editor", "publisher", "school", "institution", "organization", "holder", "address", "type",
    "year", "month", "day", "doi", "eprint", "archiveprefix", "primaryclass", "url", "pdf",
    "code", "slides", "video", "isbn", "issn", "note", "keywords", "author+an", "award", "ids",
    "distinct",
)  # fmt: skip
_RANK = {name: index for index, name in enumerate(FIELD_ORDER)}


def field_rank(name: str) -> int:
    """A field's place in the house order; fields publist does not know come last."""
    return _RANK.get(name.lower(), len(FIELD_ORDER))


def house_order(fields: list[RawField]) -> list[RawField]:
    """The one field order (add, tag, dedupe --apply and fmt): FIELD_ORDER first, then the
    rest as they came."""
    return sorted(fields, key=lambda item: field_rank(item[0]))  # stable: ties keep order


# A citation key or field name every BibTeX tool reads as one word: what new keys must be.
NAME = re.compile(r"[^\s,{}()\"#%'=\\]+")
# What bibtexparser reads back as the key it was written from. Libraries exported by other
# tools hold keys like "Conference paper2022775" or "" (JabRef); their entries stay editable.
READABLE_KEY = re.compile(r"(?:[^\s,{}](?:[^,{}\r\n]*[^\s,{}])?)?")
ENTRY_TYPE = re.compile(r"[A-Za-z][\w-]*")


def is_key(text: str) -> bool:
    return NAME.fullmatch(text) is not None


def well_formed(raw: str) -> bool:
    """A raw value that reads back as written: braced or quoted strings, numbers and macro
    names, joined by '#'; braces balanced, no bare quote inside a quoted string."""
    pieces = _top_level_pieces(raw)
    return pieces is not None and all(_well_formed_piece(piece.strip()) for piece in pieces)


def has_top_level_hash(value: str) -> bool:
    """A '#' outside braces and quotes: the value is a concatenation."""
    pieces = _top_level_pieces(value)
    return pieces is not None and len(pieces) > 1


def _top_level_pieces(value: str) -> list[str] | None:
    """The value split at top-level '#'; None when a brace closes too early or never."""
    pieces, start, depth, quoted = [], 0, 0, False
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(value[start:index])
            start = index + 1
    if depth or quoted:
        return None
    pieces.append(value[start:])
    return pieces


def _well_formed_piece(piece: str) -> bool:
    if piece.startswith("{"):
        depth = 0
        for index, char in enumerate(piece):
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth == 0:
                return index == len(piece) - 1  # the first brace closes only at the end
        return False
    if piece.startswith('"'):
        return len(piece) >= 2 and piece.endswith('"') and _no_bare_quote(piece[1:-1])
    return NAME.fullmatch(piece) is not None  # a number or a macro name


def _no_bare_quote(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == '"' and depth == 0:
            return False
    return True


def entry_problem(entry_type: str, key: str, fields: list[RawField]) -> str | None:
    """Why the entry's text would not parse back as this entry, or None when it would."""
    if not ENTRY_TYPE.fullmatch(entry_type):
        return f"'{entry_type}' is not an entry type"
    if not READABLE_KEY.fullmatch(key):
        return f"'{key}' is not a citation key"
    for name, raw in fields:
        if not NAME.fullmatch(name):
            return f"{key}: '{name}' is not a field name"
        if not well_formed(raw):
            return f"{key}: the {name} value {raw!r} is not well-formed BibTeX"
    return None


def check_entry(entry_type: str, key: str, fields: list[RawField]) -> None:
    """Refuse an entry whose text would not parse back: the library would lose it."""
    problem = entry_problem(entry_type, key, fields)
    if problem:
        raise LibraryError(f"{problem}; nothing was written")


def render_entry(entry_type: str, key: str, fields: list[RawField], newline: str = "\n") -> str:
    """One entry in the house style: two-space indent, aligned '=', trailing commas."""
    check_entry(entry_type, key, fields)
    width = max((len(name) for name, _ in fields), default=0)
    lines = [f"@{entry_type.lower()}{{{key},"]
    lines += [f"  {name.lower():<{width}} = {value}," for name, value in fields]
    lines.append("}")
    return newline.join(lines)


def braced(value: str) -> str:
    """A raw field value for a plain string."""
    return "{" + value + "}"


# --- loading ---


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
    parsed = bibtexparser.parse_string(text, parse_stack=[])
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
            start = text.find(raw, blocks[-1].start + 1, cursor + len(raw))
            if 0 <= start < cursor:
                _cut_short(blocks, problems, start)
        if start < 0 or start > cursor:
            start = text.find(raw, cursor)
        if start < 0:
            # bibtexparser's raw text should always be found; never guess spans if not.
            raise LibraryError(f"cannot locate the block at line {item.start_line + 1}")
        end = start + len(raw)
        cursor = end
        line = item.start_line + 1
        if isinstance(item, model.Entry):
            fields = [(f.key, f.value) for f in item.fields]
            blocks.append(Block("entry", start, end, line, item.key, item.entry_type, fields))
        elif isinstance(item, model.String):
            blocks.append(Block("string", start, end, line, item.key, fields=[("", item.value)]))
        elif isinstance(item, model.Preamble):
            blocks.append(Block("preamble", start, end, line))
        elif isinstance(item, model.ParsingFailedBlock):
            message = _failure_message(item)
            blocks.append(Block("failed", start, end, line, error=message))
            problems.append(Problem(line, message))
        else:
            blocks.append(Block("comment", start, end, line))
    return blocks, problems


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


def load(
    path: Path, encoding: str | None = None, missing_ok: bool = False, cache: Path | None = None
) -> LibraryFile:
    """Read a library; a missing file is an error unless missing_ok (then it is empty).

    With a cache folder, the blocks of a large library are kept there by the hash of its
    text, so the next run on the same text skips the parse (see _parse_cached).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
        existed = True
    except FileNotFoundError:
        if not missing_ok:
            raise LibraryError(
                f"no library at {path} (run 'publist init', or pass --library)"
            ) from None
        data, existed = b"", False
    except IsADirectoryError:
        raise LibraryError(f"{path} is a folder, not a BibTeX file") from None
    except OSError as error:
        raise LibraryError(f"cannot read {path}: {error.strerror}") from None
    text, name, bom = decode(data, encoding, path)
    target = _cache_file(text, cache) if cache else None
    blocks, problems = _parse_cached(text, target) if target else parse_text(text)
    return LibraryFile(path, text, name, bom, blocks, problems, existed, cache_file=target)


# --- the parse cache ---

CACHE_FORMAT = 2
CACHE_MIN_CHARS = 100_000  # smaller libraries parse in less time than the cache takes
CACHE_KEEP = 8  # libraries kept in the cache folder, most recently used first


def _cache_file(text: str, folder: Path) -> Path | None:
    """Where the parse of a large text is kept: named by a hash of the text and the parser."""
    if len(text) < CACHE_MIN_CHARS:
        return None
    import hashlib

    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(f"{CACHE_FORMAT} {parser_stamp()}".encode())
    return Path(folder) / f"{digest.hexdigest()}.json"


def parser_stamp() -> str:
    """Which bibtexparser is installed, told without importing it (a third of a warm start):
    its package metadata's name (which holds the version), its location, and the size and
    time of its first file."""
    from importlib.util import find_spec

    spec = find_spec("bibtexparser")
    origin = spec.origin if spec and spec.origin else ""
    with contextlib.suppress(OSError):
        status = os.stat(origin)
        installed = Path(origin).parent.parent
        metadata = sorted(installed.glob("bibtexparser-*-info"))
        return f"{[path.name for path in metadata]} {origin} {status.st_size} {status.st_mtime_ns}"
    return origin


def _parse_cached(text: str, target: Path) -> tuple[list[Block], list[Problem]]:
    """parse_text, remembered in the target file: a 10,000-entry library reads in a tenth
    of the time. The blocks depend on nothing but the text and the parser's version, and
    spans still point into the text just read, so what is saved stays byte-exact. The cache
    is best effort: any trouble with it means parsing as usual."""
    import json

    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        stored = json.loads(target.read_bytes())
        os.utime(target)  # most recently used, for pruning
        blocks = [
            Block(kind, start, end, line, key, entry_type, [(n, v) for n, v in fields], error)
            for kind, start, end, line, key, entry_type, fields, error in stored["blocks"]
        ]
        return blocks, [Problem(line, message) for line, message in stored["problems"]]
    blocks, problems = parse_text(text)
    with contextlib.suppress(OSError, ValueError, LibraryError):
        rows = [
            (b.kind, b.start, b.end, b.line, b.key, b.entry_type, b.fields, b.error) for b in blocks
        ]
        kept = {"blocks": rows, "problems": [(p.line, p.message) for p in problems]}
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_bytes_atomic(target, json.dumps(kept, ensure_ascii=False).encode(), durable=False)
        _prune(target.parent)
    return blocks, problems


def read_memo(library: LibraryFile) -> object:
    """What an earlier run learned from this library's text (see write_memo), else None."""
    if library.cache_file is None:
        return None
    import json

    with contextlib.suppress(OSError, ValueError):
        return json.loads(library.cache_file.with_suffix(".memo").read_bytes())
    return None


def write_memo(library: LibraryFile, memo: object) -> None:
    """Keep JSON data with the parse of this library's text (model.memo: decoded values and
    split names), for the next run on the same text; best effort, like the parse cache."""
    if library.cache_file is None or not library.cache_file.exists():
        return
    import json

    with contextlib.suppress(OSError, ValueError, TypeError, LibraryError):
        data = json.dumps(memo, ensure_ascii=False).encode("utf-8")
        write_bytes_atomic(library.cache_file.with_suffix(".memo"), data, durable=False)


def _prune(folder: Path) -> None:
    """Keep the parses of the CACHE_KEEP libraries used last, each with its memo; a memo
    whose parse is gone goes too. Only publist's own file names are touched."""
    parses = [path for path in folder.glob("*.json") if _CACHE_NAME.fullmatch(path.stem)]
    parses.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    stale = [path for parse in parses[CACHE_KEEP:] for path in (parse, parse.with_suffix(".memo"))]
    kept = {parse.stem for parse in parses[:CACHE_KEEP]}
    stale += [
        memo
        for memo in folder.glob("*.memo")
        if _CACHE_NAME.fullmatch(memo.stem) and memo.stem not in kept
    ]
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()


_CACHE_NAME = re.compile("[0-9a-f]{40}")  # a blake2b digest of 20 bytes, as _cache_file names it


def load_text(text: str, path: Path = Path("<text>")) -> LibraryFile:
    """A library from text (pasted BibTeX, tests); nothing is read from disk."""
    blocks, problems = parse_text(text)
    return LibraryFile(Path(path), text, "utf-8", b"", blocks, problems, existed=False)


# --- writing ---


def encode(library: LibraryFile) -> bytes:
    try:
        return library.bom + library.to_text().encode(library.encoding)
    except UnicodeEncodeError as error:
        raise EncodingProblem(
            f"the new text has '{error.object[error.start]}', which {library.encoding} cannot "
            "store; convert the library to UTF-8"
        ) from None


def save(library: LibraryFile) -> None:
    """Write the library atomically, keeping its permissions and any symlink."""
    library.ensure_writable()
    write_bytes_atomic(library.path, encode(library))


def write_bytes_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary file beside the target, fsync, then rename over it.

    Not durable (for the cache): no fsync, so a crash may leave a cut file, which a cache
    reader takes for a missing one; the rename still means no reader sees a half-written one.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    # The mode bits count even for root: a file made read-only on purpose stays so.
    if target.exists() and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise LibraryError(f"cannot write {path}: the file is read-only")
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
        if durable:
            _fsync_folder(folder)
    except OSError as error:
        reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror
        raise LibraryError(f"cannot write {path}: {reason}; the file was left as it was") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def create_exclusive(path: Path, text: str) -> bool:
    """Create a file only if it does not exist yet; True when created."""
    try:
        with open(path, "x", encoding="utf-8", newline="") as stream:
            stream.write(text)
        return True
    except FileExistsError:
        return False
    except OSError as error:
        raise LibraryError(f"cannot create {path}: {error.strerror}") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextlib.contextmanager
def locked(path: Path, timeout: float = 30.0) -> Iterator[str]:
    """Hold an exclusive lock for a read-modify-write of the library.

    flock is released by the kernel when a process dies, so a crashed run never
    leaves a lock that blocks the next one. The lock file is removed on release;
    a waiter that then holds a lock on the removed file tries again. Yields a
    notice when it took over a lock file left by a process that died.
    """
    import fcntl

    real = Path(os.path.realpath(path))
    lock_path = real.with_name(real.name + ".lock")
    deadline = time.monotonic() + timeout
    while True:
        left_behind = lock_path.exists()
        try:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise LibraryError(f"cannot lock {path}: {error.strerror}") from None
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = True
                if time.monotonic() > deadline:
                    os.close(handle)
                    raise LockTimeout(
                        f"{path} is locked by another publist process ({lock_path})"
                    ) from None
                time.sleep(0.02)
        try:
            same = os.fstat(handle).st_ino == os.stat(lock_path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(handle)
    notice = ""
    if left_behind and not waited:
        # Live holders remove the file on release, so one found unlocked was left by a crash.
        owner = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
        notice = f"recovered the lock {lock_path} left by a publist process that stopped" + (
            f" (pid {owner})" if owner else ""
        )
    os.ftruncate(handle, 0)
    os.pwrite(handle, str(os.getpid()).encode(), 0)
    try:
        yield notice
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(handle)


@contextlib.contextmanager
def edit(
    path: Path, encoding: str | None = None, missing_ok: bool = False
) -> Iterator[LibraryFile]:
    """Lock, load, let the caller edit, and save only if the body finished and changed something."""
    with locked(path) as notice:
        library = load(path, encoding, missing_ok=missing_ok)
        library.notices = [notice] if notice else []
        library.ensure_writable()
        yield library
        if library.changed:
            save(library)

"""The library file: its text, its blocks and the pending edits, loaded and saved.

A library is kept as its original text plus a list of blocks, each knowing its exact
span in that text. Saving splices: untouched blocks and the text between them are
written back byte for byte; only entries that were added, changed or removed are
rendered anew, in the house style. Writes are atomic and locked (files.py).
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from publist import cache, files
from publist.bibtex import RawField, undefined_macros
from publist.blocks import Block, Problem, decode, parse_text, read_back_problem
from publist.errors import EncodingProblem, LibraryError, ParseError, UnknownKey
from publist.house import check_entry, render_entry
from publist.splice import splice_fields


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
    _macros_checked: bool = False  # once is enough: edits bring no new bare @string names
    # Lookups, built on first use and again when the blocks change (see _lookups).
    _positions: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    _keys: dict[str, Block] = field(default_factory=dict, compare=False, repr=False)
    _lowered: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    _built_for: tuple = field(default=(), compare=False, repr=False)

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
        """The first live entry with this key."""
        self._lookups()
        block = self._keys.get(key)
        if block is None:
            raise UnknownKey(f"no entry with key '{key}' in {self.path}")
        return block

    def has_key(self, key: str) -> bool:
        """Whether a live entry has this key in any case (BibTeX ignores it)."""
        self._lookups()
        return key.lower() in self._lowered

    def _lookups(self) -> None:
        """Keys and positions, made again when the blocks changed since: a command looks
        up every entry, and a scan for each would grow with the square of the library."""
        state = (id(self.blocks), len(self.blocks), len(self._removed), len(self._added))
        if state == self._built_for:
            return
        self._positions = {id(block): index for index, block in enumerate(self.blocks)}
        self._keys, self._lowered = {}, {}
        for block in self.entries():
            self._key_added(block)
        self._built_for = state

    def _key_added(self, block: Block) -> None:
        key = block.key or ""
        if key not in self._keys:
            self._keys[key] = block
            self._lowered[key.lower()] = self._lowered.get(key.lower(), 0) + 1

    def _key_removed(self, block: Block) -> None:
        key = block.key or ""
        if self._keys.get(key) is block:
            del self._keys[key]
            self._lowered[key.lower()] -= 1
            if not self._lowered[key.lower()]:
                del self._lowered[key.lower()]

    def _kept_up(self) -> None:
        """The lookups follow an edit made through the methods below."""
        self._built_for = (id(self.blocks), len(self.blocks), len(self._removed), len(self._added))

    def _position(self, block: Block) -> int:
        """Where a block of the file is in `blocks` (the block itself, not an equal one)."""
        for _ in range(2):
            self._lookups()
            index = self._positions.get(id(block))
            if index is not None and self.blocks[index] is block:
                return index
            self._built_for = ()  # the blocks were changed by hand: look again
        raise ValueError("the block is not in this library")

    def _added_position(self, block: Block) -> int | None:
        return next((index for index, added in enumerate(self._added) if added is block), None)

    def macros(self) -> dict[str, str]:
        """The raw values of the file's @string definitions, by lower-case name."""
        return {
            block.key.lower(): block.fields[0][1]
            for block in self.blocks
            if block.kind == "string" and block.key and block.fields
        }

    def raw_text(self, block: Block) -> str:
        added = self._added_position(block) if block.start < 0 else None
        if added is not None:
            return self._added_text[added]
        index = self._position(block)
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
        text = _entry_text(entry_type, key, fields, self.newline)  # refuses before any change
        block.entry_type = entry_type
        block.fields = list(fields)
        added = self._added_position(block) if block.start < 0 else None
        if added is not None:
            self._added_text[added] = text
        else:
            self._replaced[self._position(block)] = text

    def edit_entry(self, key: str, fields: list[RawField]) -> None:
        """Give an entry new fields, changing only the bytes of the fields that change
        (splice.py). An entry whose text cannot be read field by field is refused: only fmt
        and a merge write a whole entry."""
        block = self.entry(key)
        check_entry(block.entry_type or "misc", key, fields)  # refuses before any change
        text = splice_fields(self.raw_text(block), block.fields, fields, self.newline)
        if text is None:
            raise LibraryError(
                f"{self.path}:{block.line}: cannot change the fields of '{key}' one by one "
                "(a field repeats, or its text reads two ways); run publist fmt first"
            )
        block.fields = list(fields)
        added = self._added_position(block) if block.start < 0 else None
        if added is not None:
            self._added_text[added] = text
        else:  # by the map of positions: a scan per edit grew with the square (tag --auto)
            self._replaced[self._position(block)] = text

    def add_entry(self, key: str, entry_type: str, fields: list[RawField]) -> Block:
        if self.has_key(key):
            raise LibraryError(f"an entry with key '{key}' is already in {self.path}")
        text = _entry_text(entry_type, key, fields, self.newline)  # refuses before any change
        block = Block("entry", -1, -1, 0, key=key, entry_type=entry_type, fields=list(fields))
        self._lookups()
        self._added.append(block)
        self._added_text.append(text)
        self._key_added(block)
        self._kept_up()
        return block

    def remove_entry(self, key: str) -> None:
        block = self.entry(key)
        position = self._added_position(block) if block.start < 0 else None
        if position is not None:
            del self._added[position], self._added_text[position]
        else:
            self._removed.add(self._position(block))
        self._key_removed(block)  # another live entry with this key would be a parse failure
        self._kept_up()

    def set_comment(self, marker: str, body: str) -> None:
        """Make `@comment{marker body}` the first block with this marker, or append it.

        Tools keep their own state in @comment blocks (JabRef's jabref-meta): BibTeX and
        biber ignore them and other tools carry them over untouched.
        """
        text = f"@comment{{{marker}{body}}}".replace("\n", self.newline)
        block = self._comment_block(marker)
        added = self._added_position(block) if block is not None and block.start < 0 else None
        if block is None:
            self._added.append(Block("comment", -1, -1, 0))
            self._added_text.append(text)
        elif added is not None:
            self._added_text[added] = text
        elif self.raw_text(block) != text:
            self._replaced[self._position(block)] = text

    def replace_all(self, text: str) -> None:
        """Swap the whole text (for fmt, the one command that may touch everything)."""
        self._replaced = {}
        self._removed = set()
        self._added, self._added_text = [], []
        self.blocks = [Block("comment", 0, len(self.text), 1)]
        self._built_for = ()
        self._replaced[0] = text

    # --- writing ---

    def ensure_writable(self) -> None:
        """Refuse to write a library that has blocks we could not parse, or that uses an
        @string it never defines (BibTeX would lose that value)."""
        if self.problems:
            first = self.problems[0]
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            raise ParseError(
                f"{self.path}:{first.line}: {first.message}{more}; fix it before publist writes"
            )
        if self._macros_checked:
            return
        macros = self.macros()
        for block in self.blocks:
            missing = undefined_macros(block.fields, macros) if block.kind == "entry" else []
            if missing:
                raise ParseError(
                    f"{self.path}:{block.line}: {block.key}: @string '{missing[0]}' is used but "
                    "never defined; fix it before publist writes"
                )
        self._macros_checked = True

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


def _entry_text(entry_type: str, key: str, fields: list[RawField], newline: str) -> str:
    """The entry's text, only when it reads back as this very entry."""
    text = render_entry(entry_type, key, fields, newline)
    problem = read_back_problem(text, entry_type, key, fields)
    if problem:
        raise LibraryError(
            f"{key}: the entry would not read back as written ({problem}); nothing was written"
        )
    return text


def _skip_blank(text: str, position: int) -> int:
    """Past the whitespace after a removed block, so no blank lines pile up."""
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def load(
    path: Path,
    encoding: str | None = None,
    missing_ok: bool = False,
    cache_folder: Path | None = None,
    known: LibraryFile | None = None,
) -> LibraryFile:
    """Read a library; a missing file is an error unless missing_ok (then it is empty).

    With a cache folder, the blocks of a large library are kept there by the hash of its
    text, so the next run on the same text skips the parse (see cache.py). `known`: the
    same library as read a moment ago (before taking the lock); when the text is still
    the same, its blocks are taken over (copied: edits change blocks) and not parsed again.
    """
    path = Path(path)
    data, existed = files.read_library_bytes(path, missing_ok)
    text, name, bom = decode(data, encoding, path)
    if known is not None and not known.changed and known.text == text and known.path == path:
        blocks = [copy.copy(block) for block in known.blocks]
        problems, target = list(known.problems), known.cache_file
        return LibraryFile(path, text, name, bom, blocks, problems, existed, cache_file=target)
    target = cache.cache_file(text, cache_folder) if cache_folder else None
    blocks, problems = cache.load_blocks(text, target, path) if target else parse_text(text)
    return LibraryFile(path, text, name, bom, blocks, problems, existed, cache_file=target)


def load_text(text: str, path: Path = Path("<text>")) -> LibraryFile:
    """A library from text (pasted BibTeX, tests); nothing is read from disk."""
    blocks, problems = parse_text(text)
    return LibraryFile(Path(path), text, "utf-8", b"", blocks, problems, existed=False)


def encode(library: LibraryFile, text: str | None = None) -> bytes:
    """The bytes of the library's new text (`text`, when it is made already)."""
    text = library.to_text() if text is None else text
    try:
        return library.bom + text.encode(library.encoding)
    except UnicodeEncodeError as error:
        raise EncodingProblem(
            f"the new text has '{error.object[error.start]}', which {library.encoding} cannot "
            "store; convert the library to UTF-8"
        ) from None


def save(library: LibraryFile) -> str:
    """Write the library atomically, keeping its permissions and any symlink; the text
    written."""
    library.ensure_writable()
    text = library.to_text()
    files.write_bytes_atomic(library.path, encode(library, text))
    return text


@contextlib.contextmanager
def edit(
    path: Path,
    encoding: str | None = None,
    missing_ok: bool = False,
    known: LibraryFile | None = None,
) -> Iterator[LibraryFile]:
    """Lock, load (see load for `known`), let the caller edit, and save only if the body
    finished and changed something. When the blocks were taken over from `known`, the
    parse of the text written is kept in the cache, after the lock is let go."""
    with files.locked(path) as notice:
        library = load(path, encoding, missing_ok=missing_ok, known=known)
        library.notices = [notice] if notice else []
        library.ensure_writable()
        yield library
        if not library.changed:
            return
        written = save(library)
    # Only when load took known's blocks over: they are the parse of the text edited.
    if known is not None and library.cache_file is not None and known.text == library.text:
        cache.keep_written(library.text, known.blocks, written, library.cache_file, path)

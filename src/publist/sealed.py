"""What the cache folder keeps is believed only when it is ours and true (issue 16.9):
files sealed by a keyed digest with the folder's private key, read only when they are
regular files of this user that nobody else can write, and a kept parse used only when
it describes the very text (one str.startswith pass, a tenth of a parse)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from publist.blocks import Block
from publist.files import create_private, read_own, write_bytes_atomic
from publist.patterns import compile_on_use


def trusted(path: Path) -> bytes | None:
    """A kept file's bytes, only when it can be ours alone (files.read_own): in a shared
    cache folder another user may plant anything; what they can write is never read."""
    return read_own(path)


KEY_NAME = "key"  # the folder's secret: 32 random bytes, this user's alone (0600)
_SEAL_SIZE = 64  # hex digits of the keyed blake2b digest on a kept file's first line


def write_sealed(target: Path, *data: bytes) -> None:
    """Keep data (the parts given, one after the other) with a keyed digest in front: only
    a run that holds the folder's key could have written it, so a crafted or altered file
    is never believed. In parts, never joined: appending to a memo file adds a line to the
    data it read."""
    key = _key(target.parent, create=True)
    if key is not None:
        write_bytes_atomic(target, (_digest(key, *data) + b"\n", *data), durable=False)


def unsealed(target: Path) -> bytes | None:
    """The data of a kept file whose digest is right, else None (then publist parses)."""
    found = sealed_data(target)
    return found[1] if found is not None else None


def sealed_data(target: Path) -> tuple[bytes, bytes] | None:
    """A kept file's digest and data, when the digest is right: two reads that give the same
    digest read the same data (memo_files appends to a file it read earlier)."""
    from publist.digests import compare_digest

    key = _key(target.parent, create=False)
    kept = trusted(target) if key is not None else None
    if key is None or kept is None or kept[_SEAL_SIZE : _SEAL_SIZE + 1] != b"\n":
        return None
    seal, data = kept[:_SEAL_SIZE], kept[_SEAL_SIZE + 1 :]
    return (seal, data) if compare_digest(seal, _digest(key, data)) else None


def _digest(key: bytes, *data: bytes) -> bytes:
    from publist.digests import blake2b

    digest = blake2b(key=key, digest_size=_SEAL_SIZE // 2)
    for part in data:
        digest.update(part)
    return digest.hexdigest().encode()


def _key(folder: Path, create: bool) -> bytes | None:
    path = Path(folder) / KEY_NAME
    key = _private(path)
    if key is not None and len(key) == 32:
        return key
    if not create:
        return None
    with contextlib.suppress(OSError):
        if key is not None:  # ours but cut short: made anew
            path.unlink()
    create_private(path, os.urandom(32))
    key = _private(path)  # another run may have won the race: its key serves as well
    return key if key is not None and len(key) == 32 else None


def _private(path: Path) -> bytes | None:
    """A trusted file that nobody else can even read (the key)."""
    with contextlib.suppress(OSError):
        if os.lstat(path).st_mode & 0o077:
            return None
    return trusted(path)


_GAP = compile_on_use(r"\s*")


def _skip(text: str, position: int) -> int:
    """Past the whitespace at position."""
    found = _GAP.match(text, position)
    return found.end() if found else position


_BLOCK_HEAD = compile_on_use(r"@[ \t]*([\w-]*)[ \t]*[{(]\s*")
# Where bibtexparser would start a block inside text it calls a comment.
_HIDDEN_START = compile_on_use(r"(?m)^[ \t]*@[\w]*[ \t]*[{(]")


def describes(blocks: list[Block], text: str) -> bool:
    """Kept blocks are this text's parse: in order, covering all but blank text, each kind,
    type, key, field name and value standing in the text where the block says. A parse
    that fails this (crafted, or from a bug) is thrown away. One pass with str.startswith:
    a tenth of the parse's time."""
    cursor = 0
    for block in blocks:
        if (
            not (cursor <= block.start < block.end <= len(text))
            or text[cursor : block.start].strip()
        ):
            return False
        if not _block_stands(block, text):
            return False
        cursor = block.end
    return not text[cursor:].strip()


def _block_stands(block: Block, text: str) -> bool:
    head = _BLOCK_HEAD.match(text, block.start, block.end)
    word = head.group(1).lower() if head else None
    if block.kind == "comment":
        body = text[block.start : block.end]
        return word == "comment" or (head is None and not _HIDDEN_START.search(body))
    if head is None or block.kind == "failed" or text[block.end - 1] not in "})":
        return False  # a kept parse has no failed blocks: those parse again
    if block.kind == "preamble":
        return word == "preamble"
    if block.kind == "string":
        return (
            word == "string"
            and len(block.fields) == 1
            and _fields_stand([(block.key or "", block.fields[0][1])], text, head.end(), block.end)
        )
    if block.kind != "entry" or word in ("comment", "preamble", "string"):
        return False
    if word != (block.entry_type or "").lower() or not text.startswith(block.key or "", head.end()):
        return False
    position = _skip(text, head.end() + len(block.key or ""))
    if text[position] != ",":
        return not block.fields and position == block.end - 1
    return _fields_stand(block.fields, text, position + 1, block.end)


_EQUALS = compile_on_use(r"\s*=\s*")
_AFTER_VALUE = compile_on_use(r"\s*(,?)\s*")


def _fields_stand(fields: list[tuple[str, str]], text: str, position: int, end: int) -> bool:
    """Each field's name, '=', value, then a comma or the block's end, with only spaces
    between (three matches a field: this runs over every field of every warm run)."""
    position = _skip(text, position)
    for name, value in fields:
        if not text.startswith(name, position):
            return False
        equals = _EQUALS.match(text, position + len(name))
        if equals is None:
            return False
        position = equals.end()
        if not text.startswith(value, position):
            return False
        after = _AFTER_VALUE.match(text, position + len(value))
        position = after.end() if after else position  # \s*(,?)\s* always matches
        if not (after and after.group(1)) and position != end - 1:
            return False
    return position == end - 1

"""The speed machinery in one place: the parse cache and the run memo, their files, their
stamps, pruning, and when a memo is kept.

What each trick buys (10,000-entry library, 2 cores, medians; README "Performance"):

- **The parse cache.** The blocks of a library of CACHE_MIN_CHARS or more are kept in
  `<hash>.json`, named by a hash of the text and of the code that parsed it: the next run
  on the same text reads them in a tenth of the parse's time (bibtexparser's parse of 10k
  entries is about 1.2 s). Spans still point into the text just read, so what is saved
  stays byte-exact.
- **The memo.** A run that finishes keeps the LaTeX values it decoded and the author lists
  it split (memo.Memo) in `<hash>.memo` beside the parse. The next run on that text never
  loads pylatexenc or bibtexparser: a warm 10k export went from 1.62 s to 1.15 s.
- Both files are renamed into place but not fsynced: a file cut by a crash reads as a
  missing one, so the next run parses again (two fsyncs of 3-4 MB fewer on a first run).

Both carry a stamp of what shaped them (publist's version, the size and time of every
module whose code decides their content, and the parsers' versions): other code, other
file. The cache is best effort: any trouble with it means parsing as usual.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Mapping
from itertools import chain
from pathlib import Path

from publist.blocks import Block, Problem, parse_text
from publist.files import create_private, read_own, write_bytes_atomic
from publist.memo import Memo
from publist.people import Person

CACHE_FORMAT = 3
MEMO_FORMAT = 2
CACHE_MIN_CHARS = 100_000  # smaller libraries parse in less time than the cache takes
CACHE_KEEP = 8  # libraries kept in the cache folder, most recently used first
# The modules whose code decides what a parse or a memo holds.
PARSE_MODULES = ("blocks", "bibtex")
MEMO_MODULES = ("latex", "people", "memo")
_CACHE_NAME = re.compile("[0-9a-f]{40}")  # a blake2b digest of 20 bytes, as cache_file names it


def folder(environ: Mapping[str, str]) -> Path | None:
    """Where parses are kept: $PUBLIST_CACHE_DIR ('off' for none), else
    $XDG_CACHE_HOME/publist or ~/.cache/publist."""
    chosen = environ.get("PUBLIST_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    home = environ.get("HOME") or os.path.expanduser("~")
    base = environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return Path(base) / "publist"


def cache_file(text: str, where: Path) -> Path | None:
    """Where the parse of a large text is kept: named by a hash of the text and the code."""
    if len(text) < CACHE_MIN_CHARS:
        return None
    import hashlib

    stamp = code_stamp(PARSE_MODULES)
    if stamp is None:
        return None
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(f"{CACHE_FORMAT} {stamp} {parser_stamp()}".encode())
    return Path(where) / f"{digest.hexdigest()}.json"


def code_stamp(modules: tuple[str, ...]) -> str | None:
    """publist's version and the size and time of each module's file (an edited checkout
    changes the results, not the version); None when a file cannot be told (a zipapp)."""
    from publist.version import __version__

    here = Path(__file__).parent
    parts = [f"publist {__version__}"]
    for name in modules:
        try:
            status = os.stat(here / f"{name}.py")
        except OSError:  # run from a zip, or upgraded under a running process
            return None
        parts.append(f"{name} {status.st_size} {status.st_mtime_ns}")
    return " ".join(parts)


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


# --- the parse ---


def load_blocks(text: str, target: Path) -> tuple[list[Block], list[Problem]]:
    """parse_text, remembered in the target file; a kept parse is used only when it is
    ours and describes this very text (see trusted and describes), else the text is parsed."""
    with contextlib.suppress(Exception):  # any doubt (deep JSON, odd rows): parse again
        stored = json.loads(unsealed(target) or b"null")
        blocks = [
            Block(kind, start, end, line, key, entry_type, [(n, v) for n, v in fields], error)
            for kind, start, end, line, key, entry_type, fields, error in stored["blocks"]
        ]
        if not stored["problems"] and describes(blocks, text):
            os.utime(target, follow_symlinks=False)  # most recently used, for pruning
            return blocks, []
    blocks, problems = parse_text(text)
    with contextlib.suppress(Exception):  # best effort: the parse stands whatever happens
        rows = [
            (b.kind, b.start, b.end, b.line, b.key, b.entry_type, b.fields, b.error) for b in blocks
        ]
        kept = {"blocks": rows, "problems": [(p.line, p.message) for p in problems]}
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_sealed(target, json.dumps(kept, ensure_ascii=False).encode())
        prune(target.parent)
    return blocks, problems


# --- trusting what was kept ---


def trusted(path: Path) -> bytes | None:
    """A kept file's bytes, only when it can be ours alone (files.read_own): in a shared
    cache folder another user may plant anything; what they can write is never read."""
    return read_own(path)


KEY_NAME = "key"  # the folder's secret: 32 random bytes, this user's alone (0600)
_SEAL_SIZE = 64  # hex digits of the keyed blake2b digest on a kept file's first line


def write_sealed(target: Path, data: bytes) -> None:
    """Keep data with a keyed digest in front: only a run that holds the folder's key could
    have written it, so a crafted or altered file is never believed."""
    key = _key(target.parent, create=True)
    if key is not None:
        write_bytes_atomic(target, _digest(key, data) + b"\n" + data, durable=False)


def unsealed(target: Path) -> bytes | None:
    """The data of a kept file whose digest is right, else None (then publist parses)."""
    import hmac

    key = _key(target.parent, create=False)
    kept = trusted(target) if key is not None else None
    if key is None or kept is None or kept[_SEAL_SIZE : _SEAL_SIZE + 1] != b"\n":
        return None
    data = kept[_SEAL_SIZE + 1 :]
    return data if hmac.compare_digest(kept[:_SEAL_SIZE], _digest(key, data)) else None


def _digest(key: bytes, data: bytes) -> bytes:
    import hashlib

    return hashlib.blake2b(data, key=key, digest_size=_SEAL_SIZE // 2).hexdigest().encode()


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


_GAP = re.compile(r"\s*")


def _skip(text: str, position: int) -> int:
    """Past the whitespace at position."""
    found = _GAP.match(text, position)
    return found.end() if found else position


_BLOCK_HEAD = re.compile(r"@[ \t]*([\w-]*)[ \t]*[{(]\s*")
# Where bibtexparser would start a block inside text it calls a comment.
_HIDDEN_START = re.compile(r"(?m)^[ \t]*@[\w]*[ \t]*[{(]")


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


def _fields_stand(fields: list[tuple[str, str]], text: str, position: int, end: int) -> bool:
    for name, value in fields:
        position = _skip(text, position)
        if not text.startswith(name, position):
            return False
        position = _skip(text, position + len(name))
        if text[position] != "=":
            return False
        position = _skip(text, position + 1)
        if not text.startswith(value, position):
            return False
        position = _skip(text, position + len(value))
        if text[position] == ",":
            position += 1
        elif position != end - 1:
            return False
    return _skip(text, position) == end - 1


# --- the memo ---


def memo_stamp() -> str | None:
    """What a memo's results depend on besides their text; None when that cannot be told."""
    from pylatexenc.version import version_str

    code = code_stamp(MEMO_MODULES)
    if code is None:
        return None
    return f"{MEMO_FORMAT} {code} pylatexenc {version_str} bibtexparser {parser_stamp()}"


def read_memo(target: Path | None) -> Memo:
    """What an earlier run on the same text kept; an empty memo when there is none, or when
    it is from other code or damaged."""
    if target is None:
        return Memo()
    with contextlib.suppress(Exception):  # damaged, deeply nested, not ours: no memo
        return _memo_of(json.loads(unsealed(target.with_suffix(".memo")) or b"null"))
    return Memo()


def _memo_of(data: object) -> Memo:
    stamp = memo_stamp()
    if stamp is None or not isinstance(data, dict) or data.get("stamp") != stamp:
        return Memo()
    try:
        persons = [Person._make(row) for row in data["persons"]]
        people = {
            latex: tuple(persons[index] for index in indices)
            for latex, indices in data["people"].items()
        }
        decoded = dict(data["decoded"])
        # A memo holds only text: join raises TypeError at anything else.
        "".join([*decoded, *decoded.values(), *people, *chain.from_iterable(persons)])
    except (KeyError, TypeError, IndexError, ValueError, AttributeError):
        return Memo()
    return Memo(decoded, people)


def keep_memo(target: Path | None, memo: Memo) -> None:
    """Keep a finished run's memo beside the parse of its text, when it learned something
    and the parse is kept. Best effort: a run's outcome never depends on it."""
    if target is None or not memo.learned or not target.exists():
        return
    with contextlib.suppress(Exception):  # a cache must never fail a run that did its work
        data = _memo_data(memo)
        if data is not None:
            encoded = json.dumps(data, ensure_ascii=False).encode("utf-8")
            write_sealed(target.with_suffix(".memo"), encoded)


def _memo_data(memo: Memo) -> dict | None:
    """The memo as JSON data: each distinct Person once, lists as indices into them."""
    stamp = memo_stamp()
    if stamp is None:
        return None
    numbers: dict[Person, int] = {}
    people = {
        latex: [numbers.setdefault(person, len(numbers)) for person in group]
        for latex, group in memo.people.items()
    }
    return {"stamp": stamp, "decoded": memo.decoded, "persons": list(numbers), "people": people}


# --- pruning ---


def prune(where: Path) -> None:
    """Keep the parses of the CACHE_KEEP libraries used last, each with its memo; a memo
    whose parse is gone goes too. Only publist's own file names are touched."""
    parses = [path for path in where.glob("*.json") if _CACHE_NAME.fullmatch(path.stem)]
    parses.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    stale = [path for parse in parses[CACHE_KEEP:] for path in (parse, parse.with_suffix(".memo"))]
    kept = {parse.stem for parse in parses[:CACHE_KEEP]}
    stale += [
        memo
        for memo in where.glob("*.memo")
        if _CACHE_NAME.fullmatch(memo.stem) and memo.stem not in kept
    ]
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()


def prune_answers(where: Path, max_age: float, now: float) -> None:
    """Remove the network answers `refresh` kept (sources/polite.py) once they are older than
    max_age seconds. Only publist's own file names are touched."""
    with contextlib.suppress(OSError):
        for path in (Path(where) / "answers").glob("*.json"):
            if _CACHE_NAME.fullmatch(path.stem) and now - path.stat().st_mtime > max_age:
                with contextlib.suppress(OSError):
                    path.unlink()

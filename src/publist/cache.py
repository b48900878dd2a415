"""The speed machinery in one place: the parse cache and the folder it shares with the run
memo's files (memo_files.py), their stamps, and pruning.

What each trick buys (10,000-entry library, 2 cores, medians; README "Performance"):

- **The parse cache.** The blocks of a library of CACHE_MIN_CHARS or more are kept in
  `<hash>.json`, named by a hash of the text and of the code that parsed it: the next run
  on the same text reads them in a tenth of the parse's time (bibtexparser's parse of 10k
  entries is about 1.2 s). Spans still point into the text just read, so what is saved
  stays byte-exact.
- **The memo.** A run that finishes keeps the LaTeX values it decoded and the author lists
  it split (memo.Memo) in `<hash>.memo` beside the parse. The next run on that text never
  loads pylatexenc or bibtexparser: a warm 10k export went from 1.62 s to 1.15 s.
- **Classes and items.** The memo also keeps each entry's venue type and its item's pieces
  (render.core), by a digest of the entry's key, type and fields; the pieces under a digest
  of the settings that shape them (at most memo_files.RENDERINGS of them). A warm export
  of 10,000 entries then classifies and formats only the entries that changed: 1.60 s ->
  0.88 s, 2.24x -> 1.24x the bare parse (with cli.common.visible's search first). The pieces
  are kept in `<hash>.items`, read only by a run that renders. A run that read a memo
  appends what it learned to its files (see memo_files.py).
- Cache files are renamed into place but not fsynced: a file cut by a crash reads as a
  missing one, so the next run parses again (two fsyncs of 3-4 MB fewer on a first run).

Both carry a stamp of what shaped them (publist's version, the size and time of every
module whose code decides their content, and the parsers' versions): other code, other
file. The cache is best effort: any trouble with it means parsing as usual.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from collections.abc import Collection, Mapping
from pathlib import Path
from sys import intern

from publist.blocks import Block, Problem, parse_text
from publist.patterns import compile_on_use
from publist.sealed import KEY_NAME as KEY_NAME
from publist.sealed import describes, unsealed, write_sealed

CACHE_FORMAT = 5  # 5: field names once, by number
CACHE_MIN_CHARS = 100_000  # smaller libraries parse in less time than the cache takes
CACHE_KEEP = 8  # libraries kept in the cache folder, most recently used first
CACHE_BYTES = 512 * 1024 * 1024  # and the most their files may take together (README)
# The modules whose code decides what a parse holds; a memo's classes and items depend on
# nearly every module, so its stamp covers them all (MEMO_MODULES among them).
PARSE_MODULES = ("blocks", "bibtex", "scanner", "revision")
MEMO_MODULES = ("latex", "people", "memo")
KEPT_SUFFIXES = (".json", ".text", ".memo", ".items")  # a parse, its text, its memo
_CACHE_NAME = compile_on_use("[0-9a-f]{40}")  # a blake2b digest of 20 bytes, as cache_file names it


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
    from publist.digests import blake2b

    stamp = code_stamp(PARSE_MODULES)
    if stamp is None:
        return None
    digest = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(f"{CACHE_FORMAT} {stamp} {parser_stamp()}".encode())
    return Path(where) / f"{digest.hexdigest()}.json"


def code_stamp(modules: tuple[str, ...] | None = None) -> str | None:
    """publist's version and the size and time of each module's file (an edited checkout
    changes the results, not the version), every module's without `modules`; None when a
    file cannot be told (a zipapp)."""
    from publist.version import __version__

    here = Path(__file__).parent
    if modules is None:
        modules = tuple(
            sorted(str(path.relative_to(here).with_suffix("")) for path in here.rglob("*.py"))
        )
        if "cache" not in modules:  # not a folder of files
            return None
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


def load_blocks(
    text: str, target: Path, path: Path | None = None
) -> tuple[list[Block], list[Problem]]:
    """parse_text, remembered in the target file; a kept parse is used only when it is
    ours and describes this very text (see trusted and describes), else the text is parsed.
    The library at `path` keeps a pointer to its last parse: after an edit, only the
    stretch that changed is split again (see revision.py), and the memo of the last parse
    carries over (its answers depend on values, not on the file)."""
    pointer = _pointer(target.parent, path)
    stored = _stored_blocks(target)
    if stored is not None and trusted_parse(stored, text):
        with contextlib.suppress(OSError):
            os.utime(target, follow_symlinks=False)  # most recently used, for pruning
        _touch(pointer, target)
        return stored[0], []
    base = _last_parse(pointer)
    found = _revised(base, text) if base is not None and base != target else None
    blocks, problems = found if found is not None else parse_text(text)
    _keep(target, text, (blocks, problems), base, pointer)
    return blocks, problems


def keep_written(before: str, blocks: list[Block], text: str, base: Path, path: Path) -> None:
    """After publist wrote `text` over `before` (whose parse, `blocks`, is kept in `base` and
    is left as it is): keep the parse of the new text, made as the next run would make it,
    so that run starts warm. The command that wrote has both texts and the old blocks in
    hand; the next run would read them back from the cache to do the same."""
    from publist.revision import reparse

    target = cache_file(text, base.parent)
    if target is None or target == base:
        return
    with contextlib.suppress(Exception):  # best effort, as every write of the cache
        found = reparse(before, [copy.copy(block) for block in blocks], text)
        if found is not None and not found[1]:
            _keep(target, text, found, base, _pointer(base.parent, path))


def _keep(
    target: Path,
    text: str,
    parse: tuple[list[Block], list[Problem]],
    base: Path | None,
    pointer: Path | None,
) -> None:
    """Keep a parse, with the memo of the parse it was made from (a link: no copy of what
    may be megabytes), and point the library at it."""
    with contextlib.suppress(Exception):  # best effort: the parse stands whatever happens
        _keep_parse(target, text, *parse)
        for memo_file in (base.with_suffix(".memo"), base.with_suffix(".items")) if base else ():
            with contextlib.suppress(OSError):
                os.link(memo_file, target.with_suffix(memo_file.suffix))
        _touch(pointer, target)
        prune(target.parent, keep={target.stem, base.stem if base is not None else ""})


def _stored_blocks(target: Path) -> tuple[list[Block], list[Problem]] | None:
    """A kept parse, when it is sealed by this folder's key (not yet checked against a text)."""
    with contextlib.suppress(Exception):  # any doubt (deep JSON, odd rows): parse again
        stored = json.loads(unsealed(target) or b"null")
        # One string per field name, kind and entry type (blocks.named; 50 MB at 100k). Rows
        # of another shape fail `trusted_parse` (describes unpacks every field): never used.
        names, types = [intern(name) for name in stored["names"]], {None: None}
        blocks = [
            Block(intern(kind), start, end, line, key, types.setdefault(entry_type, entry_type),
                  list(zip(map(names.__getitem__, indices), values, strict=True)), error)
            for kind, start, end, line, key, entry_type, indices, values, error in stored["blocks"]
        ]  # fmt: skip
        return blocks, [Problem(line, message) for line, message in stored["problems"]]
    return None


def trusted_parse(stored: tuple[list[Block], list[Problem]], text: str) -> bool:
    """A kept parse fit to use for this text: no problems, and it describes the text (any
    doubt, such as a field row of another shape, means no)."""
    with contextlib.suppress(Exception):
        return not stored[1] and describes(stored[0], text)
    return False


def _revised(base: Path, text: str) -> tuple[list[Block], list[Problem]] | None:
    """The parse of `text` from the last parse of the same library, or None. That parse is
    used only when it is sealed, had no problems and describes its own sealed text."""
    from publist.revision import reparse

    stored = _stored_blocks(base)
    with contextlib.suppress(Exception):
        before = unsealed(base.with_suffix(".text"))
        if stored is not None and not stored[1] and before is not None:
            old_text = before.decode("utf-8", "surrogatepass")
            if trusted_parse(stored, old_text):
                return reparse(old_text, stored[0], text)
    return None


def _keep_parse(target: Path, text: str, blocks: list[Block], problems: list[Problem]) -> None:
    numbers: dict[str, int] = {}  # field names, each written once (see _stored_blocks)
    rows = [(b.kind, b.start, b.end, b.line, b.key, b.entry_type,
             [numbers.setdefault(name, len(numbers)) for name, _ in b.fields],
             [value for _, value in b.fields], b.error) for b in blocks]  # fmt: skip
    kept = {"names": list(numbers), "blocks": rows,
            "problems": [(p.line, p.message) for p in problems]}  # fmt: skip
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The text too, for the next run after an edit to find what changed.
    write_sealed(target.with_suffix(".text"), text.encode("utf-8", "surrogatepass"))
    write_sealed(target, json.dumps(kept).encode("ascii"))  # ASCII: see memo_files._json


def _pointer(where: Path, path: Path | None) -> Path | None:
    """The file naming the last parse of the library at `path` (by a hash of where it is)."""
    if path is None:
        return None
    from publist.digests import blake2b

    place = os.path.realpath(path).encode("utf-8", "surrogateescape")
    return where / f"{blake2b(place, digest_size=20).hexdigest()}.last"


def _last_parse(pointer: Path | None) -> Path | None:
    with contextlib.suppress(Exception):
        name = (unsealed(pointer) or b"").decode("ascii").strip() if pointer else ""
        if _CACHE_NAME.fullmatch(name) and pointer is not None:
            return pointer.with_name(f"{name}.json")
    return None


def _touch(pointer: Path | None, target: Path) -> None:
    """Point the library at this parse, and mark it used now (for pruning)."""
    if pointer is None:
        return
    with contextlib.suppress(OSError):
        if _last_parse(pointer) == target:
            os.utime(pointer, follow_symlinks=False)
        else:
            write_sealed(pointer, target.stem.encode("ascii"))


# --- pruning ---


def prune(where: Path, keep: Collection[str] = ()) -> None:
    """Keep the CACHE_KEEP libraries used last, at most CACHE_BYTES together (the last one
    always): each its pointer, its last parse with the text and memo beside it. Parses no
    kept library points to go (but those in `keep`), and files left without their parse.
    Only publist's own file names are touched."""
    pointers = [path for path in where.glob("*.last") if _CACHE_NAME.fullmatch(path.stem)]
    pointers.sort(key=_used, reverse=True)
    kept: set[str] = set(keep)
    total = 0
    for number, pointer in enumerate(pointers):
        parse = _last_parse(pointer)
        size = _size(pointer) + (sum(map(_size, _files_of(parse))) if parse else 0)
        if number < CACHE_KEEP and (number == 0 or total + size <= CACHE_BYTES):
            total += size
            if parse is not None:
                kept.add(parse.stem)
        else:
            _remove(pointer)
    for path in where.iterdir():
        if path.suffix in KEPT_SUFFIXES and _CACHE_NAME.fullmatch(path.stem):
            if path.stem not in kept:
                _remove(path)


def _files_of(parse: Path) -> list[Path]:
    return [parse.with_suffix(suffix) for suffix in KEPT_SUFFIXES]


def _used(path: Path) -> float:
    with contextlib.suppress(OSError):
        return path.lstat().st_mtime
    return 0.0


def _size(path: Path) -> int:
    with contextlib.suppress(OSError):
        return path.lstat().st_size
    return 0


def _remove(path: Path) -> None:
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

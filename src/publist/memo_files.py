"""The run memo's files beside a kept parse (cache.py): `<hash>.memo` holds the decoded
values, split author lists and venue types, `<hash>.items` each entry's pieces under the
settings that shaped them (read only by a run that renders). Each file is one JSON
document per line: the first written by a run that spelt the whole memo out, then one
more for each later run that read the file and learned something (after an edit: the
entries it changed), until those additions grow large; then the memo is written anew with
only what the library still needs.

What appending buys: the export right after a one-entry edit of 10,000 entries no longer
encodes the whole memo again (9.7 G -> 7.9 G instructions, the warm export 7.0 G).
"""

from __future__ import annotations

import contextlib
import json
from array import array
from base64 import b64decode, b64encode
from collections.abc import Callable, Collection
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from sys import intern

from publist.cache import code_stamp, parser_stamp
from publist.kinds import VenueType
from publist.memo import Classification, Memo, Rendered
from publist.people import Person
from publist.pieces import Piece, from_row, to_row
from publist.sealed import sealed_data, write_sealed

MEMO_FORMAT = 7  # 4: name parts once, by number; the items in their own file. 5: appended.
# 6: an item's piece numbers packed (see _packed). 7: what a typed entry's venue says (venues)
RENDERINGS = 4  # settings whose items a memo keeps (md and latex exports differ in details)
# A file takes additions until they reach this share of its first document; or when the
# memo holds this share more entries than the library has (a dedupe, a cut).
APPENDED_SHARE = 0.25


def memo_stamp() -> str | None:
    """What a memo's results depend on besides their text; None when that cannot be told."""
    from pylatexenc.version import version_str

    code = code_stamp()
    if code is None:
        return None
    return f"{MEMO_FORMAT} {code} pylatexenc {version_str} bibtexparser {parser_stamp()}"


@dataclass
class _Read:
    """One memo file as a run read it: its seal (the same seal, the same bytes), its size
    and the size of its first document."""

    seal: bytes
    size: int
    first: int

    @classmethod
    def of(cls, seal: bytes, data: bytes) -> _Read:
        end = data.find(b"\n")
        return cls(seal, len(data), end if end >= 0 else len(data))

    def room(self, addition: bytes) -> bool:
        return self.size - self.first + len(addition) <= self.first * APPENDED_SHARE


@dataclass
class _Kept:
    """What keep_memo needs to append to the files a memo was read from: how much of each
    table they hold (Memo's tables only grow, in the order things were learned)."""

    head: _Read
    decoded: int
    people: int
    classes: int
    venues: int
    texts: int  # name parts numbered so far
    persons: int
    items: _Read | None = None  # set when the items are read
    pieces: int = 0  # pieces numbered so far
    rows: dict[str, int] | None = None  # items per settings


def _documents(data: bytes) -> list:
    """The JSON documents of a memo file, one per line."""
    text, decoder = data.decode("utf-8"), json.JSONDecoder()
    found, position = [], 0
    while True:
        document, position = decoder.raw_decode(text, position)
        found.append(document)
        if position == len(text):
            return found
        if text[position] != "\n":
            raise ValueError("not one document per line")
        position += 1


# --- reading ---


def read_memo(target: Path | None) -> Memo:
    """What earlier runs on the same text kept; an empty memo when there is none, or when
    it is from other code or damaged. Its items (`<hash>.items`) are read when a run first
    asks for them: held as bytes until then, they were 24 MB of a 100k dedupe's peak."""
    if target is None:
        return Memo(lasting=False)
    with contextlib.suppress(Exception):  # damaged, deeply nested, not ours: no memo
        found = sealed_data(target.with_suffix(".memo"))
        if found is not None:
            return _memo_of(*found, target.with_suffix(".items"))
    return Memo()


def _memo_of(seal: bytes, data: bytes, items: Path) -> Memo:
    stamp = memo_stamp()
    heads = _documents(data)
    if stamp is None or not isinstance(heads[0], dict) or heads[0].get("stamp") != stamp:
        return Memo()
    decoded: dict[str, str] = {}
    texts: list[str] = []  # each distinct name part once: 22 MB -> 8 MB of strings at 100k
    persons: list[Person] = []
    people: dict[str, tuple[Person, ...]] = {}
    classes: dict[str, Classification] = {}
    venues: dict[str, Classification] = {}
    try:
        for head in heads:
            decoded.update(head["decoded"])
            texts += head["texts"]
            persons += [Person._make(map(texts.__getitem__, row)) for row in head["persons"]]
            for latex, indices in head["people"].items():
                people[latex] = tuple(persons[index] for index in indices)
            for table, found in ((classes, head["classes"]), (venues, head["venues"])):
                for entry, (kind, rule) in found.items():
                    table[entry] = (VenueType(kind), intern(rule))  # a rule's name once: 6 MB
        # A memo holds only text: join raises TypeError at anything else.
        "".join([*decoded, *decoded.values(), *people, *chain.from_iterable(persons)])
        "".join([*classes, *venues])
    except (KeyError, TypeError, IndexError, ValueError, AttributeError):
        return Memo()
    kept = _Kept(_Read.of(seal, data), len(decoded), len(people), len(classes), len(venues),
                 len(texts), len(persons))  # fmt: skip
    memo = Memo(decoded, people, classes, venues=venues,
                later=lambda: _renderings_of(items, stamp, kept))  # fmt: skip
    memo.kept = kept
    return memo


def _renderings_of(path: Path, stamp: str, kept: _Kept) -> dict[str, dict[str, Rendered]]:
    """The items a memo keeps, each run's after the last; none when damaged or of other code."""
    with contextlib.suppress(Exception):
        found_file = sealed_data(path)
        if found_file is None:
            return {}
        documents = _documents(found_file[1])
        if documents[0]["stamp"] != stamp:
            return {}
        table: list[Piece] = []
        found: dict[str, dict[str, Rendered]] = {}
        for document in documents:
            added = [from_row(row) for row in document["pieces"]]
            "".join([*(piece.text for piece in added), *(piece.url for piece in added),
                     *(piece.latex for piece in added if piece.latex is not None)])  # fmt: skip
            table += added
            for settings, made in document["renderings"]:
                rows = found[settings] = found.pop(settings, {})  # the settings used last, last
                for digest, (packed, has_owner) in made.items():
                    pieces = tuple(map(table.__getitem__, _unpacked(packed)))
                    rows[digest] = Rendered(pieces, has_owner is True)
                "".join([settings, *rows])
        for settings in list(found)[:-RENDERINGS]:  # later runs may have used others
            del found[settings]
        kept.items, kept.pieces = _Read.of(*found_file), len(table)
        kept.rows = {settings: len(rows) for settings, rows in found.items()}
        return found
    return {}


# --- keeping ---


def keep_memo(
    target: Path | None,
    memo: Memo,
    values: Callable[[], Collection[str]] | None = None,
    entries: Collection[str] | None = None,
) -> None:
    """Keep a finished run's memo beside the parse of its text, when it learned something
    and the parse is kept: appended to the files it was read from, or written anew, with
    `values` and `entries` (the library's values, asked for only then, and its entry
    digests) only what they need: a memo that carried over edits drops what only the texts
    before had. Best effort: a run's outcome never depends on it."""
    if target is None or not memo.learned or not target.exists():
        return
    with contextlib.suppress(Exception):  # a cache must never fail a run that did its work
        if not _appended(target, memo, entries):
            data = _memo_data(memo, values() if values else None, entries)
            if data is not None:
                # The items first (a head finds its own), each document encoded and let go
                # in turn: both at once were 60 MB more at the peak of 100k entries.
                head, items = data
                del data
                write_sealed(target.with_suffix(".items"), _json(items))
                del items
                write_sealed(target.with_suffix(".memo"), _json(head))


def _json(data: object) -> bytes:
    """One line of JSON. ASCII: one character outside it made the whole text four bytes a
    character (the items of 100k entries: 121 MB, as ASCII 30 MB; the file is no larger)."""
    return json.dumps(data).encode("ascii")


def _appended(target: Path, memo: Memo, entries: Collection[str] | None) -> bool:
    """Append what the memo learned to the files it was read from; False when it is to be
    written anew (read from nowhere, items unknown, the files changed since, or the
    additions or the entries the library no longer has too many)."""
    kept = memo.kept
    if not isinstance(kept, _Kept):
        return False
    renderings = memo.read_renderings()
    if renderings is not None and kept.items is None:
        return False  # the items were damaged or missing: spell everything out
    if entries is not None and len(memo.classes) > len(entries) * (1 + APPENDED_SHARE) + 64:
        return False
    head, items = _additions(memo, kept, renderings)
    writes = []
    for path, read, addition in ((target.with_suffix(".items"), kept.items, items),
                                 (target.with_suffix(".memo"), kept.head, head)):  # fmt: skip
        if read is None or not addition:
            continue
        line = b"\n" + _json(addition)
        now = sealed_data(path)
        if not read.room(line) or now is None or now[0] != read.seal:
            return False
        writes.append((path, now[1], line))
    for path, data, line in writes:  # the items first: a head finds its own
        write_sealed(path, data, line)
    return True


def _additions(
    memo: Memo, kept: _Kept, renderings: dict[str, dict[str, Rendered]] | None
) -> tuple[dict, dict]:
    """What the memo learned after the files it was read from, numbered after theirs: a
    head and items ({} for nothing)."""
    decoded = dict(islice(memo.decoded.items(), kept.decoded, None))
    groups = dict(islice(memo.people.items(), kept.people, None))
    classes = dict(islice(memo.classes.items(), kept.classes, None))
    venues = dict(islice(memo.venues.items(), kept.venues, None))
    learned = decoded or groups or classes or venues
    head = _head(decoded, groups, classes, venues, kept.persons, kept.texts) if learned else {}
    if renderings is None or kept.rows is None:
        return head, {}
    rows = kept.rows
    new = [(settings, dict(islice(made.items(), rows.get(settings, 0), None)))
           for settings, made in renderings.items()]  # fmt: skip
    if not any(made for _, made in new):
        return head, {}
    return head, _items(new, kept.pieces)


def _head(
    decoded: dict[str, str],
    groups: dict[str, tuple[Person, ...]],
    classes: dict[str, Classification],
    venues: dict[str, Classification],
    first_person: int = 0,
    first_text: int = 0,
) -> dict:
    """A head document: each distinct Person once, author lists as their numbers, each name
    part once, persons as the numbers of their parts (numbered from the given ones)."""
    numbers: dict[Person, int] = {}
    people = {
        latex: [first_person + numbers.setdefault(person, len(numbers)) for person in group]
        for latex, group in groups.items()
    }
    texts: dict[str, int] = {}
    persons = [[first_text + texts.setdefault(part, len(texts)) for part in person]
               for person in numbers]  # fmt: skip
    return {"decoded": decoded, "texts": list(texts), "persons": persons, "people": people,
            "classes": classes, "venues": venues}  # fmt: skip


def _items(renderings: list[tuple[str, dict[str, Rendered]]], first_piece: int = 0) -> dict:
    """An items document: each distinct piece once, each item as the numbers of its pieces
    (numbered from first_piece), the settings used last last."""
    pieces: dict[Piece, int] = {}
    made = [
        (settings, {digest: (_packed([first_piece + pieces.setdefault(piece, len(pieces))
                                      for piece in row.pieces]), row.has_owner)
                    for digest, row in rows.items()})
        for settings, rows in renderings
    ]  # fmt: skip
    return {"pieces": list(map(to_row, pieces)), "renderings": made}


# An item's piece numbers as one string, base64 of 32-bit numbers: read back as a JSON list,
# each item was a list of int objects, 780 bytes a row where this is 150 (the two renderings
# of a warm 100k export were 155 MB of its peak while the file was read).
_NUMBERS = "I"  # 32 bits on every platform CPython runs on


def _packed(numbers: list[int]) -> str:
    return b64encode(array(_NUMBERS, numbers).tobytes()).decode("ascii")


def _unpacked(packed: str) -> array:
    return array(_NUMBERS, b64decode(packed, validate=True))


def _memo_data(
    memo: Memo, values: Collection[str] | None, entries: Collection[str] | None = None
) -> tuple[dict, dict] | None:
    """The whole memo as JSON data (see _head and _items), with only the values and
    entries given."""
    stamp = memo_stamp()
    if stamp is None:
        return None
    decoded, groups, classes, venues = memo.decoded, memo.people, memo.classes, memo.venues
    renderings = list(memo.loaded_renderings().items())[-RENDERINGS:]
    if values is not None:
        decoded = {latex: text for latex, text in decoded.items() if latex in values}
        groups = {latex: group for latex, group in groups.items() if latex in values}
    if entries is not None:
        classes = {digest: found for digest, found in classes.items() if digest in entries}
        venues = {digest: found for digest, found in venues.items() if digest in entries}
        renderings = [
            (settings, {digest: row for digest, row in made.items() if digest in entries})
            for settings, made in renderings
        ]
    head = {"stamp": stamp, **_head(decoded, groups, classes, venues)}
    return head, {"stamp": stamp, **_items(renderings)}

"""The typed runs of text the formatting core makes an item of (render.core spells them
out); kept this low so that the run memo can hold an item's pieces from one run to the next."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    """What a piece of an item's text is; backends choose how to spell each."""

    AUTHOR = "author"
    TEXT = "text"  # punctuation and words publist adds
    CITATIONS = "citations"  # "Cited by 12.", from the citations file (export --citations)
    TITLE = "title"
    VENUE = "venue"
    AWARD = "award"
    DATE = "date"
    LINK = "link"
    NOTE = "note"  # the "(*equal contribution)" note; its star is spelled by the backend
    DETAIL = "detail"  # what a CV shows besides: 12(3):45–67, "To appear."


# Each kind by a module name, for the code that makes and spells items: on Python 3.11
# reading a member off its class goes through EnumType's __getattr__ hook (0.19 us against
# 0.01 us for a module name), and a first export of 10k entries read 200k of them.
AUTHOR, TEXT, TITLE, VENUE = Kind.AUTHOR, Kind.TEXT, Kind.TITLE, Kind.VENUE
AWARD, DATE, LINK, NOTE, DETAIL = Kind.AWARD, Kind.DATE, Kind.LINK, Kind.NOTE, Kind.DETAIL


class Piece(NamedTuple):  # a tuple: an export makes a few hundred thousand of them
    """A run of text. `latex` is the field's LaTeX source when the text came from a field."""

    kind: Kind
    text: str
    latex: str | None = None
    italic: bool = False  # backends italicise each run of consecutive italic pieces
    owner: bool = False  # authors: the owner, shown in bold
    equal: bool = False  # authors: equal contribution, marked with a star
    url: str = ""  # links only


# A piece with every value given, without Piece's own __new__ (a Python function): it
# takes a third of reading a memo's pieces, and 0.3 us of each of the 100k pieces of a
# first export of 10k entries.
NEW = tuple.__new__


# The punctuation of every item, made once: an export of 10k entries made 100k equal tuples.
COMMA = Piece(Kind.TEXT, ", ")
ENDINGS = {text: Piece(Kind.TEXT, text) for text in (". ", " ", ".")}
SPACE, FULL_STOP = ENDINGS[" "], ENDINGS["."]


# A kept piece's kind and flags in one number (kind, italic, owner, equal), as memo files
# write them: a third of the size of the spelt-out row, read in half the time.
FLAGS = [
    (kind, bool(code & 4), bool(code & 2), bool(code & 1)) for kind in Kind for code in range(8)
]
CODES = {flags: code for code, flags in enumerate(FLAGS)}


def from_row(row: list) -> Piece:
    """A piece as a memo file keeps it: [code, text, latex (0: the text), url (links only)]."""
    kind, italic, owner, equal = FLAGS[row[0]]
    latex = row[2]
    return NEW(Piece, (kind, row[1], row[1] if latex == 0 else latex, italic, owner, equal,
                       row[3] if len(row) > 3 else ""))  # fmt: skip


def to_row(piece: Piece) -> list:
    kind, text, latex, italic, owner, equal, url = piece
    row = [CODES[(kind, italic, owner, equal)], text, 0 if latex == text else latex]
    return [*row, url] if url else row

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


class Piece(NamedTuple):  # a tuple: an export makes a few hundred thousand of them
    """A run of text. `latex` is the field's LaTeX source when the text came from a field."""

    kind: Kind
    text: str
    latex: str | None = None
    italic: bool = False  # backends italicise each run of consecutive italic pieces
    owner: bool = False  # authors: the owner, shown in bold
    equal: bool = False  # authors: equal contribution, marked with a star
    url: str = ""  # links only


KINDS = {kind.value: kind for kind in Kind}  # a kept piece's kind by its name

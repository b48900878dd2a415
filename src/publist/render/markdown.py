"""Markdown: fields are escaped so that no title or name can make a link, heading or emphasis."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from publist.pieces import AUTHOR, LINK, NOTE
from publist.render.core import Document, Item, Kind, Piece

SPECIAL = re.compile(r"([\\`*_\[\]<>])")
# What would open a heading, list, quote or table at the start of a line.
LINE_MARK = re.compile(r"^(\s*)([#+\-=>|]|\d+[.)])")


@lru_cache(maxsize=65536)  # names, venues and separators come back in every item
def escape(text: str) -> str:
    if SPECIAL.search(text):  # most names and titles have nothing to escape
        text = SPECIAL.sub(r"\\\1", text)
    if text[:1].isalpha():
        return text
    return LINE_MARK.sub(lambda m: m.group(1) + _escape_mark(m.group(2)), text)


def _escape_mark(mark: str) -> str:
    return mark[:-1] + "\\" + mark[-1]


def url(address: str) -> str:
    """A link destination that cannot end the link early."""
    for char, code in (("(", "%28"), (")", "%29"), ("\\", "%5C"), (" ", "%20")):
        address = address.replace(char, code)
    return address


@lru_cache(maxsize=65536)  # a piece is a tuple: authors and separators repeat
def spell(piece: Piece) -> str:
    kind = piece.kind
    if kind is LINK:
        return f"[{escape(piece.text)}]({url(piece.url)})"
    if kind is NOTE:
        return "\\*" + escape(piece.text)
    text = escape(piece.text)
    if kind is AUTHOR:
        text += "\\*" if piece.equal else ""
        return f"**{text}**" if piece.owner else text
    return text


# Kinds spelt as their escaped text alone (see spell): looked up by the text, a string
# whose hash is kept, not by the whole piece (an item's 20 pieces: a fifth of the backend).
_AS_TEXT = frozenset(Kind) - {Kind.LINK, Kind.NOTE, Kind.AUTHOR}


def item_text(item: Item) -> str:
    parts = []
    italic = False
    for piece in item.pieces:
        if piece.italic != italic:  # each run of italics opened and closed once
            italic = piece.italic
            parts.append("*")
        parts.append(escape(piece.text) if piece.kind in _AS_TEXT else spell(piece))
    if italic:
        parts.append("*")
    return "".join(parts)


def render(document: Document, standalone: bool = False) -> str:
    return "".join(lines(document, standalone))


def lines(document: Document, standalone: bool = False) -> Iterator[str]:
    """The text line by line, each line with its newline: export writes them as they come,
    so the whole text is never held beside the document (see render.render_lines)."""
    started = standalone
    if standalone:
        yield "# Publications\n"
    for section in document.sections:
        if started:
            yield "\n"
        started = True
        yield f"## {escape(section.title)}\n\n"
        for item in section.items:
            yield f"{_marker(item)} {item_text(item)}\n"


def _marker(item: Item) -> str:
    if item.number is None:
        return "-"
    if item.label != str(item.number):
        return f"- {escape(item.label)}."  # a lettered label is not a Markdown list number
    return f"{item.number}."

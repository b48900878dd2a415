"""Plain text: no markup at all; the owner is not marked, equal contribution keeps its star."""

from __future__ import annotations

from collections.abc import Iterator

from publist.render.core import Document, Item, Kind, Piece


def spell(piece: Piece) -> str:
    if piece.kind is Kind.LINK:
        return f"{piece.text}: {piece.url}"
    if piece.kind is Kind.NOTE:
        return "*" + piece.text
    if piece.kind is Kind.AUTHOR and piece.equal:
        return piece.text + "*"
    return piece.text


def item_text(item: Item) -> str:
    return "".join(spell(piece) for piece in item.pieces)


def render(document: Document, standalone: bool = False) -> str:
    return "".join(lines(document, standalone))


def lines(document: Document, standalone: bool = False) -> Iterator[str]:
    """The text line by line, each line with its newline (see markdown.lines)."""
    for index, section in enumerate(document.sections):
        if index:
            yield "\n"
        yield f"{section.title}\n{'=' * len(section.title)}\n\n"
        for item in section.items:
            marker = f"{item.label}." if item.label else "-"
            yield f"{marker} {item_text(item)}\n"

"""Plain text: no markup at all; the owner is not marked, equal contribution keeps its star."""

from __future__ import annotations

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
    blocks = []
    for section in document.sections:
        lines = [section.title, "=" * len(section.title), ""]
        for item in section.items:
            marker = f"{item.label}." if item.label else "-"
            lines.append(f"{marker} {item_text(item)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""

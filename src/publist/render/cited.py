"""export --citations: "Cited by N." at the end of each item the citations file counts."""

from __future__ import annotations

from dataclasses import replace

from publist.citations import Citations
from publist.render.core import Document, Item, Kind, Piece


def with_counts(document: Document, citations: Citations) -> Document:
    """The document with each counted item ending in "Cited by N." (every backend spells it
    as text), and the counts kept for the JSON export's figures."""
    sections = tuple(
        replace(section, items=tuple(_counted(item, citations) for item in section.items))
        for section in document.sections
    )
    return replace(document, sections=sections, citations=citations)


def _counted(item: Item, citations: Citations) -> Item:
    count = citations.of(item.publication)
    if count is None:
        return item
    added = (Piece(Kind.TEXT, " "), Piece(Kind.CITATIONS, f"Cited by {count.cited_by:,}."))
    return replace(item, pieces=item.pieces + added)

"""The parts of an item that structured targets (RenderCV, JSON Resume, CSL, Hugo) take
one by one, read from the core's pieces so that every format says the same."""

from __future__ import annotations

from publist import stats, storage
from publist.kinds import VenueType
from publist.model import Publication
from publist.render.core import Item, Kind, Piece
from publist.render.details import patent_text, venue_name
from publist.render.shorten import ELLIPSIS, ET_AL


def _is_name(piece: Piece) -> bool:
    """An author, or the "…" and "et al." of a shortened list."""
    return piece.kind is Kind.AUTHOR or (
        piece.kind is Kind.TEXT and piece.text in (ELLIPSIS, ET_AL)
    )


def _authors_end(item: Item) -> int:
    """Where the author list and its equal-contribution note end."""
    end = 0
    for index, piece in enumerate(item.pieces):
        if piece.kind is Kind.NOTE or _is_name(piece):
            end = index + 1
        elif piece.kind is not Kind.TEXT:
            break
    if 0 < end < len(item.pieces) and item.pieces[end - 1].kind is Kind.NOTE:
        end += 1  # the bracket that closes the note
    return end


def author_pieces(item: Item) -> list[Piece]:
    """The names shown, in order, with the "…" and "et al." of a shortened list."""
    return [piece for piece in item.pieces[: _authors_end(item)] if _is_name(piece)]


def author_line(item: Item) -> list[Piece]:
    """The pieces of the author list and its equal-contribution note, without the title."""
    return list(item.pieces[: _authors_end(item)])


def venue_text(item: Item) -> str:
    """Where it appeared, with the award as the list shows it: "OSDI 2022 (Best Paper)";
    a patent's kind and number."""
    publication = item.publication
    if item.venue_type is VenueType.PATENT:
        venue = patent_text(publication)
    else:
        venue = venue_name(publication)
    award = storage.award(publication)
    if award:
        return f"{venue} ({award})" if venue else f"({award})"
    return venue


def iso_date(item: Item) -> str:
    """2022-07, or 2022 without a month, or '' when undated."""
    publication = item.publication
    if not publication.year:
        return ""
    if publication.month:
        return f"{publication.year:04d}-{publication.month:02d}"
    return f"{publication.year:04d}"


def links(item: Item) -> list[tuple[str, str]]:
    """(label, url) of the links the list shows (none with --no-links)."""
    return [(piece.text, piece.url) for piece in item.pieces if piece.kind is Kind.LINK]


def has_equal(item: Item) -> bool:
    return any(piece.kind is Kind.AUTHOR and piece.equal for piece in item.pieces)


def short_venue(item: Item) -> str:
    """The venue's acronym as `publist stats` counts it (OSDI, NeurIPS Workshop), or ''
    when the venue has none: a badge must be short."""
    short = stats.venue_key(item.publication, item.venue_type) or ""
    first = short.split(" ", 1)[0]
    return short if sum(char.isupper() for char in first) >= 2 else ""


def is_selected(publication: Publication) -> bool:
    """al-folio's `selected = {true}`: the papers a site shows first."""
    return publication.get("selected").strip().lower() in ("true", "yes", "1")

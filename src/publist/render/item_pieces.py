"""The pieces of one item: "Authors. Title. *Venue (Award)*, 12(3):45–67, Month Year. Notes.
Links", as typed runs of text. The core decides which entries are shown, in what order and
with what numbers; this is what each one says."""

from __future__ import annotations

from publist import links, storage
from publist.config import Config, Detail, DoiLink
from publist.kinds import VenueType
from publist.model import Publication
from publist.pieces import (
    AUTHOR,
    AWARD,
    COMMA,
    DATE,
    DETAIL,
    ENDINGS,
    FULL_STOP,
    LINK,
    NEW,
    NOTE,
    SPACE,
    TEXT,
    TITLE,
    VENUE,
    Piece,
)
from publist.render import details as cv
from publist.render.details import date_text, patent_text, venue_name
from publist.render.shorten import TRUNCATED

PATENT = VenueType.PATENT  # a module name: see pieces.AUTHOR


def pieces_of(
    publication: Publication,
    kind: VenueType,
    owners: set[int],
    config: Config,
    with_links: bool = True,
    details: tuple[Detail, ...] | None = None,
) -> tuple[Piece, ...]:
    """Authors. Title. *Venue (Award)*, 12(3):45–67, Month Year. Notes. Links"""
    details = config.details if details is None else details
    pieces: list[Piece] = []
    pieces.extend(_authors(publication, owners))
    title = publication.title
    if title:
        if pieces:
            pieces.append(ENDINGS[" " if pieces[-1].text.endswith(".") else ". "])
        latex = publication.latex_fields.get("title", title)
        pieces.append(NEW(Piece, (TITLE, title, latex, False, False, False, "")))
    tail = _venue_and_date(publication, kind, config, details)
    if tail:
        if pieces:
            closing = "" if title and title[-1] in ".?!" else "."
            pieces.append(ENDINGS[closing + " "])
        pieces.extend(tail)
    if pieces:
        last = pieces[-1].text
        if not last.endswith((".", "?", "!")):
            pieces.append(FULL_STOP)
    if (
        details and kind is not PATENT and not cv.NOTE_FIELDS.isdisjoint(publication.latex_fields)
    ):  # most entries have no note: the item's text is not joined to look for one in it
        pieces.extend(_notes(publication, details, "".join(piece.text for piece in pieces)))
    if with_links:
        for label, url in links_of(publication, config):
            pieces.append(SPACE)
            pieces.append(NEW(Piece, (LINK, label, None, False, False, False, url)))
    return tuple(pieces)


def _authors(publication: Publication, owners: set[int]) -> list[Piece]:
    authors = publication.authors
    if not authors:
        return []
    equal = set(storage.equal_positions(publication))
    pieces = [AUTHOR_SEPARATOR] * (2 * len(authors) - 1)
    pieces[::2] = [
        NEW(Piece, (AUTHOR, person.display, person.latex_display, False, position in owners,
                    position in equal, ""))
        for position, person in enumerate(authors, start=1)
    ]  # fmt: skip
    if publication.truncated:
        pieces.append(Piece(TEXT, TRUNCATED))  # 'and others' is no co-author
    if equal and not equal.isdisjoint(range(1, len(authors) + 1)):
        note = Piece(NOTE, "equal contribution")
        pieces += [Piece(TEXT, " ("), note, Piece(TEXT, ")")]
    return pieces


AUTHOR_SEPARATOR = COMMA


def _venue_and_date(
    publication: Publication, kind: VenueType, config: Config, details: tuple[Detail, ...] = ()
) -> list[Piece]:
    if kind is PATENT:
        return _patent(publication)
    pieces: list[Piece] = []
    venue = venue_name(publication)
    if venue:
        latex = _venue_latex(publication, venue)
        pieces.append(NEW(Piece, (VENUE, venue, latex, True, False, False, "")))
    award = storage.award(publication)
    if award:
        pieces.append(Piece(TEXT, " (" if pieces else "(", italic=bool(pieces)))
        latex = publication.latex_fields.get(storage.award_field(publication), award)
        pieces.append(Piece(AWARD, award, latex, italic=pieces[0].italic))
        pieces.append(Piece(TEXT, ")", italic=pieces[0].italic))
    for text in cv.where(publication, kind, details):
        if pieces:
            pieces.append(COMMA)
        pieces.append(NEW(Piece, (DETAIL, text, text.replace("–", "--"), False, False, False, "")))
    date = date_text(publication, config.month_style)
    if date:
        if pieces:
            pieces.append(COMMA)
        pieces.append(NEW(Piece, (DATE, date, None, False, False, False, "")))
    return pieces


def _notes(publication: Publication, details: tuple[Detail, ...], shown: str) -> list[Piece]:
    """' To appear.': each note after the item's full stop."""
    pieces = []
    for name in cv.notes(publication, details, shown):
        text = cv.note_text(publication, name)
        latex = publication.latex_fields[name].strip() if name != Detail.PUBSTATE else None
        if latex is not None and not text.endswith(latex[-1:]):
            latex += "."
        pieces += [SPACE, Piece(DETAIL, text, latex)]
    return pieces


def _venue_latex(publication: Publication, venue: str) -> str | None:
    """The venue field's LaTeX; None for a venue made up from an arXiv eprint."""
    name = publication.venue_field
    return publication.latex_fields.get(name, venue) if name else None


def _patent(publication: Publication) -> list[Piece]:
    """US Patent 11,514,370, 2022: the number grouped by thousands, the year only."""
    pieces = [Piece(TEXT, patent_text(publication))]
    if publication.year:
        pieces.extend([COMMA, Piece(DATE, str(publication.year))])
    return pieces


def links_of(publication: Publication, config: Config) -> list[tuple[str, str]]:
    """(label, url) for each safe link, one per address (links.py reads the fields).

    With [export] doi_link = "alone", a DOI is left out when the entry has its own url or
    pdf: a CV that shows one link per paper."""
    found = links.links(publication, config.base_url, config.link_fields)
    if (
        len(found) > 1
        and config.doi_link is DoiLink.ALONE
        and any(link.field in ("url", "pdf") for link in found)
    ):
        found = [link for link in found if link.field != "doi"]
    result = []
    for link in found:
        label = links.link_label(link.field, config.link_labels)
        if label:
            result.append((label, link.url))
    return result

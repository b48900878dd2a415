"""Closed vocabularies: the venue types an entry can have; the sources of citation counts."""

from __future__ import annotations

from enum import StrEnum

from publist.errors import UsageProblem


class VenueType(StrEnum):
    CONFERENCE = "conference"
    JOURNAL = "journal"
    WORKSHOP = "workshop"
    DEMO = "demo"
    POSTER = "poster"
    PREPRINT = "preprint"
    PATENT = "patent"
    THESIS = "thesis"
    BOOK = "book"
    CHAPTER = "chapter"
    TALK = "talk"
    OTHER = "other"


VENUE_TYPES = tuple(VenueType)


def parse_venue_type(text: str) -> VenueType:
    """A venue type the user typed (any case); a one-line UsageProblem names the valid ones."""
    word = text.strip().lower()
    if word not in VENUE_TYPES:
        raise UsageProblem(f"unknown venue type '{text}' (choose {', '.join(VENUE_TYPES)})")
    return VenueType(word)


class CitationSource(StrEnum):
    """Where `publist refresh` asks for citation counts ([citations] sources)."""

    OPENALEX = "openalex"
    SEMANTIC_SCHOLAR = "semanticscholar"
    CROSSREF = "crossref"

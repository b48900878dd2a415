"""Closed vocabularies: the venue types an entry can have; the sources of citation counts."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from publist.errors import PublistError, UsageProblem

Word = TypeVar("Word", bound=StrEnum)


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


def member(vocabulary: type[Word], value: str, name: str, error: type[PublistError]) -> Word:
    """The member of a closed vocabulary that `value` names; else one line of `error` (a
    usage error for an option, a settings error for publist.toml) naming the valid ones."""
    try:
        return vocabulary(value)
    except ValueError:
        choices = ", ".join(item.value for item in vocabulary)
        raise error(f"{name} must be one of {choices}, not '{value}'") from None


class CitationSource(StrEnum):
    """Where `publist refresh` asks for citation counts ([citations] sources)."""

    OPENALEX = "openalex"
    SEMANTIC_SCHOLAR = "semanticscholar"
    CROSSREF = "crossref"

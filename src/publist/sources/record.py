"""The Record a source returns: apart from the HTTP client, so that an entry pasted or typed
by hand (add --bib, add --title) becomes one without loading the network machinery (8 ms of
`add --bib`'s start-up: seven dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass

from publist.bibtex import RawField


@dataclass(frozen=True)
class Record:
    """One fetched entry, as raw BibTeX fields, before publist's normalisation."""

    entry_type: str
    fields: tuple[RawField, ...]
    origin: str  # the service it came from, for messages
    key: str = ""  # the service's own citation key, if any
    published_doi: str = ""  # arXiv: the DOI of the published version
    notes: tuple[str, ...] = ()  # things the user should hear about

"""Network sources behind one interface: each says whether an identifier is its own, and fetches it.

The only package that imports requests (through sources.http, lazily).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from publist.bibfile import RawField
from publist.identifiers import Identifier


@dataclass(frozen=True)
class Record:
    """One fetched entry, as raw BibTeX fields, before publist's normalisation."""

    entry_type: str
    fields: tuple[RawField, ...]
    origin: str  # the service it came from, for messages
    key: str = ""  # the service's own citation key, if any
    published_doi: str = ""  # arXiv: the DOI of the published version
    notes: tuple[str, ...] = ()  # things the user should hear about


@dataclass(frozen=True)
class Candidate:
    """One search hit, for the user to pick from."""

    title: str
    authors: tuple[str, ...]
    venue: str
    year: str
    identifier: Identifier
    origin: str


class Source(Protocol):
    name: str

    def recognises(self, identifier: Identifier) -> bool: ...

    def fetch(self, identifier: Identifier) -> Record: ...


@dataclass(frozen=True)
class BaseUrls:
    """Where each service lives; tests and mirrors override them."""

    doi: str = "https://doi.org"
    crossref: str = "https://api.crossref.org"
    arxiv: str = "https://export.arxiv.org"
    dblp: str = "https://dblp.org"
    orcid: str = "https://pub.orcid.org"


def default_sources(client, urls: BaseUrls = BaseUrls()) -> list[Source]:
    """The plain list of sources, in the order they are asked."""
    from publist.sources.arxiv import ArxivSource
    from publist.sources.dblp import DblpSource
    from publist.sources.doi import DoiSource

    return [
        DoiSource(client, urls.doi, urls.crossref),
        ArxivSource(client, urls.arxiv),
        DblpSource(client, urls.dblp),
    ]


def fetch(identifier: Identifier, sources: list[Source]) -> Record:
    for source in sources:
        if source.recognises(identifier):
            return source.fetch(identifier)
    raise LookupError(f"no source for {identifier}")

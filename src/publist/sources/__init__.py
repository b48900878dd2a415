"""Network sources behind one interface: each says whether an identifier is its own, and
fetches it (papis-style). The only package that imports requests (through http, lazily).

- base.py: Record, Candidate, the Source interface, BaseUrls, the Network value;
- http.py: the one HTTP client (timeouts, retries, a deadline, a size cap);
- doi.py, arxiv.py, dblp.py: one module per service; profiles.py: DBLP and ORCID persons;
- crossref.py and semanticscholar.py: what stands in for doi.org when it fails.
"""

from __future__ import annotations

from publist.sources.arxiv import ArxivSource
from publist.sources.base import (
    BaseUrls,
    Candidate,
    Network,
    Record,
    Source,
    fetch_bibtex,
)
from publist.sources.dblp import DblpSource
from publist.sources.doi import DoiSource
from publist.sources.http import Client

__all__ = [
    "ArxivSource", "BaseUrls", "Candidate", "Client", "DblpSource", "DoiSource", "Network",
    "Record", "Source", "default_sources", "fetch_bibtex",
]  # fmt: skip


def default_sources(client: Client, urls: BaseUrls = BaseUrls()) -> list[Source]:
    """The plain list of sources, in the order they are asked."""
    return [
        DoiSource(client, urls.doi, urls.crossref, urls.semanticscholar),
        ArxivSource(client, urls.arxiv),
        DblpSource(client, urls.dblp),
    ]

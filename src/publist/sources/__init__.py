"""Network sources behind one interface: each says whether an identifier is its own, and
fetches it (papis-style). The only package that imports requests (through http, lazily).

- base.py: Record, Candidate, the Source interface, BaseUrls, the Network value;
- http.py: the one HTTP client (timeouts, retries, a deadline, a size cap);
- doi.py, arxiv.py, dblp.py: one module per service; profiles.py: DBLP and ORCID persons;
- crossref.py and semanticscholar.py: what stands in for doi.org when it fails.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publist.sources.arxiv import ArxivSource
    from publist.sources.base import BaseUrls, Candidate, Network, Source, fetch_bibtex
    from publist.sources.dblp import DblpSource
    from publist.sources.doi import DoiSource
    from publist.sources.http import Client
    from publist.sources.record import Record

__all__ = [
    "ArxivSource", "BaseUrls", "Candidate", "Client", "DblpSource", "DoiSource", "Network",
    "Record", "Source", "default_sources", "fetch_bibtex",
]  # fmt: skip
# Names and the module each lives in, imported on first use: `publist.sources.base` (which
# plans need for Record) no longer loads every service and its XML and e-mail modules
# (20 ms of the command's start-up).
_HOMES = {
    "ArxivSource": "arxiv", "BaseUrls": "base", "Candidate": "base", "Client": "http",
    "DblpSource": "dblp", "DoiSource": "doi", "Network": "base", "Record": "record",
    "Source": "base", "fetch_bibtex": "base",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


def default_sources(client: Client, urls: BaseUrls | None = None) -> list[Source]:
    """The plain list of sources, in the order they are asked."""
    from publist.sources.arxiv import ArxivSource
    from publist.sources.base import BaseUrls
    from publist.sources.dblp import DblpSource
    from publist.sources.doi import DoiSource

    urls = urls or BaseUrls()
    return [
        DoiSource(client, urls.doi, urls.crossref, urls.semanticscholar),
        ArxivSource(client, urls.arxiv),
        DblpSource(client, urls.dblp),
    ]

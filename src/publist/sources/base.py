"""What every source shares: the Record it returns, the Source interface, where services
live, and the one network value a command builds and passes down."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from publist.bibtex import RawField
from publist.errors import NetworkError, ParseError
from publist.identifiers import Identifier
from publist.sources.http import Client, Policy
from publist.sources.record import Record


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
    openalex: str = "https://api.openalex.org"
    semanticscholar: str = "https://api.semanticscholar.org"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> BaseUrls:
        """PUBLIST_DOI_URL, PUBLIST_CROSSREF_URL, ... override a service's URL when set."""
        chosen = {
            name: environ.get(f"PUBLIST_{name.upper()}_URL") or default
            for name, default in vars(cls()).items()
        }
        return cls(**chosen)


@dataclass(frozen=True)
class Network:
    """Everything about the network a command needs, built once and passed down: where
    services live, how patient to be, who is asking, and (for tests) the session and clock."""

    urls: BaseUrls = BaseUrls()
    policy: Policy = Policy()
    email: str = ""
    session: Any = None  # a requests.Session; made on first use when None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def client(self) -> Client:
        """An HTTP client for one command (its session, and so its connections, shared)."""
        return Client(self.email, self.session, self.policy, self.sleep, self.clock)


def fetch_bibtex(
    client: Client,
    url: str,
    service: str,
    subject: str,
    not_found: tuple[int, ...] = (404,),
    accept: str = "application/x-bibtex, text/plain",
) -> list[tuple[str, str, list[RawField]]]:
    """The entries of a BibTeX answer, as (key, entry type, raw fields).

    `subject` ("DOI 10.1/x") names what was asked in messages; a not_found status is
    NotFound, an answer that does not parse or holds no entry is NetworkError.
    """
    from publist.normalize import parse_entries

    response = client.get(url, service, accept=accept, subject=subject, not_found=not_found)
    try:
        entries = parse_entries(response.text, f"{service}'s answer for {subject}")
    except ParseError as error:
        raise NetworkError(f"{service} sent BibTeX that does not parse ({error})") from None
    if not entries:
        raise NetworkError(f"{service} did not send BibTeX for {subject}")
    return entries

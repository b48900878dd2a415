"""DOIs: BibTeX from doi.org content negotiation, completed from Crossref's /works when
useful; when doi.org fails, Crossref's /works record alone."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from publist.errors import NetworkError, NotFound
from publist.identifiers import Identifier, Kind
from publist.sources import semanticscholar_paper
from publist.sources.base import fetch_bibtex
from publist.sources.crossref import (
    complete,
    doi_path,
    needs_completion,
    record_of_work,
    search_crossref,
    work,
)
from publist.sources.http import Client, reading_answer
from publist.sources.record import Record

__all__ = ["DoiSource", "complete", "doi_path", "needs_completion", "search_crossref"]

BIBTEX = "application/x-bibtex"


@dataclass
class DoiSource:
    client: Client
    base_url: str = "https://doi.org"
    crossref_url: str = "https://api.crossref.org"
    semanticscholar_url: str = ""  # "": no Semantic Scholar fallback
    name: str = "doi.org"

    def recognises(self, identifier: Identifier) -> bool:
        return identifier.kind == Kind.DOI

    def fetch(self, identifier: Identifier) -> Record:
        doi = identifier.value
        url = f"{self.base_url.rstrip('/')}/{doi_path(doi)}"
        try:
            entries = fetch_bibtex(self.client, url, "doi.org", f"DOI {doi}", (400, 404), BIBTEX)
        except NotFound:
            raise
        except NetworkError as error:
            return self._from_crossref(doi, error)
        key, entry_type, raw = entries[0]
        record = Record(entry_type, tuple(raw), "doi.org", key)
        if needs_completion(record):
            record = self._complete(record, doi)
        return record

    def _from_crossref(self, doi: str, failure: NetworkError) -> Record:
        """doi.org is down or sent nonsense: Crossref's /works has what the entry needs, and
        for a DOI Crossref does not know (DataCite's), Semantic Scholar may. When neither
        can, the error is doi.org's, with what else failed."""
        trouble = []
        try:
            message = work(self.client, self.crossref_url, doi, f"DOI {doi}")
        except NetworkError as second:
            message, trouble = None, [f"Crossref failed too ({second})"]
        if message is not None:
            with reading_answer("Crossref", f"a record for DOI {doi}"):
                built = record_of_work(message, doi)
            return _told(built, failure, doi, "Crossref's")
        if not self.semanticscholar_url:
            raise NetworkError("; ".join([str(failure), *trouble])) from None
        try:
            found = semanticscholar_paper.paper(self.client, self.semanticscholar_url, doi)
            return _told(semanticscholar_paper.record_of_paper(found, doi), failure, doi,
                         "Semantic Scholar's")  # fmt: skip
        except NotFound:
            pass
        except NetworkError as third:
            trouble.append(f"Semantic Scholar failed too ({third})")
        if trouble:
            raise NetworkError("; ".join([str(failure), *trouble])) from None
        raise failure

    def _complete(self, record: Record, doi: str) -> Record:
        """Crossref fills gaps; when it has no record (DataCite DOIs) or is down, keep doi.org's."""
        patient_once = dataclasses.replace(
            self.client, policy=dataclasses.replace(self.client.policy, attempts=1)
        )
        try:
            message = work(patient_once, self.crossref_url, doi, f"DOI {doi}")
        except NetworkError as error:
            return dataclasses.replace(
                record, notes=(*record.notes, f"{error}; the entry has doi.org's fields only")
            )
        try:
            with reading_answer("Crossref", "a record"):
                return complete(record, message) if message is not None else record
        except NetworkError as error:  # nonsense from Crossref: as if it were down
            return dataclasses.replace(
                record, notes=(*record.notes, f"{error}; the entry has doi.org's fields only")
            )


def _told(record: Record, failure: NetworkError, doi: str, whose: str) -> Record:
    note = f"{failure}; the entry for DOI {doi} is built from {whose} record"
    return dataclasses.replace(record, notes=(*record.notes, note))

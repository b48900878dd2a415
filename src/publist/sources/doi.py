"""DOIs: BibTeX from doi.org content negotiation, completed from Crossref's /works when useful."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from publist import storage
from publist.bibtex import MONTH_MACROS, RawField, braced
from publist.errors import NetworkError, NotFound
from publist.identifiers import Identifier, Kind
from publist.normalize import escape
from publist.sources.base import Candidate, Record, fetch_bibtex
from publist.sources.http import Client, reading_answer

BIBTEX = "application/x-bibtex"
CROSSREF_TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "dissertation": "phdthesis",
    "report": "techreport",
    "posted-content": "misc",
}
CONTAINER_FIELDS = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}
SAFE = "/()-._;:<>[]+"  # what stays unquoted in a DOI path


def doi_path(doi: str) -> str:
    return quote(doi, safe=SAFE)


@dataclass
class DoiSource:
    client: Client
    base_url: str = "https://doi.org"
    crossref_url: str = "https://api.crossref.org"
    name: str = "doi.org"

    def recognises(self, identifier: Identifier) -> bool:
        return identifier.kind == Kind.DOI

    def fetch(self, identifier: Identifier) -> Record:
        doi = identifier.value
        url = f"{self.base_url.rstrip('/')}/{doi_path(doi)}"
        entries = fetch_bibtex(self.client, url, "doi.org", f"DOI {doi}", (400, 404), BIBTEX)
        key, entry_type, raw = entries[0]
        record = Record(entry_type, tuple(raw), "doi.org", key)
        if needs_completion(record):
            record = self._complete(record, doi)
        return record

    def _complete(self, record: Record, doi: str) -> Record:
        """Crossref fills gaps; when it has no record (DataCite DOIs) or is down, keep doi.org's."""
        patient_once = dataclasses.replace(
            self.client, policy=dataclasses.replace(self.client.policy, attempts=1)
        )
        try:
            response = patient_once.get(
                f"{self.crossref_url.rstrip('/')}/works/{doi_path(doi)}",
                "Crossref",
                accept="application/json",
                subject=f"DOI {doi}",
            )
        except NotFound:
            return record
        except NetworkError as error:
            return dataclasses.replace(
                record, notes=(*record.notes, f"{error}; the entry has doi.org's fields only")
            )
        data = response.json()
        message = data.get("message") if isinstance(data, dict) else None
        try:
            with reading_answer("Crossref", "a record"):
                return complete(record, message) if isinstance(message, dict) else record
        except NetworkError as error:  # nonsense from Crossref: as if it were down
            return dataclasses.replace(
                record, notes=(*record.notes, f"{error}; the entry has doi.org's fields only")
            )


def needs_completion(record: Record) -> bool:
    raw = list(record.fields)
    container = CONTAINER_FIELDS.get(record.entry_type.lower())
    missing_container = container is not None and not storage.get_raw(raw, container)
    return (
        record.entry_type.lower() == "misc"
        or missing_container
        or not storage.get_raw(raw, "month")
        or not storage.get_raw(raw, "pages")
    )


def complete(record: Record, message: dict[str, Any]) -> Record:
    """Fill what the BibTeX lacks from a Crossref /works message; never overwrite."""
    entry_type = record.entry_type.lower()
    crossref_type = CROSSREF_TYPES.get(str(message.get("type", "")))
    if entry_type == "misc" and crossref_type:
        entry_type = crossref_type
    raw: list[RawField] = list(record.fields)
    container = _first(message.get("container-title"))
    target = CONTAINER_FIELDS.get(entry_type)
    if target and container and not storage.get_raw(raw, target):
        raw.append((target, braced(escape(container, "&%#"))))
    month = _month(message)
    if month and not storage.get_raw(raw, "month"):
        raw.append(("month", month))
    for name, key in (("pages", "page"), ("volume", "volume"), ("number", "issue")):
        value = str(message.get(key) or "").strip()
        if value and not storage.get_raw(raw, name):
            raw.append((name, braced(escape(value, "&%#"))))  # "12\\" is text, not LaTeX
    return dataclasses.replace(record, entry_type=entry_type, fields=tuple(raw))


def _first(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


def _month(message: dict[str, Any]) -> str:
    for name in ("published-print", "published-online", "issued", "published"):
        parts = (message.get(name) or {}).get("date-parts") or [[]]
        if parts and len(parts[0]) >= 2 and isinstance(parts[0][1], int) and 1 <= parts[0][1] <= 12:
            return MONTH_MACROS[parts[0][1] - 1]
    return ""


# --- search ---


def search_crossref(client: Client, base_url: str, words: str, rows: int = 5) -> list[Candidate]:
    """Crossref's bibliographic search: best-scored works first."""
    response = client.get(
        f"{base_url.rstrip('/')}/works",
        "Crossref",
        params={"query.bibliographic": words, "rows": str(rows)},
        accept="application/json",
    )
    with reading_answer("Crossref", "a search answer"):
        return _crossref_candidates(response.json())


def _crossref_candidates(data: Any) -> list[Candidate]:
    items = ((data or {}).get("message") or {}).get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise NetworkError("Crossref sent a search answer publist cannot read")
    found = []
    for item in items:
        doi = str(item.get("DOI") or "")
        if not re.match(r"^10\.\d{4,9}/\S+$", doi):
            continue
        authors = tuple(
            " ".join(part for part in (person.get("given"), person.get("family")) if part)
            for person in item.get("author") or []
            if isinstance(person, dict)
        )
        year = (item.get("issued") or {}).get("date-parts") or [[None]]
        found.append(
            Candidate(
                title=_first(item.get("title")),
                authors=authors,
                venue=_first(item.get("container-title")),
                year=str(year[0][0] or "") if year and year[0] else "",
                identifier=Identifier(Kind.DOI, doi.lower()),
                origin="Crossref",
            )
        )
    return found

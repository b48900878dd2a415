"""Crossref for `publist refresh`: a work's record (its citation count and the published
version a preprint names), the best match of a title, and a work's BibTeX.

Every request goes through the polite pool: the contact address rides in the User-Agent
(sources/http.py), and publist paces itself below the pool's limits (sources/polite.py).
"""

from __future__ import annotations

from typing import Any

from publist.errors import NetworkError, NotFound
from publist.sources.base import fetch_bibtex
from publist.sources.doi import doi_path
from publist.sources.http import Client
from publist.sources.record import Record
from publist.sources.works import Work, json_of, split_doi, whole_number, year_of

SERVICE = "Crossref"
SEARCH = "Crossref search"  # its own pace: Crossref allows fewer list requests than lookups
PUBLISHED_RELATIONS = ("is-preprint-of",)  # is-version-of says nothing of which is which


def work(client: Client, base_url: str, doi: str) -> Work | None:
    """Crossref's record of a DOI; None when Crossref has none (a DataCite or arXiv DOI)."""
    response = client.get(
        f"{base_url.rstrip('/')}/works/{doi_path(doi)}",
        SERVICE,
        accept="application/json",
        passthrough=(404,),
    )
    if response.status == 404:
        return None
    data = json_of(response, SERVICE)
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict):
        raise NetworkError(f"{SERVICE} sent a record publist cannot read (DOI {doi})")
    return work_of(message)


def search_title(client: Client, base_url: str, title: str) -> Work | None:
    """Crossref's best match of a title (`query.title`, one row); None when it finds nothing."""
    response = client.get(
        f"{base_url.rstrip('/')}/works",
        SEARCH,
        params={"query.title": title, "rows": "1"},
        accept="application/json",
    )
    data = json_of(response, SERVICE)
    items = ((data or {}).get("message") or {}).get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise NetworkError(f"{SERVICE} sent a search answer publist cannot read")
    return work_of(items[0]) if items and isinstance(items[0], dict) else None


def bibtex(client: Client, base_url: str, doi: str) -> Record | None:
    """A work's BibTeX from Crossref (what doi.org redirects a Crossref DOI to); None when
    Crossref has no such work."""
    url = f"{base_url.rstrip('/')}/works/{doi_path(doi)}/transform/application/x-bibtex"
    try:
        entries = fetch_bibtex(client, url, SERVICE, f"DOI {doi}", (404,), "application/x-bibtex")
    except NotFound:
        return None
    key, entry_type, raw = entries[0]
    return Record(entry_type, tuple(raw), SERVICE, key)


def work_of(message: dict[str, Any]) -> Work:
    doi, arxiv = split_doi(message.get("DOI"))
    return Work(
        SERVICE,
        title=_first(message.get("title")),
        authors=tuple(
            " ".join(part for part in (person.get("given"), person.get("family")) if part)
            for person in message.get("author") or []
            if isinstance(person, dict) and person.get("family")
        ),
        year=_year(message),
        venue=_first(message.get("container-title")),
        doi=doi,
        arxiv=arxiv,
        cited_by=whole_number(message.get("is-referenced-by-count")),
        published_doi=_published(message.get("relation")),
        preprint=message.get("type") == "posted-content",
        score=message.get("score") if isinstance(message.get("score"), int | float) else None,
    )


def _published(relation: Any) -> str:
    """The DOI a preprint says it was published as (relation is-preprint-of)."""
    if not isinstance(relation, dict):
        return ""
    for name in PUBLISHED_RELATIONS:
        for link in relation.get(name) or []:
            if isinstance(link, dict) and str(link.get("id-type", "")).lower() == "doi":
                doi, _ = split_doi(link.get("id"))
                if doi:
                    return doi
    return ""


def _first(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


def _year(message: dict[str, Any]) -> int | None:
    for name in ("published-print", "published-online", "issued", "posted", "created"):
        parts = (message.get(name) or {}).get("date-parts") or [[]]
        if parts and parts[0] and year_of(parts[0][0]):
            return year_of(parts[0][0])
    return None

"""OpenAlex: one work by its DOI (the singleton call), for its citation count and an
open-access link.

The singleton is free and served at up to 100 requests a second; list calls (a filter of
many DOIs) cost credits and no real answer of one is recorded, so publist asks one DOI at
a time, with the contact address for OpenAlex's polite pool.
"""

from __future__ import annotations

from urllib.parse import quote

from publist.sources.http import Client
from publist.sources.works import Work, json_of, split_doi, web_link, whole_number, year_of

SERVICE = "OpenAlex"
FIELDS = "id,doi,title,publication_year,cited_by_count,open_access,best_oa_location"


def work_by_doi(client: Client, base_url: str, doi: str, email: str = "") -> Work | None:
    """What OpenAlex knows of a DOI; None when it has no such work (404)."""
    params = {"select": FIELDS, **({"mailto": email} if email else {})}
    response = client.get(
        f"{base_url.rstrip('/')}/works/https://doi.org/{quote(doi, safe=':()._;-')}",
        SERVICE,
        params=params,
        accept="application/json",
        passthrough=(404,),
    )
    if response.status == 404:
        return None
    return work_of(json_of(response, SERVICE))


def work_of(data: object) -> Work | None:
    if not isinstance(data, dict):
        return None
    doi, arxiv = split_doi(data.get("doi"))
    best = data.get("best_oa_location") or {}
    return Work(
        SERVICE,
        title=" ".join(str(data.get("title") or "").split()),
        year=year_of(data.get("publication_year")),
        doi=doi,
        arxiv=arxiv,
        cited_by=whole_number(data.get("cited_by_count")),
        pdf=web_link(best.get("pdf_url") if isinstance(best, dict) else ""),
    )

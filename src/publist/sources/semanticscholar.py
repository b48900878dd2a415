"""Semantic Scholar's Graph API: many papers in one batch request, and the best match of a
title.

Without an API key every client shares one pool, so publist sends at most one request a
second (sources/polite.py) and puts up to 500 ids in one batch, as the API allows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from publist.errors import NetworkError
from publist.sources.http import Client
from publist.sources.works import Work, json_of, split_doi, web_link, whole_number, year_of

SERVICE = "Semantic Scholar"
FIELDS = "title,year,venue,journal,authors,externalIds,citationCount,openAccessPdf"
BATCH_LIMIT = 500  # ids per batch request, as the API allows
PREPRINT_VENUES = re.compile(r"\b(arxiv|biorxiv|medrxiv|chemrxiv|ssrn|corr)\b", re.IGNORECASE)


def lookup_id(identifier: str) -> str:
    """The id a batch asks by, for "doi:10.1/x" (a bare DOI: the API takes it as it is),
    "s2:CorpusId:1" or "arxiv:1706.03762"."""
    kind, _, value = identifier.partition(":")
    return {"doi": value, "s2": value, "arxiv": f"ARXIV:{value}"}.get(kind, "")


def batch(client: Client, base_url: str, ids: Sequence[str]) -> list[Work | None]:
    """What S2 knows of each id, in order; None for an id it does not know."""
    found: list[Work | None] = []
    for start in range(0, len(ids), BATCH_LIMIT):
        chunk = list(ids[start : start + BATCH_LIMIT])
        body = json.dumps({"ids": chunk}, separators=(",", ":")).encode()
        response = client.post(
            f"{base_url.rstrip('/')}/graph/v1/paper/batch",
            SERVICE,
            body,
            params={"fields": FIELDS},
            accept="application/json",
        )
        answer = json_of(response, SERVICE)
        if not isinstance(answer, list) or len(answer) != len(chunk):
            raise NetworkError(f"{SERVICE} sent a batch answer publist cannot read")
        found.extend(work_of(paper) for paper in answer)
    return found


def match_title(client: Client, base_url: str, title: str) -> Work | None:
    """S2's best match of a title; None when it has none (a 404 or an empty list)."""
    response = client.get(
        f"{base_url.rstrip('/')}/graph/v1/paper/search/match",
        SERVICE,
        params={"query": title, "fields": FIELDS},
        accept="application/json",
        passthrough=(404,),
    )
    if response.status == 404:
        return None
    data = json_of(response, SERVICE)
    hits = data.get("data") if isinstance(data, dict) else None
    if not isinstance(hits, list):
        raise NetworkError(f"{SERVICE} sent a title match publist cannot read")
    return work_of(hits[0]) if hits else None


def work_of(paper: Any) -> Work | None:
    if not isinstance(paper, dict):
        return None
    ids = paper.get("externalIds") or {}
    doi, arxiv_doi = split_doi(ids.get("DOI"))
    journal = paper.get("journal") or {}
    journal_name = str(journal.get("name") or "") if isinstance(journal, dict) else ""
    venue = " ".join(str(paper.get("venue") or journal_name).split())
    pdf = paper.get("openAccessPdf") or {}
    score = paper.get("matchScore")
    return Work(
        SERVICE,
        title=" ".join(str(paper.get("title") or "").split()),
        authors=tuple(
            str(person.get("name") or "")
            for person in paper.get("authors") or []
            if isinstance(person, dict) and person.get("name")
        ),
        year=year_of(paper.get("year")),
        venue=venue,
        doi=doi,
        arxiv=str(ids.get("ArXiv") or arxiv_doi),
        dblp=str(ids.get("DBLP") or ""),
        cited_by=whole_number(paper.get("citationCount")),
        pdf=web_link(pdf.get("url") if isinstance(pdf, dict) else ""),
        preprint=bool(PREPRINT_VENUES.search(f"{venue} {journal_name}")),
        score=float(score) if isinstance(score, int | float) else None,
    )

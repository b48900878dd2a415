"""DBLP: records through /rec/KEY.bib, and the publication search API."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from publist.errors import NetworkError
from publist.identifiers import Identifier, Kind, normalize_dblp
from publist.sources.base import Candidate, Record, fetch_bibtex
from publist.sources.http import Client, reading_answer


@dataclass
class DblpSource:
    client: Client
    base_url: str = "https://dblp.org"
    name: str = "DBLP"

    def recognises(self, identifier: Identifier) -> bool:
        return identifier.kind == Kind.DBLP

    def fetch(self, identifier: Identifier) -> Record:
        key = identifier.value
        url = f"{self.base_url.rstrip('/')}/rec/{key}.bib"
        entries = fetch_bibtex(self.client, url, "DBLP", f"DBLP record {key}", (404, 410))
        # A record with a crossref brings its @proceedings too; the paper comes first.
        wanted = [entry for entry in entries if entry[0].removeprefix("DBLP:") == key] or entries
        source_key, entry_type, raw = wanted[0]
        return Record(entry_type, tuple(raw), "DBLP", source_key)

    def search(self, words: str, hits: int = 10) -> list[Candidate]:
        response = self.client.get(
            f"{self.base_url.rstrip('/')}/search/publ/api",
            "DBLP",
            params={"q": words, "format": "json", "h": str(hits)},
            accept="application/json",
        )
        with reading_answer("DBLP", "a search answer"):
            return candidates(response.json())


def candidates(data: Any) -> list[Candidate]:
    """Search hits from DBLP's JSON; a lone author or hit comes as an object, not a list."""
    try:
        hits = data["result"]["hits"]
    except (KeyError, TypeError):
        raise NetworkError("DBLP sent a search answer publist cannot read") from None
    found = []
    for hit in _as_list(hits.get("hit")):
        info = hit.get("info") if isinstance(hit, dict) else None
        if not isinstance(info, dict):
            continue
        key = normalize_dblp(str(info.get("key", "")))
        if not key:
            continue
        people = _as_list((info.get("authors") or {}).get("author"))
        authors = tuple(
            _person(person.get("text", "") if isinstance(person, dict) else str(person))
            for person in people
        )
        found.append(
            Candidate(
                title=_plain(str(info.get("title", ""))).rstrip("."),
                authors=authors,
                venue=_plain(_venue(info.get("venue"))),
                year=str(info.get("year", "")),
                identifier=Identifier(Kind.DBLP, key),
                origin="DBLP",
            )
        )
    return found


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _venue(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value or "")


def _plain(text: str) -> str:
    return " ".join(html.unescape(text).split())


def _person(text: str) -> str:
    # DBLP disambiguates homonyms with a number ("Xiaopeng Zhang 0009"); people don't write it.
    words = _plain(text).split()
    if len(words) > 1 and words[-1].isdigit() and len(words[-1]) == 4:
        words = words[:-1]
    return " ".join(words)

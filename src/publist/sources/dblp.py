"""DBLP: records through /rec/KEY.bib, and the publication search API."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from publist import storage
from publist.bibtex import RawField, braced
from publist.errors import NetworkError
from publist.identifiers import Identifier, Kind, normalize_dblp
from publist.sources.base import Candidate, fetch_bibtex
from publist.sources.http import Client, reading_answer
from publist.sources.record import Record

# Fields an entry takes from the @proceedings it cross-references, when it lacks them.
INHERITED = {"booktitle": "title", "publisher": "publisher", "year": "year", "series": "series",
             "volume": "volume", "address": "address", "editor": "editor"}  # fmt: skip


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
        # A record with a crossref brings its @proceedings too: folded into the paper.
        wanted = [
            entry
            for found in (resolve_crossrefs(entries), entries)
            for entry in found
            if entry[0].removeprefix("DBLP:") == key
        ] or entries
        source_key, entry_type, raw = wanted[0]
        return Record(entry_type, (*raw, record_link(key)), "DBLP", source_key)

    def search(self, words: str, hits: int = 10) -> list[Candidate]:
        response = self.client.get(
            f"{self.base_url.rstrip('/')}/search/publ/api",
            "DBLP",
            params={"q": words, "format": "json", "h": str(hits)},
            accept="application/json",
        )
        with reading_answer("DBLP", "a search answer"):
            return candidates(response.json())


def resolve_crossrefs(
    entries: Sequence[tuple[str, str, list[RawField]]],
) -> list[tuple[str, str, list[RawField]]]:
    """Entries with their cross-referenced @proceedings folded in, those @proceedings dropped."""
    by_key = {key.lower(): raw for key, _, raw in entries}
    cited: set[str] = set()
    result = []
    for key, entry_type, raw in entries:
        target = _unbraced(storage.get_raw(raw, "crossref") or "").lower()
        if target in by_key:
            cited.add(target)
            raw = [(name, value) for name, value in raw if name.lower() != "crossref"]
            for name, source in INHERITED.items():
                value = storage.get_raw(by_key[target], source)
                if value and not storage.get_raw(raw, name):
                    raw.append((name, value))
        result.append((key, entry_type, raw))
    return [entry for entry in result if entry[0].lower() not in cited]


def _unbraced(value: str) -> str:
    value = value.strip()
    return value[1:-1].strip() if value[:1] in '{"' and len(value) >= 2 else value


def record_link(key: str) -> RawField:
    """The `dblp` field publist keeps: the record's page, by which the entry is known again
    (storage.dblp_of reads it) whatever its title becomes."""
    return ("dblp", braced(f"https://dblp.org/rec/{key}"))


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

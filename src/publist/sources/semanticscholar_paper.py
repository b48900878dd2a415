"""Semantic Scholar's Graph API, one paper by its DOI: the last stand-in for `publist add`
when neither doi.org nor Crossref can give a DOI's record."""

from __future__ import annotations

import re
from typing import Any

from publist.bibtex import MONTH_MACROS, RawField, braced
from publist.errors import NetworkError, NotFound
from publist.normalize import escape
from publist.sources.crossref import PLAIN_SPECIALS, doi_path
from publist.sources.http import Client, reading_answer
from publist.sources.record import Record

FIELDS = (
    "title,authors,year,venue,publicationVenue,journal,externalIds,publicationTypes,publicationDate"
)
JOURNAL_TYPES = frozenset({"JournalArticle", "Review", "LettersAndComments", "Editorial"})
CONFERENCE_TYPES = frozenset({"Conference"})
_DATE = re.compile(r"^(\d{4})-(\d{2})")


def paper(client: Client, base_url: str, doi: str) -> dict[str, Any]:
    """The paper S2 knows by this DOI; NotFound when it knows none."""
    response = client.get(
        f"{base_url.rstrip('/')}/graph/v1/paper/{doi_path(doi)}",
        "Semantic Scholar",
        params={"fields": FIELDS},
        accept="application/json",
        subject=f"DOI {doi}",
    )
    data = response.json()
    if not isinstance(data, dict):
        raise NetworkError(f"Semantic Scholar sent an answer publist cannot read (for DOI {doi})")
    return data


def record_of_paper(data: dict[str, Any], doi: str) -> Record:
    """BibTeX fields from a paper; NotFound when it lacks what an entry needs (a title, an
    author and a year: a record without them would fail `check`), NetworkError when its
    shape is not S2's (nonsense, never a traceback)."""
    with reading_answer("Semantic Scholar", "a paper"):
        return _record(data, doi)


def _record(data: dict[str, Any], doi: str) -> Record:
    title = _text(data.get("title"))
    if not title:
        raise NotFound(f"Semantic Scholar has no title for DOI {doi}")
    journal, place = _object(data, "journal"), _object(data, "publicationVenue")
    kinds = set(data.get("publicationTypes") or ())
    place_type = _text(place.get("type")).lower()
    if place_type == "journal" or kinds & JOURNAL_TYPES or _text(journal.get("name")):
        entry_type, venue_field = "article", "journal"
        venue = _text(journal.get("name")) or _text(place.get("name")) or _text(data.get("venue"))
    elif place_type == "conference" or kinds & CONFERENCE_TYPES:
        entry_type, venue_field = "inproceedings", "booktitle"
        venue = _text(place.get("name")) or _text(data.get("venue"))
    else:
        entry_type, venue_field, venue = "misc", "howpublished", _text(data.get("venue"))
    names = [_text(person.get("name")) for person in data.get("authors") or []
             if isinstance(person, dict)]  # fmt: skip
    raw: list[RawField] = []
    if any(names):
        raw.append(("author", braced(" and ".join(_plain(name) for name in names if name))))
    raw.append(("title", braced(_plain(title))))
    if venue:
        raw.append((venue_field, braced(_plain(venue))))
    for name in ("volume", "pages"):
        value = _text(journal.get(name))
        if value and entry_type == "article":
            raw.append((name, braced(_plain(value))))
    date = _DATE.match(_text(data.get("publicationDate")))
    year = _text(data.get("year")) or (date.group(1) if date else "")
    if not any(names) or not year:
        raise NotFound(f"Semantic Scholar's record of DOI {doi} has no authors or no year")
    raw.append(("year", braced(year)))
    if date and 1 <= int(date.group(2)) <= 12:
        raw.append(("month", MONTH_MACROS[int(date.group(2)) - 1]))
    raw.append(("doi", braced(doi)))
    ids = _object(data, "externalIds")
    if _text(ids.get("ArXiv")):
        raw += [("eprint", braced(_text(ids["ArXiv"]))), ("archiveprefix", "{arXiv}")]
    if _text(ids.get("DBLP")):
        raw.append(("dblp", braced(f"https://dblp.org/rec/{_text(ids['DBLP'])}")))
    return Record(entry_type, tuple(raw), "Semantic Scholar", doi)


def _object(data: dict[str, Any], name: str) -> dict[str, Any]:
    """A nested object of the answer; S2 sends null for what it does not know."""
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _plain(text: str) -> str:
    return escape(text, PLAIN_SPECIALS)

"""Author profiles: every publication of a DBLP person or of an ORCID record.

A profile comes back as listings, one per work, each with the identifiers that recognise
it before anything more is fetched. DBLP's person export already holds every entry's
BibTeX; an ORCID work with a DOI is fetched through the DOI source only when the caller
asks (`load`), so a sync does not fetch again what the library already has.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from publist import storage
from publist.bibtex import MONTH_MACROS, RawField, braced
from publist.errors import NetworkError, NotFound, UsageProblem
from publist.identifiers import Identifier, Kind, normalize_arxiv, normalize_doi
from publist.kinds import VenueType
from publist.model import Publication
from publist.normalize import escape
from publist.reading import as_publication
from publist.sources.base import Source, fetch_bibtex
from publist.sources.dblp import resolve_crossrefs
from publist.sources.http import Client, reading_answer
from publist.sources.record import Record
from publist.storage import arxiv_of, dblp_of, doi_of

# DBLP person ids: "12/3456", "12/3456-1", and the older lettered form "c/ByungGonChun".
PID_PATTERN = re.compile(r"^(?:\d+|[a-z])/[A-Za-z0-9][\w\-]*$")
ORCID_FIELD = "orcid-put-code"  # the ORCID work an imported entry came from: iD/put-code
ORCID_WORK = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]/\d+$")
ORCID_PATTERN = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$", re.IGNORECASE)


class Service(StrEnum):
    DBLP = "dblp"
    ORCID = "orcid"


@dataclass(frozen=True)
class Listing:
    """One work of a profile: its identifiers (the first is the one remembered) and a record.

    `doi`, when set, is fetched by `load`; `record` is then only the fallback.
    """

    ids: tuple[str, ...]
    title: str
    year: int | None
    record: Record
    doi: str = ""

    @property
    def id(self) -> str:
        return self.ids[0]


@dataclass(frozen=True)
class Profile:
    service: Service
    person: str  # "pid/12/3456" or "0000-0002-1825-0097"
    name: str  # the person's name, "" when the service does not say
    listings: tuple[Listing, ...] = field(default=())

    def __str__(self) -> str:
        label = "DBLP person" if self.service == Service.DBLP else "ORCID record"
        return f"{label} {self.person}"


def identities(item: Publication) -> tuple[str, ...]:
    """'doi:...', 'arxiv:...', 'dblp:...', 'orcid:...' for whatever identifiers the entry has
    (an imported entry keeps its ORCID work in ORCID_FIELD as 'iD/put-code')."""
    orcid = item.get(ORCID_FIELD).strip()
    found = (("doi", doi_of(item)), ("arxiv", arxiv_of(item)), ("dblp", dblp_of(item)),
             ("orcid", orcid if ORCID_WORK.match(orcid) else None))  # fmt: skip
    return tuple(f"{kind}:{value}" for kind, value in found if value)


# --- DBLP ---


def dblp_person(text: str) -> str:
    """The person id in a DBLP person URL, its .bib/.xml export, 'pid/...' or a bare id."""
    value = re.sub(r"^(https?://)?(www\.)?dblp\.(org|uni-trier\.de)/", "", text.strip(), flags=re.I)
    value = re.split(r"[?#]", value)[0].rstrip("/")
    value = re.sub(r"\.(bib|xml|html|rss)$", "", value).removeprefix("pid/")
    if not PID_PATTERN.match(value):
        raise UsageProblem(
            f"'{text}' is not a DBLP person (give https://dblp.org/pid/12/3456, pid/12/3456 "
            "or its .bib or .xml export URL)"
        )
    return value


@dataclass
class DblpProfiles:
    client: Client
    base_url: str = "https://dblp.org"

    def fetch(self, pid: str) -> Profile:
        """The person's whole BibTeX export, /pid/PID.bib."""
        url = f"{self.base_url.rstrip('/')}/pid/{pid}.bib"
        entries = fetch_bibtex(self.client, url, "DBLP", f"DBLP person pid/{pid}", (404, 410))
        listings = tuple(dblp_listing(*entry) for entry in resolve_crossrefs(entries))
        name = common_author([as_publication(*_entry(item.record)) for item in listings])
        return Profile(Service.DBLP, f"pid/{pid}", name, listings)


def _entry(record: Record) -> tuple[str, str, list[RawField]]:
    return record.key, record.entry_type, list(record.fields)


def dblp_listing(key: str, entry_type: str, raw: list[RawField]) -> Listing:
    item = as_publication(key, entry_type, raw)
    own = f"dblp:{key.removeprefix('DBLP:')}"
    ids = (own, *(other for other in identities(item) if other != own))
    return Listing(ids, item.title, item.year, Record(entry_type, tuple(raw), "DBLP", key))


def common_author(items: Sequence[Publication]) -> str:
    """The one name on more of the profile's works than any other: the person's own."""
    counts = Counter(name for item in items for name in {person.display for person in item.authors})
    ranked = counts.most_common(2)
    if not ranked or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return ""
    return ranked[0][0]


# --- ORCID ---


def orcid_id(text: str) -> str:
    """An ORCID iD (bare or https://orcid.org/...) with its check digit verified."""
    value = re.sub(r"^(https?://)?(www\.|sandbox\.)?orcid\.org/", "", text.strip(), flags=re.I)
    match = ORCID_PATTERN.match(value.rstrip("/"))
    if not match:
        raise UsageProblem(f"'{text}' is not an ORCID iD (like 0000-0002-1825-0097)")
    digits = "".join(match.groups()).upper()
    if check_digit(digits[:-1]) != digits[-1]:
        raise UsageProblem(f"'{text}' is not an ORCID iD: its check digit is wrong (a typo?)")
    return "-".join(match.groups()).upper()


def check_digit(digits: str) -> str:
    """ISO 7064 MOD 11-2, as ORCID computes it."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


# ORCID work type -> (entry type, venue field, venue type to store or "").
ORCID_TYPES = {
    "journal-article": ("article", "journal", ""),
    "conference-paper": ("inproceedings", "booktitle", ""),
    "conference-abstract": ("inproceedings", "booktitle", "poster"),
    "conference-poster": ("inproceedings", "booktitle", "poster"),
    "book-chapter": ("incollection", "booktitle", ""),
    "book": ("book", "series", ""),
    "edited-book": ("book", "series", ""),
    "dissertation-thesis": ("phdthesis", "school", ""),
    "dissertation": ("phdthesis", "school", ""),
    "preprint": ("misc", "howpublished", "preprint"),
    "working-paper": ("misc", "howpublished", "preprint"),
    "report": ("techreport", "institution", ""),
    "patent": ("patent", "", ""),
    "lecture-speech": ("misc", "howpublished", "talk"),
}


@dataclass
class OrcidProfiles:
    client: Client
    base_url: str = "https://pub.orcid.org"

    def fetch(self, orcid: str) -> Profile:
        """The public API v3 /works list and the /person name."""
        works = self._get(orcid, "works")
        person = self._get(orcid, "person")
        with reading_answer("ORCID"):
            name = person_name(person)
            return Profile(Service.ORCID, orcid, name, tuple(orcid_listings(orcid, works, name)))

    def _get(self, orcid: str, part: str) -> dict[str, Any]:
        response = self.client.get(
            f"{self.base_url.rstrip('/')}/v3.0/{orcid}/{part}",
            "ORCID",
            accept="application/json",
            subject=f"ORCID iD {orcid}",
        )
        data = response.json()
        if not isinstance(data, dict):
            raise NetworkError(f"ORCID sent a /{part} answer publist cannot read")
        return data


def person_name(person: Mapping[str, Any]) -> str:
    name = person.get("name") or {}
    credit = _value(name.get("credit-name"))
    given, family = _value(name.get("given-names")), _value(name.get("family-name"))
    return credit or " ".join(part for part in (given, family) if part)


def orcid_listings(orcid: str, works: Mapping[str, Any], owner: str) -> list[Listing]:
    groups = works.get("group")
    if not isinstance(groups, list):
        raise NetworkError("ORCID sent a /works answer publist cannot read")
    listings = []
    for group in groups:
        summaries = (group or {}).get("work-summary") or []
        # One group is one work as several sources reported it; ORCID lists its preferred first.
        if summaries and isinstance(summaries[0], dict):
            listings.append(orcid_listing(orcid, summaries[0], owner))
    return listings


def orcid_listing(orcid: str, summary: Mapping[str, Any], owner: str) -> Listing:
    external = {}
    for item in ((summary.get("external-ids") or {}).get("external-id")) or []:
        relationship = item.get("external-id-relationship") or "self"
        kind = str(item.get("external-id-type") or "").lower()
        if relationship == "self" and kind not in external:
            external[kind] = str(item.get("external-id-value") or "")
    doi = normalize_doi(external.get("doi", "")) or ""
    arxiv = normalize_arxiv(external.get("arxiv", ""))
    put_code = f"orcid:{orcid}/{summary.get('put-code', '')}"
    ids = tuple(
        value
        for value in (f"doi:{doi}" if doi else "", f"arxiv:{arxiv[0]}" if arxiv else "", put_code)
        if value
    )
    record = summary_record(summary, owner, doi, arxiv[0] if arxiv else "")
    item = as_publication(put_code, record.entry_type, list(record.fields))
    return Listing(ids, item.title, item.year, record, doi)


def summary_record(summary: Mapping[str, Any], owner: str, doi: str, arxiv: str) -> Record:
    """BibTeX fields from a work summary; it names no co-authors, so the owner 'and others'."""
    entry_type, venue_field, kind = ORCID_TYPES.get(
        str(summary.get("type") or "").lower(), ("misc", "howpublished", "")
    )
    title = _value((summary.get("title") or {}).get("title"))
    raw: list[RawField] = []
    if owner:
        raw.append(("author", braced(escape(owner) + " and others")))
    raw.append(("title", braced(escape(title))))
    venue = _value(summary.get("journal-title"))
    if venue and venue_field:
        raw.append((venue_field, braced(escape(venue))))
    date = summary.get("publication-date") or {}
    year, month = _value(date.get("year")), _value(date.get("month"))
    if year.isdigit():
        raw.append(("year", braced(year)))
    if month.isdigit() and 1 <= int(month) <= 12:
        raw.append(("month", MONTH_MACROS[int(month) - 1]))
    if doi:
        raw.append(("doi", braced(doi)))
    if arxiv:
        raw += [("eprint", braced(arxiv)), ("archiveprefix", "{arXiv}")]
    url = _value(summary.get("url"))
    if url and storage.is_safe_url(url) and not doi:
        raw.append(("url", braced(url)))
    if kind:
        raw = storage.with_venue_type(raw, VenueType(kind))
    notes = () if owner else ("ORCID names no authors for this work; add them",)
    return Record(entry_type, tuple(raw), "ORCID", notes=notes)


def _value(node: Any) -> str:
    """ORCID wraps most strings as {"value": ...}; absent parts are null."""
    if isinstance(node, dict):
        node = node.get("value")
    return " ".join(str(node).split()) if node is not None else ""


# --- loading the works a caller wants ---


def load(listing: Listing, doi_source: Source) -> Record:
    """The full record: the DOI's BibTeX when there is one, else the listing's own record."""
    if not listing.doi:
        return listing.record
    try:
        return doi_source.fetch(Identifier(Kind.DOI, listing.doi))
    except NotFound:
        note = f"doi.org does not know DOI {listing.doi}; the entry is built from ORCID's record"
        return replace(listing.record, notes=(*listing.record.notes, note))

"""CSL-JSON: the items for pandoc --citeproc, Zotero, Quarto and every citeproc.

CSL data is whole: every author (a style decides where "et al." goes), the fields a
style may print, and a CSL type for every entry (patents included). What CSL has no
variable for (the owner, equal contribution, the award, publist's number and section)
is kept under `custom`, which the CSL schema has for such data.
"""

from __future__ import annotations

import json
import re

from publist import links, storage
from publist.kinds import VenueType
from publist.people import Person
from publist.render.core import Document, Item, Kind, Section

# publist's venue type -> CSL type; "other" is decided by the BibTeX entry type.
CSL_TYPES = {
    VenueType.CONFERENCE: "paper-conference",
    VenueType.WORKSHOP: "paper-conference",
    VenueType.DEMO: "paper-conference",
    VenueType.POSTER: "paper-conference",
    VenueType.JOURNAL: "article-journal",
    VenueType.PREPRINT: "article",  # CSL 1.0.2: preprints and working papers
    VenueType.PATENT: "patent",
    VenueType.THESIS: "thesis",
    VenueType.BOOK: "book",
    VenueType.CHAPTER: "chapter",
    VenueType.TALK: "speech",
}
ENTRY_TYPES = {
    "techreport": "report", "report": "report", "unpublished": "manuscript",
    "online": "webpage", "www": "webpage", "electronic": "webpage", "booklet": "pamphlet",
    "manual": "report", "dataset": "dataset", "software": "software", "article": "article",
    "inproceedings": "paper-conference", "conference": "paper-conference", "book": "book",
    "incollection": "chapter", "inbook": "chapter", "phdthesis": "thesis",
    "mastersthesis": "thesis", "thesis": "thesis", "patent": "patent",
}  # fmt: skip
THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
# CSL variable -> the BibTeX fields it comes from, first found wins.
TEXT_FIELDS = {
    "container-title": ("booktitle", "journal", "journaltitle"),
    "collection-title": ("series",),
    "event-title": ("eventtitle",),
    "publisher": ("publisher", "school", "institution", "organization"),
    "publisher-place": ("address", "location"),
    "volume": ("volume",),
    "edition": ("edition",),
    "abstract": ("abstract",),
    "ISBN": ("isbn",),
    "ISSN": ("issn",),
}


def csl_type(item: Item) -> str:
    if item.venue_type in CSL_TYPES:
        return CSL_TYPES[item.venue_type]
    return ENTRY_TYPES.get(item.publication.entry_type, "document")


def name(person: Person) -> dict[str, str]:
    if not person.first and not person.von:
        return {"literal": person.last} if " " in person.last else {"family": person.last}
    data = {"family": person.last, "given": person.first}
    if person.von:
        data["non-dropping-particle"] = person.von
    if person.jr:
        data["suffix"] = person.jr
    return {key: value for key, value in data.items() if value}


def item_data(item: Item, section: Section) -> dict:
    publication = item.publication
    kind = csl_type(item)
    data: dict = {"id": item.key, "type": kind, "title": publication.title}
    if publication.authors:
        data["author"] = [name(person) for person in publication.authors]
    if publication.year:
        parts = [publication.year] + ([publication.month] if publication.month else [])
        data["issued"] = {"date-parts": [parts]}
    for variable, names in TEXT_FIELDS.items():
        value = next((publication.get(field) for field in names if publication.get(field)), "")
        if value:
            data[variable] = value
    if "event-title" in data:
        data["event"] = data["event-title"]  # CSL 1.0.1 processors and styles read only this
    _numbers(data, item, kind)
    pages = publication.get("pages")
    if pages:
        data["page"] = re.sub(r"\s*[-\u2013\u2014]+\s*", "-", pages)  # CSL ranges take a hyphen
    doi = storage.strip_doi(publication.get("doi"))
    if doi:
        data["DOI"] = doi
    found = links.by_field(publication)
    url = found.get("url") or found.get("pdf")
    if url:
        data["URL"] = url
    genre = _genre(item, kind)
    if genre:
        data["genre"] = genre
    notes = [storage.award(publication), publication.get("note")]
    if kind == "patent" and publication.get("holder"):
        notes.append(f"Assignee: {publication.get('holder')}")
    note = "; ".join(text for text in notes if text)
    if note:
        data["note"] = note
    tags = storage.tags(publication)
    if tags:
        data["keyword"] = ", ".join(tags)
    data["custom"] = _custom(item, section)
    return data


def _numbers(data: dict, item: Item, kind: str) -> None:
    """`number` of an article is its issue; of a patent, report or preprint, its number."""
    publication = item.publication
    number = publication.get("number")
    if kind in ("article-journal", "paper-conference") and number:
        data["issue"] = number
    elif number:
        data["number"] = number
    elif kind == "article" and storage.arxiv_of(publication):
        data["number"] = f"arXiv:{storage.arxiv_of(publication)}"


def _genre(item: Item, kind: str) -> str:
    publication = item.publication
    if publication.get("type"):
        return publication.get("type")
    if kind == "thesis":
        return THESIS_GENRES.get(publication.entry_type, "Thesis")
    if kind == "article":
        return "Preprint"
    return ""


def _custom(item: Item, section: Section) -> dict:
    authors = [piece for piece in item.pieces if piece.kind is Kind.AUTHOR]
    return {
        "publist-section": section.title,
        "publist-number": item.label,
        "publist-venue-type": item.venue_type.value,
        "publist-owner": [piece.text for piece in authors if piece.owner],
        "publist-equal-contribution": [piece.text for piece in authors if piece.equal],
        "publist-award": storage.award(item.publication),
    }


def data(document: Document) -> list[dict]:
    return [item_data(item, section) for section in document.sections for item in section.items]


def render(document: Document, standalone: bool = False) -> str:
    return json.dumps(data(document), indent=2, ensure_ascii=False) + "\n"

"""Venue-type classification: an ordered table of rules, the first match wins."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from publist import storage
from publist.kinds import VenueType
from publist.model import Publication


@dataclass(frozen=True)
class Rule:
    name: str
    kind: VenueType
    test: Callable[[Publication, str], bool]  # (publication, its venue text)
    explanation: str


def _types(*names: str) -> Callable[[Publication, str], bool]:
    return lambda publication, _: publication.entry_type in names


def _venue_says(pattern: str, hints: tuple[str, ...]) -> Callable[[Publication, str], bool]:
    """A test of the venue text; the pattern runs only when one of the hints (words it
    cannot match without) is in the text: most venues mention none, and a search costs."""
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda _, venue: _mentions(venue, hints) and bool(compiled.search(venue))


def _mentions(venue: str, hints: tuple[str, ...]) -> bool:
    folded = venue.casefold()  # as IGNORECASE matches: 'ſ' is an s, 'K' (Kelvin) a k
    return any(hint in folded for hint in hints)


VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "eventtitle", "howpublished", "series",
                "venue", "type")  # fmt: skip


def _venue_text(publication: Publication) -> str:
    """The fields that name the venue; a note counts only when nothing else names it.

    A published paper's note often says "extended version on arXiv" or "invited
    to a workshop"; that must not turn a conference paper into a preprint.
    """
    present = publication.latex_fields  # looked up first: most entries have few of these
    values = [text for name in VENUE_FIELDS if name in present if (text := publication.get(name))]
    if not any(publication.get(name) for name in PRIMARY_VENUE_FIELDS if name in present):
        values += [
            text
            for name in FALLBACK_VENUE_FIELDS
            if name in present
            if (text := publication.get(name))
        ]
    return " | ".join(values)


PRIMARY_VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "eventtitle", "howpublished")
FALLBACK_VENUE_FIELDS = ("note", "institution", "publisher")


PREPRINT_VENUE = (
    r"\barxiv\b|\bcorr\b|biorxiv|medrxiv|\bssrn\b|preprint|\bchemrxiv\b|\beprint arch|"
    r"electron\. colloquium comput\. complex|electronic colloquium on computational complexity"
)
WORKSHOP_SERIES = (
    r"workshops?\b|\bwkshps?\b|\bhot topics in\b|"
    r"\bhot(os|nets|cloud|storage|mobile|edge|sdn|carbon|sec|power|metrics|swup|dep)\b|"
    r"\bsysml workshop|systems for (ml|machine learning)\b|\bml ?sys(tems)? workshop|\bws\b"
)
# DBLP names co-located workshops "IWGS@SIGSPATIAL"; capitals keep e-mail addresses out.
WORKSHOP_AT = r"\b[A-Z][\w\-]*@[A-Z][A-Za-z\-]*\b(?![.@\w])"
PROCEEDINGS_JOURNALS = (
    r"proceedings of the vldb endowment|\bpvldb\b|\bproc\.? vldb endow|"
    r"proceedings of the acm on \w+|\bpacm\w*\b|\bpomacs\b|\bproc\. acm \w+"
)


# Entry types a preprint is filed under; a report counts only with an arXiv id
# (an institution's tech report with a HAL or RePEc eprint is its own publication).
UNPUBLISHED_TYPES = ("misc", "unpublished", "online")
REPORT_TYPES = ("techreport", "report", "preprint")


# Words the patterns cannot match without (see _venue_says).
PREPRINT_HINTS = ("arxiv", "corr", "rxiv", "ssrn", "preprint", "eprint", "colloquium")
WORKSHOP_HINTS = ("workshop", "wkshp", "hot", "systems for", "ws")
_PREPRINT = re.compile(PREPRINT_VENUE, re.IGNORECASE)
_WORKSHOP = re.compile(WORKSHOP_SERIES, re.IGNORECASE)
_WORKSHOP_AT = re.compile(WORKSHOP_AT)


def _preprint(publication: Publication, venue: str) -> bool:
    if _mentions(venue, PREPRINT_HINTS) and _PREPRINT.search(venue):
        return True
    if publication.get("volume").lower().startswith("abs/"):
        return True  # DBLP's CoRR volume, whatever the journal field says
    kind = publication.entry_type
    if kind in UNPUBLISHED_TYPES and (
        publication.get("eprint") or publication.get("archiveprefix")
    ):
        return True
    if kind in UNPUBLISHED_TYPES or kind in REPORT_TYPES:
        return storage.arxiv_of(publication) is not None
    return False


def _workshop(_: Publication, venue: str) -> bool:
    if _mentions(venue, WORKSHOP_HINTS) and _WORKSHOP.search(venue):
        return True
    return "@" in venue and bool(_WORKSHOP_AT.search(venue))


RULES: tuple[Rule, ...] = (
    Rule("patent-type", VenueType.PATENT, _types("patent"), "@patent is a patent"),
    Rule("thesis-type", VenueType.THESIS, _types("phdthesis", "mastersthesis", "thesis"),
         "@phdthesis and @mastersthesis are theses"),
    Rule("book-type", VenueType.BOOK, _types("book", "mvbook", "proceedings"), "@book is a book"),
    Rule("chapter-type", VenueType.CHAPTER, _types("incollection", "inbook"),
         "@incollection and @inbook are chapters"),
    Rule("preprint-venue", VenueType.PREPRINT, _preprint,
         "arXiv, CoRR, bioRxiv, SSRN or 'preprint' venues, a CoRR volume, @misc/@unpublished "
         "with an eprint, or @misc/@techreport with an arXiv id"),
    Rule("workshop-venue", VenueType.WORKSHOP, _workshop,
         "a venue that says Workshop or Wkshp, a known workshop series (HotOS, HotNets, "
         "HotCloud, HotStorage, 'Systems for ML'...), or DBLP's 'WS@CONF' form"),
    Rule("demo-venue", VenueType.DEMO, _venue_says(r"\bdemos?\b|demonstrations?\b", ("demo",)),
         "a venue that says Demo or Demonstration"),
    Rule("poster-venue", VenueType.POSTER, _venue_says(r"\bposters?\b|extended abstracts?\b|late[- ]breaking", ("poster", "abstract", "late")),
         "a venue that says Poster, Extended Abstract or Late-Breaking"),
    Rule("proceedings-journal", VenueType.CONFERENCE, _venue_says(PROCEEDINGS_JOURNALS, ("vldb", "acm", "pomacs")),
         "PVLDB and PACM-style journals publish conference papers"),
    Rule("article-type", VenueType.JOURNAL, _types("article", "periodical"),
         "@article in a journal or magazine"),
    Rule("inproceedings-type", VenueType.CONFERENCE, _types("inproceedings", "conference"),
         "@inproceedings otherwise"),
    Rule("talk-type", VenueType.TALK, _types("talk", "presentation"), "@talk is a talk"),
)  # fmt: skip


def classify(publication: Publication) -> tuple[VenueType, str]:
    """The venue type a publication's fields suggest, and the rule that said so."""
    venue = _venue_text(publication)
    for rule in RULES:
        if rule.test(publication, venue):
            return rule.kind, rule.name
    return VenueType.OTHER, "fallback"


STORED = "stored"  # the rule of a venue type the entry's keywords name


def classification(publication: Publication) -> tuple[VenueType, str]:
    """The stored venue type (`keywords = {conference, ...}`), else the classified one, and
    the rule that gave it: the classifier every command hands the publications it reads."""
    stored = storage.venue_type(publication)
    return (stored, STORED) if stored is not None else classify(publication)

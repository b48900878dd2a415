"""The linter behind `publist check`: every finding names its entry and line (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from publist import identifiers, storage, venues
from publist.bibfile import LibraryFile
from publist.bibtex import parse_month
from publist.kinds import VenueType
from publist.model import Publication
from publist.people import NameMatcher


class Check(StrEnum):
    PARSE = "parse-failure"
    DUPLICATE_KEY = "duplicate-key"
    DUPLICATE_ENTRY = "duplicate-entry"
    NO_VENUE_TYPE = "no-venue-type"
    MISSING_FIELD = "missing-field"
    BAD_DATE = "bad-date"
    BAD_ANNOTATION = "bad-annotation"
    NO_OWNER = "no-owner"
    PREPRINT_DOI = "preprint-with-doi"
    BAD_DOI = "bad-doi"
    BAD_URL = "bad-url"
    UNDEFINED_MACRO = "undefined-macro"


@dataclass(frozen=True)
class Finding:
    line: int
    key: str  # "" when the block could not be read far enough to have one
    check: Check
    message: str

    def as_dict(self) -> dict[str, object]:
        # Not dataclasses.asdict, which deep-copies every value: a tenth of a large check.
        return {"line": self.line, "key": self.key, "check": self.check.value,
                "message": self.message}  # fmt: skip


VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "eventtitle", "howpublished")
URL_FIELDS = ("url", "pdf", "code", "slides", "video")
# What each venue type must say besides author, title and year: a label for the
# message, and the fields any one of which will do.
REQUIRED: dict[VenueType, tuple[str, tuple[str, ...]]] = {
    VenueType.CONFERENCE: ("a venue (booktitle)", VENUE_FIELDS),
    VenueType.JOURNAL: ("a venue (journal)", VENUE_FIELDS),
    VenueType.WORKSHOP: ("a venue (booktitle)", VENUE_FIELDS),
    VenueType.DEMO: ("a venue (booktitle)", VENUE_FIELDS),
    VenueType.POSTER: ("a venue (booktitle)", VENUE_FIELDS),
    VenueType.PREPRINT: ("eprint, journal or url", (*VENUE_FIELDS, "eprint", "url", "doi", "note")),
    VenueType.THESIS: ("school", ("school", "institution")),
    VenueType.PATENT: ("number", ("number",)),
    VenueType.BOOK: ("publisher", ("publisher", "series", "institution", "organization")),
}


def check(
    library: LibraryFile,
    items: Sequence[Publication],
    owner: NameMatcher,
    find_duplicates: Callable[[Sequence[Publication]], Iterable] | None = None,
) -> list[Finding]:
    """Everything wrong with a library, in file order."""
    findings = [Finding(problem.line, _key_in(problem.message), Check.PARSE, problem.message)
                for problem in library.problems]  # fmt: skip
    findings += duplicate_keys(items)
    if find_duplicates is not None:
        findings += duplicate_entries(items, find_duplicates)
    for item in items:
        findings += entry_findings(item, owner)
    return sorted(findings, key=lambda finding: (finding.line, finding.key, finding.check))


def _key_in(message: str) -> str:
    match = re.search(r"(?:key|entry) '([^']+)'", message)
    return match.group(1) if match else ""


def duplicate_keys(items: Sequence[Publication]) -> list[Finding]:
    """Keys that differ only in case: BibTeX treats them as one key."""
    first: dict[str, Publication] = {}
    findings = []
    for item in items:
        seen = first.setdefault(item.key.lower(), item)
        if seen is not item:
            findings.append(Finding(item.line, item.key, Check.DUPLICATE_KEY,
                                    f"key '{item.key}' is already used at line {seen.line}"
                                    f" ('{seen.key}'); BibTeX ignores the case of keys"))  # fmt: skip
    return findings


def duplicate_entries(items: Sequence[Publication], find_duplicates) -> list[Finding]:
    lines = {item.key: item.line for item in items}
    findings = []
    for cluster in find_duplicates(items):
        how = "the same work as" if cluster.automatic else "possibly the same work as"
        for key in cluster.keys:
            if key == cluster.keep:
                continue
            findings.append(Finding(lines.get(key, 0), key, Check.DUPLICATE_ENTRY,
                                    f"{how} '{cluster.keep}' (line {lines.get(cluster.keep, 0)}, "
                                    f"by {cluster.rule}, score {cluster.score:.2f}); "
                                    "see publist dedupe"))  # fmt: skip
    return findings


def entry_findings(item: Publication, owner: NameMatcher) -> list[Finding]:
    """The checks that need only the entry itself."""
    messages: list[tuple[Check, str]] = []
    for check_one in ENTRY_CHECKS:
        messages += check_one(item, owner)
    return [Finding(item.line, item.key, kind, message) for kind, message in messages]


def _venue_type(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    kind, rule = item.classification  # the one classification every check and dedupe share
    if rule == venues.STORED:
        return []
    return [(Check.NO_VENUE_TYPE,
             f"no venue type in keywords; 'publist tag --auto' would set {kind.value} ({rule})")]  # fmt: skip


def _required(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    missing = []
    if not item.authors and not item.get("editor"):
        missing.append("author")
    if not _has(item, "title"):
        missing.append("title")
    if not _has(item, "year", "date"):
        missing.append("year")
    kind = item.venue_type
    label, needed = REQUIRED.get(kind, ("", ()))
    if needed and not _has(item, *needed):
        missing.append(label)
    return [(Check.MISSING_FIELD, f"a {kind.value} entry needs {name}") for name in missing]


def _has(item: Publication, *names: str) -> bool:
    return any(item.get(name).strip() for name in names)


def _dates(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    found = []
    year = item.get("year").strip()
    if year and not re.fullmatch(r"\d{4}", year):
        found.append((Check.BAD_DATE, f"year '{year}' is not a four-digit year"))
    date = item.get("date").strip()
    if date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?(/(\d{4}(-\d{2}(-\d{2})?)?)?)?", date):
        found.append((Check.BAD_DATE, f"date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD"))
    month = item.get("month").strip()
    if month and parse_month(month) is None:
        found.append((Check.BAD_DATE, f"month '{month}' is not a month"))
    return found


def _annotations(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    count = len(item.authors)
    beyond = [position for position in storage.author_marks(item) if not 1 <= position <= count]
    return [(Check.BAD_ANNOTATION,
             f"{storage.ANNOTATION_FIELD} marks author {position}, but there are {count} authors")
            for position in beyond]  # fmt: skip


def _owner(item: Publication, owner: NameMatcher) -> list[tuple[Check, str]]:
    if not owner or not (item.authors or item.get("editor")):
        return []
    if owner.positions(item.authors):
        return []
    from publist.people import split_people

    editors = split_people(item.latex_fields.get("editor", "")) if item.get("editor") else ()
    if owner.positions(editors):
        return []
    return [(Check.NO_OWNER, "the owner is not among the authors (a misspelt name? "
             "add the spelling to [owner] aliases in publist.toml)")]  # fmt: skip


def _preprint_doi(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    if item.venue_type is not VenueType.PREPRINT:
        return []
    doi = storage.doi_of(item)
    if not doi:
        return []
    return [(Check.PREPRINT_DOI,
             f"a preprint with the DOI of a published version ({doi}): make the entry the "
             "published paper, or drop the DOI")]  # fmt: skip


def _links(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    found = []
    doi = item.get("doi").strip()
    if doi and identifiers.normalize_doi(doi) is None:
        found.append((Check.BAD_DOI, f"doi '{doi}' is not a DOI (10.NNNN/suffix)"))
    for name in URL_FIELDS:
        value = item.get(name).strip()
        if value and not storage.is_safe_url(value):
            found.append((Check.BAD_URL, f"{name} '{value}' is not an http(s) address"))
    return found


def _macros(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    prefix = f"{item.key}: "
    return [(Check.UNDEFINED_MACRO, message.removeprefix(prefix)) for message in item.warnings]


ENTRY_CHECKS = (_venue_type, _required, _dates, _annotations, _owner, _preprint_doi, _links,
                _macros)  # fmt: skip

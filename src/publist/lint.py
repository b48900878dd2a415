"""The linter behind `publist check`: every finding names its entry and line (pure)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from publist import identifiers, links, storage, tagging, venues
from publist.bibfile import LibraryFile
from publist.kinds import VenueType
from publist.model import Publication, month_in
from publist.people import NameMatcher, split_people


class Check(StrEnum):
    PARSE = "parse-failure"
    DUPLICATE_KEY = "duplicate-key"
    DUPLICATE_ENTRY = "duplicate-entry"
    NO_VENUE_TYPE = "no-venue-type"
    TYPE_MISMATCH = "type-mismatch"
    MISSING_FIELD = "missing-field"
    BAD_DATE = "bad-date"
    BAD_ANNOTATION = "bad-annotation"
    NO_OWNER = "no-owner"
    PREPRINT_DOI = "preprint-with-doi"
    BAD_DOI = "bad-doi"
    BAD_URL = "bad-url"
    RELATIVE_LINK = "relative-link"
    UNDEFINED_MACRO = "undefined-macro"


@dataclass(frozen=True)
class Finding:
    line: int
    key: str  # "" when the block could not be read far enough to have one
    check: Check
    message: str
    spelling: str = ""  # no-owner: an author's name that looks like the owner's

    def as_dict(self) -> dict[str, object]:
        # Not dataclasses.asdict, which deep-copies every value: a tenth of a large check.
        data: dict[str, object] = {"line": self.line, "key": self.key,
                                   "check": self.check.value, "message": self.message}  # fmt: skip
        if self.spelling:
            data["spelling"] = self.spelling
        return data


# What each kind of finding is, and the command (or the edit) that fixes it.
KINDS: dict[Check, tuple[str, str]] = {
    Check.PARSE: ("blocks that do not parse, or repeat a key or a field", "fix the text at the lines publist check --verbose lists"),
    Check.DUPLICATE_KEY: ("keys used twice (BibTeX ignores their case)", "give one entry of each pair another key"),
    Check.DUPLICATE_ENTRY: ("entries that repeat a work", "publist dedupe --apply (or dedupe --distinct KEY1 KEY2)"),
    Check.NO_VENUE_TYPE: ("entries without a venue type", "publist tag --auto"),
    Check.TYPE_MISMATCH: ("stored types that only repeat the entry type, against the venue", "publist tag --auto --fix"),
    Check.MISSING_FIELD: ("entries without a field their type needs", "add the field (publist show KEY)"),
    Check.BAD_DATE: ("years, dates or months that are not dates", "write years as 2024 and months as names"),
    Check.BAD_ANNOTATION: ("equal or highlight marks past the author list", "publist tag KEY --no-equal (or --no-highlight)"),
    Check.NO_OWNER: ("entries without the owner", "add the spelling to [owner] aliases in publist.toml"),
    Check.PREPRINT_DOI: ("preprints with the DOI of a published paper", "make the entry the published paper, or drop the DOI"),
    Check.BAD_DOI: ("DOIs that are not DOIs", "write doi as 10.NNNN/suffix"),
    Check.BAD_URL: ("links that are not http(s) addresses", "correct the link fields"),
    Check.RELATIVE_LINK: ("links to files of your web site, left out of exports", "set [export] base_url in publist.toml (al-folio: https://YOU.github.io/assets/pdf/)"),
    Check.UNDEFINED_MACRO: ("@string names used but never defined", "define the @string, or brace the value"),
}  # fmt: skip


@dataclass(frozen=True)
class Summary:
    """One line of `publist check`: a kind of finding, how many, and the fix."""

    check: Check
    count: int
    what: str
    fix: str


def summarize(findings: Sequence[Finding], aliases: Sequence[str] = ()) -> list[Summary]:
    """One summary per kind of finding, the most frequent first; `aliases` are the owner's
    spellings in publist.toml, kept in the init command that adds the ones found."""
    counts: dict[Check, int] = {}
    for finding in findings:
        counts[finding.check] = counts.get(finding.check, 0) + 1
    result = []
    for check, count in sorted(
        counts.items(), key=lambda pair: (-pair[1], list(Check).index(pair[0]))
    ):
        what, fix = KINDS[check]
        if check is Check.PARSE:
            lines = sorted({finding.line for finding in findings if finding.check is check})
            fix = (
                "fix the text at line "
                + ", ".join(map(str, lines[:5]))
                + (" ..." if lines[5:] else "")
            )
        spellings = [f.spelling for f in findings if f.check is check and f.spelling]
        if spellings:
            names = dict.fromkeys(
                [*aliases, *sorted(set(spellings), key=spellings.count, reverse=True)]
            )
            fix = "if that is you: publist init " + " ".join(
                f"--alias {shlex.quote(n)}" for n in names
            )
        result.append(Summary(check, count, what, fix))
    return result


VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "eventtitle", "howpublished")
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
    base_url: str | None = None,
) -> list[Finding]:
    """Everything wrong with a library, in file order. `base_url` is [export] base_url:
    without one, links to files of the owner's site are reported (None: not checked)."""
    findings = [Finding(problem.line, _key_in(problem.message), Check.PARSE, problem.message)
                for problem in library.problems]  # fmt: skip
    findings += duplicate_keys(items)
    if find_duplicates is not None:
        findings += duplicate_entries(items, find_duplicates)
    for item in items:
        findings += entry_findings(item, owner)
        if base_url == "":
            findings += [Finding(item.line, item.key, Check.RELATIVE_LINK,
                                 f"{name} = {{{item.latex_fields[name]}}} names a file of your web "
                                 "site, and no [export] base_url says where the site is")
                         for name in links.relative_fields(item)]  # fmt: skip
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
        if seen is not item and seen.key != item.key:  # the very same key: a parse problem
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
    found = [Finding(item.line, item.key, kind, message) for kind, message in messages]
    if any(finding.check is Check.NO_OWNER for finding in found):
        like = next((person for person in item.authors if owner.resembles(person)), None)
        if like is not None:
            found = [replace(f, spelling=like.display) if f.check is Check.NO_OWNER else f
                     for f in found]  # fmt: skip
    return found


def _venue_type(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    kind, rule = item.classification  # the one classification every check and dedupe share
    if rule == venues.STORED:
        wrong = tagging.disagreement(item)
        if wrong is None:
            return []
        found, why = wrong
        return [(Check.TYPE_MISMATCH, f"stored as {kind.value}, which is what @{item.entry_type} "
                 f"alone says, but its venue says {found.value} ({why})")]  # fmt: skip
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
    """A field present with text in it. A letter or digit with no command around tells
    without decoding; only the rest ("{}", "~", "{\\relax}") is decoded (10k check: 0.1 s)."""
    latex = item.latex_fields
    for name in names:
        value = latex.get(name, "")
        if "\\" not in value and _ALPHANUMERIC.search(value):
            return True
        if value.strip() and item.get(name).strip():
            return True
    return False


_ALPHANUMERIC = re.compile(r"[^\W_]")


def _dates(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    found = []
    year = item.get("year").strip()
    if year and not re.fullmatch(r"\d{4}", year):
        found.append((Check.BAD_DATE, f"year '{year}' is not a four-digit year"))
    date = item.get("date").strip()
    if date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?(/(\d{4}(-\d{2}(-\d{2})?)?)?)?", date):
        found.append((Check.BAD_DATE, f"date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD"))
    month = item.get("month").strip()
    if month and month_in(month) is None:
        found.append((Check.BAD_DATE, f"month '{month}' is not a month"))
    return found


def _annotations(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    count = len(item.authors)
    beyond = [position for position in storage.author_marks(item) if not 1 <= position <= count]
    return [(Check.BAD_ANNOTATION,
             f"{storage.ANNOTATION_FIELD} marks author {position}, but there are {count} authors")
            for position in beyond]  # fmt: skip


def _owner(item: Publication, owner: NameMatcher) -> list[tuple[Check, str]]:
    if not owner or not (item.authors or item.get("editor")) or item.truncated:
        return []  # a list cut short by 'and others' may hide the owner
    if storage.owner_positions(item, owner):
        return []
    editors = split_people(item.latex_fields.get("editor", "")) if item.get("editor") else ()
    if owner.positions(editors):
        return []
    like = next((person for person in item.authors if owner.resembles(person)), None)
    if like is not None:
        return [(Check.NO_OWNER, f"the owner is not among the authors, but '{like.display}' "
                 "looks like them (another spelling? add it to [owner] aliases)")]  # fmt: skip
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
    if doi and identifiers.normalize_doi(doi) is None and not links.is_address(doi):
        found.append((Check.BAD_DOI, f"doi '{doi}' is not a DOI (10.NNNN/suffix)"))
    for name in links.url_fields(item):
        value = item.get(name).strip()
        if value and not links.is_relative(value) and not storage.is_safe_url(value):
            found.append((Check.BAD_URL, f"{name} '{value}' is not an http(s) address"))
    return found


def _macros(item: Publication, _: NameMatcher) -> list[tuple[Check, str]]:
    prefix = f"{item.key}: "
    return [(Check.UNDEFINED_MACRO, message.removeprefix(prefix)) for message in item.warnings]


ENTRY_CHECKS = (_venue_type, _required, _dates, _annotations, _owner, _preprint_doi, _links,
                _macros)  # fmt: skip

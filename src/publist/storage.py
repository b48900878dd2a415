"""The one place that knows how publist's own data is stored in BibTeX fields.

- venue type: one reserved word in `keywords`; other keywords are free tags;
- equal contribution and highlights: biblatex data annotations, `author+an = {1=equal; 3=highlight}`;
- awards in `award`; links in url, pdf, code, slides, video, doi, eprint;
- old keys of merged entries in `ids`;
- identifiers: a DOI in `doi`, an arXiv id in `eprint` (or a CoRR volume, a URL, an
  "arXiv preprint" journal), a DBLP key in `biburl` or the key itself.
"""

from __future__ import annotations

import re
from operator import attrgetter

from publist.bibtex import RawField, braced, ends_in_escape, evaluate, split_list, well_formed
from publist.errors import UsageProblem
from publist.fields import check_tag as check_tag  # re-exported: edits of field lists
from publist.fields import get_raw, set_field
from publist.fields import with_tag as with_tag
from publist.fields import with_venue_type as with_venue_type
from publist.fields import without_tag as without_tag
from publist.fields import without_venue_type as without_venue_type
from publist.identifiers import (
    ARXIV_DOI_PREFIX,
    DBLP_KEY_PATTERN,
    arxiv_mentioned,
    dblp_in_url,
    normalize_arxiv,
    normalize_doi,
    strip_doi_prefix,
)
from publist.kinds import VENUE_TYPES, VenueType
from publist.model import Publication
from publist.people import NameMatcher

ANNOTATION_FIELD = "author+an"
EQUAL = "equal"
HIGHLIGHT = "highlight"


def keywords(publication: Publication) -> list[str]:
    return split_list(publication.get("keywords"))


def venue_type(publication: Publication) -> VenueType | None:
    """The stored venue type, if the entry has one."""
    for word in keywords(publication):
        if word.lower() in VENUE_TYPES:
            return VenueType(word.lower())
    return None


def tags(publication: Publication) -> list[str]:
    """Free tags: the keywords that are not a venue type, and `selected` for al-folio's
    `selected = {true}` (so `--tag selected` picks al-folio's selected papers too)."""
    found = [word for word in keywords(publication) if word.lower() not in VENUE_TYPES]
    if publication.get("selected").strip().lower() in ("true", "yes", "1"):
        if "selected" not in (word.lower() for word in found):
            found.append(SELECTED)
    return found


SELECTED = "selected"


def author_marks(publication: Publication) -> dict[int, set[str]]:
    """Item annotations of the author list: {position: {"equal", ...}}."""
    if ANNOTATION_FIELD not in publication.latex_fields:
        return {}  # most entries: no need to decode and parse anything
    return parse_annotations(publication.get(ANNOTATION_FIELD))


def parse_annotations(text: str) -> dict[int, set[str]]:
    result: dict[int, set[str]] = {}
    for item in text.split(";"):
        position, _, values = item.partition("=")
        position = position.strip()
        if position.isascii() and position.isdigit():  # "²" is a digit to str, not to int
            result.setdefault(int(position), set()).update(
                value.strip().lower() for value in values.split(",") if value.strip()
            )
    return result


def format_annotations(marks: dict[int, set[str]]) -> str:
    return "; ".join(
        f"{position}={','.join(sorted(values))}"
        for position, values in sorted(marks.items())
        if values
    )


_MARKS = attrgetter("marks")


def equal_positions(publication: Publication) -> list[int]:
    """Authors of equal contribution: the `equal` annotations; without any, the authors who
    share a mark written in their names or annotated (see marked_equal)."""
    authors = publication.authors
    if ANNOTATION_FIELD not in publication.latex_fields and not any(map(_MARKS, authors)):
        return []  # nearly every entry: no annotation, no mark written in a name
    marks = author_marks(publication)
    explicit = sorted(p for p, values in marks.items() if EQUAL in values)
    if explicit:
        return explicit
    if not marks and not any(person.marks for person in authors):
        return []
    return sorted(marked_equal([person.marks for person in authors], marks))


# Annotations that stand for a printed mark (a CV class prints `dagger` as a dagger).
SYMBOL_OF_ANNOTATION = {"star": "*", "asterisk": "*", "dagger": "†", "ddagger": "‡"}
EQUAL_SYMBOLS = ("*", "†", "‡")


def marked_equal(name_marks: list[str], annotations: dict[int, set[str]]) -> set[int]:
    """The positions that share the first of *, †, ‡ carried by two authors or more.

    Equal contribution takes two people: a mark only one author carries is a note about
    that author (corresponding author, affiliation), and with both * and † in a list, *
    is the shared contribution and † the corresponding author.
    """
    carriers: dict[str, set[int]] = {}
    for position, symbols in enumerate(name_marks, start=1):
        for symbol in symbols:
            carriers.setdefault(symbol, set()).add(position)
    for position, values in annotations.items():
        for value in values:
            if value in SYMBOL_OF_ANNOTATION:
                carriers.setdefault(SYMBOL_OF_ANNOTATION[value], set()).add(position)
    for symbol in EQUAL_SYMBOLS:
        if len(carriers.get(symbol, ())) >= 2:
            return carriers[symbol]
    return set()


def highlight_positions(publication: Publication) -> list[int]:
    return sorted(p for p, values in author_marks(publication).items() if HIGHLIGHT in values)


AWARD_FIELDS = ("award_name", "award")  # al-folio: award_name labels the award's button


def award_field(publication: Publication) -> str:
    """The field the award is shown from: al-folio's short award_name, else award."""
    present = publication.latex_fields  # looked at first: most entries have no award
    for name in AWARD_FIELDS:
        if name in present and publication.get(name).strip():
            return name
    return "award"


def award(publication: Publication) -> str:
    return publication.get(award_field(publication))


def is_safe_url(url: str) -> bool:
    """Only web and mail links are ever emitted: never javascript:, data: or the like."""
    return bool(_SAFE_URL.match(url.strip()))


_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>\"]+$", re.IGNORECASE)


def strip_doi(value: str) -> str:
    """A stored DOI without its link prefix, as identifiers reads it (case kept)."""
    return strip_doi_prefix(value)


def ids(publication: Publication) -> list[str]:
    return split_list(publication.get("ids"))


# --- edits: raw field lists in, raw field lists out ---


def with_marks(fields: list[RawField], mark: str, positions: list[int]) -> list[RawField]:
    """Set which author positions carry a mark (equal, highlight); others lose it."""
    raw = get_raw(fields, ANNOTATION_FIELD)
    marks = parse_annotations(evaluate(raw, {})) if raw else {}
    for values in marks.values():
        values.discard(mark)
    for position in positions:
        marks.setdefault(position, set()).add(mark)
    text = format_annotations(marks)
    return set_field(fields, ANNOTATION_FIELD, braced(text) if text else None)


def check_text(name: str, value: str) -> None:
    """Text for a braced value: a stray brace would end the value, or the entry, early."""
    if not well_formed(braced(value)):
        raise UsageProblem(f"{name} '{value}' has unbalanced braces")
    if ends_in_escape(value):
        raise UsageProblem(_ENDS_IN_BACKSLASH.format(f"{name} '{value}'"))


_ENDS_IN_BACKSLASH = (
    "{} ends in a backslash, which would escape the closing brace (write \\textbackslash{{}} "
    "for a backslash)"
)


def with_text(fields: list[RawField], name: str, value: str | None) -> list[RawField]:
    if value:
        check_text(name, value)
    return set_field(fields, name, braced(value) if value else None)


# --- pairs declared distinct (publist dedupe --distinct A B) ---
# Stored on both entries as `distinct = {B}` on A and `distinct = {A}` on B (a comma list),
# so the decision lives in the library and travels with it; dedupe never reports them again.

DISTINCT_FIELD = "distinct"


def distinct(publication: Publication) -> list[str]:
    """Keys the user declared to be other works than this entry."""
    return split_list(publication.get(DISTINCT_FIELD))


def with_distinct(fields: list[RawField], key: str) -> list[RawField]:
    """Add a key to the entry's `distinct` list (once)."""
    raw = get_raw(fields, DISTINCT_FIELD)
    current = split_list(evaluate(raw, {})) if raw else []
    if key.lower() in (existing.lower() for existing in current):
        return fields
    return set_field(fields, DISTINCT_FIELD, braced(", ".join([*current, key])))


# --- identifiers an entry holds ---


def doi_of(item: Publication) -> str | None:
    """The entry's DOI, unless it is an arXiv DataCite DOI (that counts as the arXiv id)."""
    doi = normalize_doi(item.get("doi")) if item.get("doi") else None
    if doi and doi.startswith(ARXIV_DOI_PREFIX):
        return None
    return doi


def arxiv_of(item: Publication) -> str | None:
    """The arXiv id (no version) in eprint, a CoRR volume, an 'arXiv preprint' journal, a URL or DOI."""
    archive = (item.get("archiveprefix") or item.get("eprinttype") or "").lower()
    if item.get("eprint") and archive in ("", "arxiv"):
        found = normalize_arxiv(item.get("eprint"))
        if found:
            return found[0]
    doi = normalize_doi(item.get("doi")) if item.get("doi") else None
    if doi and doi.startswith(ARXIV_DOI_PREFIX):
        found = normalize_arxiv(doi)
        if found:
            return found[0]
    volume = item.get("volume")
    if volume.lower().startswith("abs/"):
        found = normalize_arxiv(volume[4:])
        if found:
            return found[0]
    for name in ("journal", "journaltitle", "note", "howpublished", "url"):
        mentioned = arxiv_mentioned(item.get(name))
        if mentioned:
            return mentioned
    return None


def dblp_of(item: Publication) -> str | None:
    """The DBLP key in a dblp, biburl or bibsource field, or the key itself (DBLP:conf/...)."""
    for name in ("dblp", "biburl", "bibsource"):
        found = dblp_in_url(item.get(name))
        if found:
            return found
    if DBLP_KEY_PATTERN.match(item.key) and item.key.startswith(("DBLP:", "conf/", "journals/")):
        return item.key
    if item.key.startswith("DBLP:") and DBLP_KEY_PATTERN.match(item.key[5:]):
        return item.key[5:]
    return None


# --- the owner ---


def owner_positions(item: Publication, matcher: NameMatcher) -> tuple[int, ...]:
    """1-based positions of the owner: name matches and highlight marks, within the authors."""
    found = matcher.positions(item.authors)  # in order, each once
    highlighted = highlight_positions(item)
    if not highlighted:  # nearly every entry
        return tuple(found)
    count = len(item.authors)
    return tuple(sorted(position for position in {*found, *highlighted} if position <= count))

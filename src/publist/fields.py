"""The one place that knows how publist's own data is stored in BibTeX fields.

- venue type: one reserved word in `keywords`; other keywords are free tags;
- equal contribution and highlights: biblatex data annotations, `author+an = {1=equal; 3=highlight}`;
- awards in `award`; links in url, pdf, code, slides, video, doi, eprint;
- old keys of merged entries in `ids`.
"""

from __future__ import annotations

import re
from enum import StrEnum

from publist.bibfile import RawField, braced, field_rank, well_formed
from publist.errors import UsageProblem
from publist.identifiers import strip_doi_prefix
from publist.model import Publication


class VenueType(StrEnum):
    CONFERENCE = "conference"
    JOURNAL = "journal"
    WORKSHOP = "workshop"
    DEMO = "demo"
    POSTER = "poster"
    PREPRINT = "preprint"
    PATENT = "patent"
    THESIS = "thesis"
    BOOK = "book"
    CHAPTER = "chapter"
    TALK = "talk"
    OTHER = "other"


VENUE_TYPES = tuple(VenueType)
LINK_FIELDS = ("url", "pdf", "code", "slides", "video", "doi", "eprint")
ANNOTATION_FIELD = "author+an"
EQUAL = "equal"
HIGHLIGHT = "highlight"


def parse_venue_type(text: str) -> VenueType:
    """A venue type the user typed (any case); a one-line UsageProblem names the valid ones."""
    word = text.strip().lower()
    if word not in VENUE_TYPES:
        raise UsageProblem(f"unknown venue type '{text}' (choose {', '.join(VENUE_TYPES)})")
    return VenueType(word)


_LIST_SEPARATOR = re.compile(r"[,;]")


def split_list(text: str) -> list[str]:
    return [item.strip() for item in _LIST_SEPARATOR.split(text) if item.strip()]


def keywords(publication: Publication) -> list[str]:
    return split_list(publication.get("keywords"))


def venue_type(publication: Publication) -> VenueType | None:
    """The stored venue type, if the entry has one."""
    for word in keywords(publication):
        if word.lower() in VENUE_TYPES:
            return VenueType(word.lower())
    return None


def tags(publication: Publication) -> list[str]:
    return [word for word in keywords(publication) if word.lower() not in VENUE_TYPES]


def annotations(publication: Publication) -> dict[int, set[str]]:
    """Item annotations of the author list: {position: {"equal", ...}}."""
    if ANNOTATION_FIELD not in publication.latex_fields:
        return {}  # most entries: no need to decode and parse anything
    return parse_annotations(publication.get(ANNOTATION_FIELD))


def parse_annotations(text: str) -> dict[int, set[str]]:
    result: dict[int, set[str]] = {}
    for item in text.split(";"):
        position, _, values = item.partition("=")
        position = position.strip()
        if position.isdigit():
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


def equal_positions(publication: Publication) -> list[int]:
    return sorted(p for p, values in annotations(publication).items() if EQUAL in values)


def highlight_positions(publication: Publication) -> list[int]:
    return sorted(p for p, values in annotations(publication).items() if HIGHLIGHT in values)


def award(publication: Publication) -> str:
    return publication.get("award")


_EPRINT = re.compile(r"^[\w./-]+$")


def links(publication: Publication) -> dict[str, str]:
    """Link kind -> URL, safe schemes only, in LINK_FIELDS order."""
    found: dict[str, str] = {}
    for name in LINK_FIELDS:
        # The stored text, not the decoded one: "~" and "%" in a URL are not LaTeX.
        value = publication.latex_fields.get(name, "").strip()
        if not value:
            continue
        if name == "doi":
            value = "https://doi.org/" + strip_doi(value)
        elif name == "eprint":
            archive = publication.get("archiveprefix") or publication.get("eprinttype")
            if archive.lower() not in ("arxiv", "") or not _EPRINT.match(value):
                continue
            value = "https://arxiv.org/abs/" + value
        if is_safe_url(value):
            found[name] = value
    return found


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


def set_field(fields: list[RawField], name: str, raw: str | None) -> list[RawField]:
    """Replace a field in place, drop it when raw is None; a new field goes to its place in
    the house order (before the first field that ranks after it), so fmt agrees."""
    result: list[RawField] = []
    found = False
    for existing, value in fields:
        if existing.lower() == name.lower():
            if raw is not None and not found:
                result.append((existing, raw))
            found = True
        else:
            result.append((existing, value))
    if not found and raw is not None:
        rank = field_rank(name)
        place = next(
            (index for index, (other, _) in enumerate(result) if field_rank(other) > rank),
            len(result),
        )
        result.insert(place, (name, raw))
    return result


def get_raw(fields: list[RawField], name: str) -> str | None:
    for existing, value in fields:
        if existing.lower() == name.lower():
            return value
    return None


def _keyword_list(fields: list[RawField]) -> list[str]:
    from publist.model import evaluate

    raw = get_raw(fields, "keywords")
    return split_list(evaluate(raw, {})) if raw else []


def _with_keywords(fields: list[RawField], words: list[str]) -> list[RawField]:
    return set_field(fields, "keywords", braced(", ".join(words)) if words else None)


def with_venue_type(fields: list[RawField], kind: VenueType) -> list[RawField]:
    words = [word for word in _keyword_list(fields) if word.lower() not in VENUE_TYPES]
    return _with_keywords(fields, [kind.value, *words])


def without_venue_type(fields: list[RawField]) -> list[RawField]:
    words = [word for word in _keyword_list(fields) if word.lower() not in VENUE_TYPES]
    return _with_keywords(fields, words)


def check_tag(tag: str) -> None:
    """A free tag is one keyword: no list separators, no braces, not a venue type."""
    if not tag.strip() or any(mark in tag for mark in ",;{}"):
        raise UsageProblem(f"'{tag}' is not a tag (no commas, semicolons or braces)")
    if tag.strip().lower() in VENUE_TYPES:
        raise UsageProblem(f"'{tag}' is a venue type; set it with --type {tag.strip().lower()}")


def with_tag(fields: list[RawField], tag: str) -> list[RawField]:
    check_tag(tag)
    tag = tag.strip()
    words = _keyword_list(fields)
    if tag.lower() in (word.lower() for word in words):
        return fields
    return _with_keywords(fields, [*words, tag])


def without_tag(fields: list[RawField], tag: str) -> list[RawField]:
    words = _keyword_list(fields)
    return _with_keywords(fields, [word for word in words if word.lower() != tag.lower()])


def with_marks(fields: list[RawField], mark: str, positions: list[int]) -> list[RawField]:
    """Set which author positions carry a mark (equal, highlight); others lose it."""
    raw = get_raw(fields, ANNOTATION_FIELD)
    from publist.model import evaluate

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
    from publist.model import evaluate

    raw = get_raw(fields, DISTINCT_FIELD)
    current = split_list(evaluate(raw, {})) if raw else []
    if key.lower() in (existing.lower() for existing in current):
        return fields
    return set_field(fields, DISTINCT_FIELD, braced(", ".join([*current, key])))

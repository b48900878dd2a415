"""Merging a cluster into one entry: the kept record's fields win, nothing else is lost.

A value of another record that the kept one contradicts (another year, the preprint's
author list, Semantic Scholar's pages) is kept beside it as `<field>_alt` (`_alt2`, ...):
BibTeX and biber skip fields they do not know, so the bibliography is the kept record's,
while the value stays in the file where the user sees it and a later merge reads it back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from publist import storage
from publist.bibtex import RawField, braced, evaluate
from publist.dedupe.evidence import arxiv_of, is_aggregated, is_early
from publist.dedupe.keep import choose_key
from publist.dedupe.values import (
    ALT_FIELD,
    Conflict,
    keep_alternative,
    merge_keywords,
    merge_marks,
    plain,
    same_value,
    text_of,
    with_joined,
    with_list,
)
from publist.house import house_fields
from publist.identifiers import ARXIV_DOI_PREFIX, normalize_doi
from publist.model import Publication
from publist.patterns import compile_on_use

# Fields that belong to one version of a work: another version's values never fill the
# kept record's, they are kept beside them (`_alt`).
VERSION_FIELDS = frozenset(
    "journal journaltitle booktitle volume number issue pages eid publisher series editor "
    "organization address howpublished institution school month day date pubstate".split()
)
# A note that says where a version stands ("Under review", "to appear"): true of the
# preprint only, so it never joins the published record's note (where `check` and the venue
# rules would read the published paper as unpublished); it is kept as `note_alt`.
STATUS_NOTE = compile_on_use(
    r"\b(in review|under review|submitted|under submission|in preparation|accepted|"
    r"to appear|in press|forthcoming|preprint|manuscript)\b",
    re.IGNORECASE,
)
CONTAINER_FIELDS = ("journal", "journaltitle", "booktitle", "howpublished")
# One entry class per kind of record: @conference is @inproceedings, @report a @techreport.
ENTRY_CLASS = {"conference": "inproceedings", "inbook": "incollection", "mvbook": "book",
               "online": "misc", "unpublished": "misc", "report": "techreport"}  # fmt: skip
# A preprint's venue that only restates its arXiv id, which `eprint` keeps.
ARXIV_VENUE = compile_on_use(r"arxiv|\bcorr\b|abs/", re.IGNORECASE)
ARXIV_VENUE_FIELDS = frozenset({"journal", "journaltitle", "volume", "howpublished", "publisher",
                                "url", "number"})  # fmt: skip


@dataclass(frozen=True)
class Merged:
    """The merged entry, and what the merge kept beside it."""

    key: str
    entry_type: str
    fields: tuple[RawField, ...]
    removed: tuple[str, ...]
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True)
class Stored:
    """An entry as the merge sees it: decoded view and raw fields."""

    publication: Publication
    fields: tuple[RawField, ...]


def merge(entries: Sequence[Stored], keep: str, key: str | None = None) -> Merged:
    """One entry out of a cluster: the record `keep` gives the fields, the others fill gaps
    and keep what differs as `_alt` fields; the entry goes by `key` (choose_key's by default)
    and the other keys go into `ids`."""
    kept = next(entry for entry in entries if entry.publication.key == keep)
    keys = [entry.publication.key for entry in entries]
    key = key or choose_key(keys, keep)
    others = sorted(
        (entry for entry in entries if entry.publication.key != keep),
        key=lambda entry: entry.publication.key,
    )
    result = list(kept.fields)
    conflicts: list[Conflict] = []
    for other in others:
        result, found = _absorb(result, kept.publication, other)
        conflicts.extend(found)
    removed = tuple(sorted(name for name in keys if name != key))
    result = with_list(result, "ids", [*removed])
    remaining = [
        name for name in storage.split_list(text_of(result, "distinct")) if name not in keys
    ]
    result = storage.set_field(
        result, "distinct", braced(", ".join(remaining)) if remaining else None
    )
    return Merged(
        key, kept.publication.entry_type, tuple(house_fields(result)), removed, tuple(conflicts)
    )


def _absorb(
    result: list[RawField], kept: Publication, other: Stored
) -> tuple[list[RawField], list[Conflict]]:
    conflicts: list[Conflict] = []
    source = other.publication
    # Another version of the work (its preprint), or another class of record (Semantic
    # Scholar's @article for a CVPR paper): its venue and date describe something else.
    other_version = (
        (is_early(source) and not is_early(kept))
        or _entry_class(source) != _entry_class(kept)
        or is_aggregated(source)
    )
    arxiv = arxiv_of(source)
    if arxiv and not storage.get_raw(result, "eprint"):
        result = storage.set_field(result, "eprint", braced(arxiv))
        result = storage.set_field(result, "archiveprefix", braced("arXiv"))
    for name, raw in other.fields:
        lowered = name.lower()
        base = ALT_FIELD.sub("", lowered)
        if lowered == "keywords":
            result, found = merge_keywords(result, raw, source.key)
            conflicts.extend(found)
        elif lowered == storage.ANNOTATION_FIELD:
            result, found = merge_marks(result, kept, source, raw)
            conflicts.extend(found)
        elif lowered in ("ids", "distinct"):
            result = with_list(result, lowered, storage.split_list(evaluate(raw, {})))
        elif lowered == "note" and other_version and STATUS_NOTE.search(plain(raw)):
            result, found = _alternative(result, lowered, raw, source.key,
                                         storage.get_raw(result, lowered))  # fmt: skip
            conflicts.extend(found)
        elif lowered in ("award", "note"):
            result = with_joined(result, lowered, raw)
        elif lowered == "doi" and arxiv and _arxiv_doi(raw):
            continue  # an arXiv DOI (10.48550/arXiv.ID): the eprint keeps the id
        elif arxiv and lowered in ARXIV_VENUE_FIELDS and _restates_arxiv(raw, arxiv):
            continue  # "arXiv preprint arXiv:ID", "CoRR abs/ID": eprint says the same
        else:
            existing = storage.get_raw(result, base)
            if existing is not None and same_value(existing, raw, base):
                continue
            if existing is None and base == lowered and _fills(result, base, other_version):
                result = result + [(name, raw)]  # a gap the kept record leaves
            elif base == "year" and existing is None:
                result = result + [(base, raw)]  # no export goes without a year
            else:
                result, found = _alternative(result, base, raw, source.key, existing)
                conflicts.extend(found)
    return result, conflicts


def _fills(fields: list[RawField], base: str, other_version: bool) -> bool:
    """Whether another record's value may fill a field the kept record lacks: never a
    version's venue or date, nor a second venue beside the one the kept record names
    (Semantic Scholar's reprint booktitle beside an @article's journal)."""
    if other_version and base in VERSION_FIELDS:
        return False
    return base not in CONTAINER_FIELDS or not any(
        storage.get_raw(fields, name) for name in CONTAINER_FIELDS
    )


def _alternative(
    fields: list[RawField], base: str, raw: str, source: str, existing: str | None = None
) -> tuple[list[RawField], list[Conflict]]:
    fields, kept_as = keep_alternative(fields, base, raw)
    if not kept_as:
        return fields, []  # an alternative already there
    kept = plain(existing) if existing is not None else ""
    return fields, [Conflict(base, kept, plain(raw), source, kept_as)]


def _arxiv_doi(raw: str) -> bool:
    doi = normalize_doi(plain(raw))
    return bool(doi and doi.startswith(ARXIV_DOI_PREFIX))


def _restates_arxiv(raw: str, arxiv: str) -> bool:
    text = plain(raw)
    return bool(ARXIV_VENUE.search(text)) or arxiv in text or text.lower() == "arxiv"


def _entry_class(item: Publication) -> str:
    return ENTRY_CLASS.get(item.entry_type, item.entry_type)

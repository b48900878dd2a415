"""Merging a cluster into one entry: the kept entry's fields win, nothing else is lost."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from publist import storage
from publist.bibtex import RawField, braced, evaluate
from publist.dedupe.evidence import fold_text, is_preprint
from publist.house import house_order
from publist.model import Publication
from publist.people import Person, fold, same_person, split_people

# --- merging ---

USER_FIELDS = ("keywords", storage.ANNOTATION_FIELD, "award", "note", "ids", "distinct")
PREPRINT_VENUE_FIELDS = ("journal", "journaltitle", "volume", "howpublished", "publisher")
# A preprint's date is not its published version's: an arXiv month beside a NeurIPS
# booktitle would date the paper wrongly, so it is told as a conflict, never filled in.
PREPRINT_DATE_FIELDS = ("month", "day", "date")
_SUFFIXED = re.compile(r"(?P<stem>.+?)(?P<letter>[a-z])")


@dataclass(frozen=True)
class Conflict:
    """A value of a removed entry that the kept entry does not carry."""

    field: str
    kept: str
    dropped: str
    source: str  # key of the removed entry


@dataclass(frozen=True)
class Merged:
    """The kept entry after a merge, and what the merge could not keep."""

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


def merge(entries: Sequence[Stored], keep: str) -> Merged:
    """One entry out of a cluster: the kept entry's fields win, nothing else is lost.

    Its key is the cleaner one (see clean_key): the kept entry's own, unless that is another
    member's key with a collision letter (vaswani2017attentiona beside vaswani2017attention);
    every other key goes into `ids`."""
    kept = next(entry for entry in entries if entry.publication.key == keep)
    others = sorted(
        (entry for entry in entries if entry.publication.key != keep),
        key=lambda entry: entry.publication.key,
    )
    key = clean_key(keep, [other.publication.key for other in others])
    result = list(kept.fields)
    conflicts: list[Conflict] = []
    for other in others:
        result, found = _absorb(result, kept.publication, other)
        conflicts.extend(found)
    removed = tuple(entry.publication.key for entry in entries if entry.publication.key != key)
    result = _with_list(result, "ids", [*removed])
    removed_set = set(removed) | {key}
    remaining = [
        key for key in storage.split_list(_text(result, "distinct")) if key not in removed_set
    ]
    result = storage.set_field(
        result, "distinct", braced(", ".join(remaining)) if remaining else None
    )
    return Merged(
        key, kept.publication.entry_type, tuple(house_order(result)), removed, tuple(conflicts)
    )


def clean_key(keep: str, others: Sequence[str]) -> str:
    """The kept key, or the other key it merely adds a collision letter to (publist's
    unique_key, or a user's `--force`): the one the user cited first."""
    found = _SUFFIXED.fullmatch(keep)
    if found:
        stem = found.group("stem")
        for other in others:
            if other == stem:
                return other
    return keep


def _absorb(
    result: list[RawField], kept: Publication, other: Stored
) -> tuple[list[RawField], list[Conflict]]:
    conflicts: list[Conflict] = []
    source = other.publication
    move_preprint = is_preprint(source) and not is_preprint(kept)
    arxiv = storage.arxiv_of(source)
    if arxiv and not storage.get_raw(result, "eprint"):
        result = storage.set_field(result, "eprint", braced(arxiv))
        result = storage.set_field(result, "archiveprefix", braced("arXiv"))
    for name, raw in other.fields:
        lowered = name.lower()
        if lowered == "keywords":
            result, found = _merge_keywords(result, raw, source.key)
            conflicts.extend(found)
        elif lowered == storage.ANNOTATION_FIELD:
            result, found = _merge_marks(result, kept, source, raw)
            conflicts.extend(found)
        elif lowered in ("ids", "distinct"):
            result = _with_list(result, lowered, storage.split_list(evaluate(raw, {})))
        elif lowered in ("award", "note"):
            result = _with_joined(result, lowered, raw)
        elif lowered == "doi" and storage.doi_of(source) is None and storage.get_raw(result, "doi"):
            continue  # an arXiv DOI, already kept as the eprint
        elif (
            move_preprint
            and lowered in PREPRINT_VENUE_FIELDS
            and storage.get_raw(result, name) is None
        ):
            continue  # "arXiv preprint arXiv:ID" is not the published venue; the eprint keeps the id
        elif (
            move_preprint and lowered in PREPRINT_DATE_FIELDS and not storage.get_raw(result, name)
        ):
            conflicts.append(Conflict(lowered, "the published version's date (none)",
                                      _plain(raw), source.key))  # fmt: skip
        else:
            existing = storage.get_raw(result, name)
            if existing is None:
                result = result + [(name, raw)]
            elif _same_value(existing, raw, lowered):
                continue
            else:
                conflicts.append(Conflict(lowered, _plain(existing), _plain(raw), source.key))
    return result, conflicts


def _plain(raw: str) -> str:
    return " ".join(evaluate(raw, {}).split())


NAME_FIELDS = frozenset({"author", "editor"})


def _same_value(first: str, second: str, name: str = "") -> bool:
    if name in NAME_FIELDS:
        return _same_people(first, second)
    return fold_text(_plain(first).replace("{", "").replace("}", "")) == fold_text(
        _plain(second).replace("{", "").replace("}", "")
    )


def _same_people(first: str, second: str) -> bool:
    """ "Gyeong-In Yu" and "Yu, Gyeong-In" are one person: compare the split names, part by part."""
    people = [split_people(_plain(raw)) for raw in (first, second)]
    return len(people[0]) == len(people[1]) and all(
        _name_parts(a) == _name_parts(b) for a, b in zip(*people, strict=True)
    )


def _name_parts(person: Person) -> tuple[str, ...]:
    return tuple(fold(part) for part in (person.first, person.von, person.last, person.jr))


def _text(fields: list[RawField], name: str) -> str:
    raw = storage.get_raw(fields, name)
    return evaluate(raw, {}) if raw else ""


def _with_list(fields: list[RawField], name: str, values: list[str]) -> list[RawField]:
    current = storage.split_list(_text(fields, name))
    lowered = {value.lower() for value in current}
    for value in values:
        if value.lower() not in lowered:
            current.append(value)
            lowered.add(value.lower())
    return storage.set_field(fields, name, braced(", ".join(current)) if current else None)


def _with_joined(fields: list[RawField], name: str, raw: str) -> list[RawField]:
    existing = storage.get_raw(fields, name)
    if existing is None:
        return fields + [(name, raw)]
    if _same_value(existing, raw) or fold_text(_plain(raw)) in fold_text(_plain(existing)):
        return fields
    return storage.set_field(fields, name, braced(f"{_plain(existing)}; {_plain(raw)}"))


def _merge_keywords(
    fields: list[RawField], raw: str, source: str
) -> tuple[list[RawField], list[Conflict]]:
    words = storage.split_list(evaluate(raw, {}))
    current = storage.split_list(_text(fields, "keywords"))
    kept_type = next((word for word in current if word.lower() in storage.VENUE_TYPES), None)
    conflicts = []
    added = []
    for word in words:
        if word.lower() in storage.VENUE_TYPES and kept_type is not None:
            if word.lower() != kept_type.lower():
                conflicts.append(Conflict("keywords", kept_type, word, source))
            continue
        added.append(word)
    return _with_list(fields, "keywords", added), conflicts


def _merge_marks(
    fields: list[RawField], kept: Publication, source: Publication, raw: str
) -> tuple[list[RawField], list[Conflict]]:
    """Equal-contribution and highlight marks, moved to the same person in the kept author list."""
    marks = storage.parse_annotations(_text(fields, storage.ANNOTATION_FIELD))
    conflicts = []
    for position, values in storage.parse_annotations(evaluate(raw, {})).items():
        target = None
        if 0 < position <= len(source.authors):
            person = source.authors[position - 1]
            target = next(
                (
                    index
                    for index, author in enumerate(kept.authors, start=1)
                    if same_person(author, person)
                ),
                None,
            )
        if target is None and len(kept.authors) == len(source.authors):
            target = position
        if target is None:
            conflicts.append(
                Conflict(
                    storage.ANNOTATION_FIELD,
                    "",
                    f"{position}={','.join(sorted(values))}",
                    source.key,
                )
            )
            continue
        marks.setdefault(target, set()).update(values)
    text = storage.format_annotations(marks)
    return storage.set_field(
        fields, storage.ANNOTATION_FIELD, braced(text) if text else None
    ), conflicts

"""Tagging: the new raw fields of an entry from the changes asked for (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from publist import storage, venues
from publist.bibtex import RawField
from publist.errors import UsageProblem
from publist.kinds import VenueType
from publist.model import Publication
from publist.people import NameMatcher, Person, split_names, without_mark


@dataclass(frozen=True)
class TagRequest:
    """What `publist tag` was asked to change; None or empty means leave it."""

    venue_type: VenueType | None = None
    equal: tuple[str, ...] = ()  # each item: "1,2" (positions) or an author's name
    clear_equal: bool = False
    highlight: tuple[str, ...] = ()
    clear_highlight: bool = False
    award: str | None = None  # "" clears the award
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self == TagRequest()


@dataclass(frozen=True)
class Classification:
    """One row of `publist tag --auto`: what the rules say about an entry."""

    key: str
    old: VenueType | None
    new: VenueType
    rule: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def positions(specs: Sequence[str], item: Publication) -> list[int]:
    """Author positions named by '1,2' lists or by names; an error when one points nowhere."""
    found: set[int] = set()
    for spec in specs:
        numbers = split_numbers(spec)
        if numbers is not None:
            found.update(check_positions(numbers, item))
            continue
        matched = NameMatcher.of([spec]).positions(item.authors)
        if not matched:
            raise UsageProblem(
                f"'{spec}' matches no author of {item.key} ({_author_list(item.authors)})"
            )
        found.update(matched)
    return sorted(found)


def check_positions(numbers: Sequence[int], item: Publication) -> list[int]:
    """Author positions that exist in the entry (for tag and add alike)."""
    count = len(item.authors)
    beyond = [number for number in numbers if not 1 <= number <= count]
    if beyond:
        raise UsageProblem(f"{item.key} has {count} authors; there is no author {beyond[0]}")
    return sorted(set(numbers))


def split_numbers(text: str) -> list[int] | None:
    """'1,2' -> [1, 2]; None when the text is not a list of numbers (so it is a name)."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if parts and all(part.isascii() and part.isdigit() for part in parts):
        return [int(part) for part in parts]
    return None


def _author_list(authors: Sequence[Person]) -> str:
    return "; ".join(f"{index}={person.display}" for index, person in enumerate(authors, 1))


def tagged(item: Publication, raw: list[RawField], request: TagRequest) -> list[RawField]:
    """The entry's raw fields after the request; validation errors raise before anything."""
    result = list(raw)
    if request.venue_type is not None:
        result = storage.with_venue_type(result, request.venue_type)
    if request.clear_equal or request.equal:
        result = storage.with_marks(result, storage.EQUAL, positions(request.equal, item))
    if request.clear_highlight or request.highlight:
        result = storage.with_marks(result, storage.HIGHLIGHT, positions(request.highlight, item))
    if request.award is not None:
        result = storage.with_text(result, "award", request.award.strip() or None)
    for tag in request.add_tags:
        result = storage.with_tag(result, tag)
    for tag in request.remove_tags:
        result = storage.without_tag(result, tag)
    return result


def disagreement(publication: Publication) -> tuple[VenueType, str] | None:
    """The type the venue's text gives an entry whose stored type is only what its entry
    type says (Google Scholar's @article NeurIPS paper stored as journal); None when they
    agree, or the stored type is a choice of its own (a workshop filed as @inproceedings)."""
    stored = storage.venue_type(publication)
    if stored is None or stored is not _default_type(publication.entry_type):
        return None
    memo = publication.memo
    if memo.lasting:  # check asks it of every typed entry at every run
        kind, rule = memo.classified_by_venue(publication.digest, publication, venues.classify)
    else:
        kind, rule = venues.classify(publication)
    if kind is stored or venues.rule_named(rule).reads is venues.Reads.ENTRY:
        return None
    return kind, rule


@lru_cache(maxsize=256)
def _default_type(entry_type: str) -> VenueType | None:
    """What the entry type alone says: the last rules of the table (article-type...)."""
    for rule in venues.RULES[venues.UNDECIDED :]:
        if rule.reads is venues.Reads.ENTRY and not rule.when and entry_type in rule.types:
            return rule.kind
    return None


def classifications(
    items: Sequence[Publication], everything: bool, fix: bool = False
) -> list[Classification]:
    """What the rules say about entries without a venue type (or all of them); with `fix`,
    also about stored types that only repeat the entry type against the venue's text."""
    rows = []
    for item in items:
        old = storage.venue_type(item)
        if old is not None and not everything:
            wrong = disagreement(item) if fix else None
            if wrong is not None:
                rows.append(Classification(item.key, old, *wrong))
            continue
        new, rule = item.classification if old is None else venues.classify(item)
        rows.append(Classification(item.key, old, new, rule))
    return rows


def equal_in_annotation(item: Publication, raw: list[RawField]) -> list[RawField]:
    """The equal-contribution marks written in the names ('Zhang*, Ran') moved into
    `author+an`: the marks leave the names, which stay as written otherwise. An entry with
    `equal` annotations already, or an author list that is not one string, is left alone."""
    author = storage.get_raw(raw, "author")
    if author is None or not _one_string(author) or storage.equal_positions(item) == []:
        return raw
    if any(storage.EQUAL in values for values in storage.author_marks(item).values()):
        return raw
    names = [person.marks for person in item.authors]
    shared = [(symbol, {p for p, marks in enumerate(names, 1) if symbol in marks})
              for symbol in storage.EQUAL_SYMBOLS]  # fmt: skip
    symbol, positions = next(((s, found) for s, found in shared if len(found) >= 2), ("", set()))
    if not positions:
        return raw  # the shared mark is an annotation (dagger), not in the names
    inner, cursor, pieces = author[1:-1], 0, []
    for position, name in enumerate(split_names(inner), start=1):
        start = inner.index(name, cursor)
        pieces.append(inner[cursor:start])
        pieces.append(without_mark(name, symbol) if position in positions else name)
        cursor = start + len(name)
    pieces.append(inner[cursor:])
    result = storage.set_field(raw, "author", author[0] + "".join(pieces) + author[-1])
    return storage.with_marks(result, storage.EQUAL, sorted(positions))


def _one_string(raw: str) -> bool:
    return len(raw) >= 2 and (raw[0], raw[-1]) in (("{", "}"), ('"', '"')) and "#" not in raw

"""The one formatting core: publications + settings -> numbered sections of typed text pieces.

Everything a reader sees is decided here: which section an entry lands in, the order,
the numbers, who is bold; render.item_pieces makes what each item says (the marks, venue,
award, date and links). The backends (markdown, latex, html, plain, json) only spell and
escape these pieces, so every format agrees on numbers and marks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain, groupby
from operator import attrgetter

from publist.citations import Citations
from publist.config import Config, Detail, Group, Numbering
from publist.inheritance import only_parents
from publist.kinds import VenueType
from publist.memo import Memo, Rendered
from publist.model import Publication
from publist.people import NameMatcher
from publist.pieces import Kind as Kind
from publist.pieces import Piece as Piece
from publist.render.item_pieces import pieces_of
from publist.render.shorten import shorten_authors
from publist.selection import Selection, select
from publist.storage import owner_positions

OTHER_TITLE = "Other"


class GroupBy(StrEnum):
    TYPE = "type"
    YEAR = "year"
    NONE = "none"


class Order(StrEnum):
    NEWEST = "newest"  # by year and month, newest first; the file's order within a date
    OLDEST = "oldest"  # the same, oldest first
    FILE = "file"  # the file's order


@dataclass(frozen=True)
class Item:
    """One numbered publication of an export, as pieces for the backends."""

    key: str
    number: int | None
    label: str  # "C3" with --labels, "3" otherwise, "" without numbers
    venue_type: VenueType
    pieces: tuple[Piece, ...]
    publication: Publication
    has_owner: bool


@dataclass(frozen=True)
class Section:
    """One group of an export: a venue type, a year, or the whole list."""

    title: str
    anchor: str  # an id for HTML anchors and LaTeX labels
    label: str  # the group's label prefix (C, J, ...); "" when not grouped by type
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Options:
    """What an export shows and how: selection, grouping, numbering, links."""

    selection: Selection = Selection()
    group_by: GroupBy = GroupBy.TYPE
    numbering: Numbering | None = None  # None: from the config
    reverse_numbers: bool | None = None  # None: from the config
    labels: bool = False
    links: bool = True
    max_authors: int | None = None  # None: from the config; 0: every author
    order: Order | None = None  # None: [export] order of the config
    details: tuple[Detail, ...] | None = None  # None: [export] details of the config
    pieces: bool = True  # False: items without their text (formats that write the entries)


@dataclass(frozen=True)
class Document:
    """An export's sections, ready for a backend to write."""

    sections: tuple[Section, ...]
    owner: str  # the owner's name from the settings, "" when none is set
    citations: Citations | None = None  # counts shown as "Cited by N." (render/cited.py)

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


# --- selecting and ordering ---


def ordered(items: Iterable[Publication], order: Order = Order.NEWEST) -> list[Publication]:
    """By year and month (undated last, a year without a month after its months); entries
    of the same date keep the file's order (the sort is stable)."""
    if order is Order.FILE:
        return list(items)
    sign = -1 if order is Order.NEWEST else 1

    def date(item: Publication) -> tuple[bool, int, bool, int]:
        year, month = item.year, item.month
        return (year is None, sign * (year or 0), month is None, sign * (month or 0))

    return sorted(items, key=date)


# --- grouping ---


@dataclass(frozen=True)
class _Bucket:
    """A section being filled: its title, label and publications."""

    title: str
    label: str
    members: list[Publication] = field(default_factory=list)


def _by_type(items: list[Publication], groups: Sequence[Group]) -> list[_Bucket]:
    buckets = [_Bucket(group.title, group.label) for group in groups]
    leftover = _Bucket(OTHER_TITLE, leftover_label(groups))
    home = {kind: leftover for kind in VenueType}
    for bucket, group in reversed(list(zip(buckets, groups, strict=True))):
        home.update(dict.fromkeys(group.types, bucket))  # the first group of a type wins
    for item in items:
        home[item.venue_type].members.append(item)
    return [*buckets, leftover]


def _by_year(items: list[Publication]) -> list[_Bucket]:
    buckets: dict[int | None, _Bucket] = {}
    for item in items:
        title = str(item.year) if item.year else "Undated"
        buckets.setdefault(item.year, _Bucket(title, "")).members.append(item)
    return list(buckets.values())  # items arrive newest first, so years do too


def leftover_label(groups: Sequence[Group]) -> str:
    """O for the Other section, or X when a configured group already uses O."""
    return "X" if "O" in {group.label for group in groups} else "O"


def group_labels(config: Config) -> dict[VenueType, str]:
    """The --labels prefix of every venue type: its group's label, else the leftover one."""
    other = leftover_label(config.groups)
    labels = {kind: other for kind in VenueType}
    for group in reversed(config.groups):
        for kind in group.types:
            labels[kind] = group.label or other
    return labels


def anchor_of(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-") or "section"
    anchor, counter = base, 2
    while anchor in taken:
        anchor, counter = f"{base}-{counter}", counter + 1
    taken.add(anchor)
    return anchor


# --- the document ---


def build(
    publications: Iterable[Publication],
    config: Config,
    options: Options,
    matcher: NameMatcher | None = None,
    memo: Memo | None = None,
) -> Document:
    """Select, order, group, number and spell out every chosen publication; `matcher`
    finds the owner (by default, the config's names); `memo` remembers each entry's
    item under these settings (see remembered)."""
    matcher = matcher or NameMatcher.of(config.owner_names)
    made = Making(matcher, config, options, memo)
    publications = list(publications)
    containers = only_parents(publications, matcher)
    own = (item for item in publications if item.key not in containers)
    chosen = ordered(select(own, options.selection), options.order or Order(config.order))
    if options.group_by is GroupBy.TYPE:
        buckets = _by_type(chosen, config.groups)
    elif options.group_by is GroupBy.YEAR:
        buckets = _by_year(chosen)
    else:
        buckets = [_Bucket("Publications", "")]
        buckets[0].members.extend(chosen)
    buckets = [bucket for bucket in buckets if bucket.members]
    numbers = _numbers(buckets, config, options)
    taken: set[str] = set()
    sections = []
    for index, bucket in enumerate(buckets):
        items = tuple(map(made.item, bucket.members, numbers[index]))
        sections.append(Section(bucket.title, anchor_of(bucket.title, taken), bucket.label, items))
    return Document(tuple(sections), config.owner if matcher else "")


def _numbers(
    buckets: list[_Bucket], config: Config, options: Options
) -> list[list[tuple[int | None, str]]]:
    """(number, label prefix) of each item of each bucket; counted per scope, maybe reversed."""
    numbering = options.numbering or config.numbering
    reverse = config.reverse_numbers if options.reverse_numbers is None else options.reverse_numbers
    if numbering is Numbering.NONE:
        return [[(None, "")] * len(bucket.members) for bucket in buckets]
    labels = group_labels(config)
    scopes: list[list[str]] = []
    for index, bucket in enumerate(buckets):
        if options.labels:
            scopes.append([bucket.label or labels[item.venue_type] for item in bucket.members])
        else:
            scope = str(index) if numbering is Numbering.PER_GROUP else ""
            scopes.append([scope] * len(bucket.members))
    totals = Counter(chain.from_iterable(scopes))
    seen: dict[str, int] = {}
    result = []
    for row in scopes:
        numbered: list[tuple[int | None, str]] = []
        for scope in row:
            count = seen[scope] = seen.get(scope, 0) + 1
            number = totals[scope] - count + 1 if reverse else count
            numbered.append((number, scope if options.labels else ""))
        result.append(numbered)
    return result


class Making:
    """How build makes the items of one document, each entry's pieces from the memo when
    it has them under the same settings."""

    def __init__(
        self, matcher: NameMatcher, config: Config, options: Options, memo: Memo | None
    ) -> None:
        self.matcher, self.config, self.options, self.memo = matcher, config, options, memo
        self.known = (
            memo.rendering(settings_digest(matcher, config, options))
            if memo is not None and memo.lasting and options.pieces
            else None
        )

    def item(self, publication: Publication, numbered: tuple[int | None, str]) -> Item:
        number, prefix = numbered
        kind = publication.venue_type
        known = self.known
        found = known.get(publication.digest) if known is not None else None
        if not self.options.pieces:  # -f bib at 100k: 5.5 -> 4.2 s; 11.0 s when it was new
            found = Rendered((), bool(owner_positions(publication, self.matcher)))
        elif found is None:
            found = self.rendered(publication, kind)
            if known is not None and self.memo is not None:
                known[publication.digest] = found
                self.memo.learned = True
        label = f"{prefix}{number}" if number is not None else ""
        pieces, has_owner = found
        return Item(publication.key, number, label, kind, pieces, publication, has_owner)

    def rendered(self, publication: Publication, kind: VenueType) -> Rendered:
        config, options = self.config, self.options
        owners = set(owner_positions(publication, self.matcher))
        pieces = pieces_of(publication, kind, owners, config, options.links, options.details)
        limit = config.max_authors if options.max_authors is None else options.max_authors
        pieces = shorten_authors(pieces, limit, lambda text, latex: Piece(Kind.TEXT, text, latex))
        return Rendered(pieces, bool(owners))


def settings_digest(matcher: NameMatcher, config: Config, options: Options) -> str:
    """Everything besides an entry that shapes its item: the owner's spellings and every
    setting (grouping and numbering too, though items do not depend on them: a change in
    publist.toml is never served stale), links, details and the author limit."""
    from publist.digests import blake2b

    shaping = (matcher, config, options.links, options.details, options.max_authors)
    return blake2b(repr(shaping).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def runs(pieces: Sequence[Piece]) -> list[tuple[bool, list[Piece]]]:
    """Consecutive pieces grouped by italics, so a backend opens and closes emphasis once."""
    return [(italic, list(group)) for italic, group in groupby(pieces, attrgetter("italic"))]

"""The one formatting core: publications + settings -> numbered sections of typed text pieces.

Everything a reader sees is decided here: which section an entry lands in, the order,
the numbers, who is bold, the equal-contribution marks, the venue, award, date and links.
The backends (markdown, latex, html, plain, json) only spell and escape these pieces,
so every format agrees on numbers and marks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain, groupby
from operator import attrgetter

from publist import links, storage
from publist.citations import Citations
from publist.config import Config, Detail, DoiLink, Group, Numbering
from publist.inheritance import only_parents
from publist.kinds import VenueType
from publist.memo import Memo, Rendered
from publist.model import Publication
from publist.people import NameMatcher
from publist.pieces import COMMA, ENDINGS, FULL_STOP, SPACE
from publist.pieces import Kind as Kind
from publist.pieces import Piece as Piece
from publist.render import details as cv
from publist.render.details import date_text, patent_text, venue_name
from publist.render.shorten import TRUNCATED, shorten_authors
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
    key: str
    number: int | None
    label: str  # "C3" with --labels, "3" otherwise, "" without numbers
    venue_type: VenueType
    pieces: tuple[Piece, ...]
    publication: Publication
    has_owner: bool


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str  # an id for HTML anchors and LaTeX labels
    label: str  # the group's label prefix (C, J, ...); "" when not grouped by type
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Options:
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


# --- the pieces of one item ---


def pieces_of(
    publication: Publication,
    kind: VenueType,
    owners: set[int],
    config: Config,
    with_links: bool = True,
    details: tuple[Detail, ...] | None = None,
) -> tuple[Piece, ...]:
    """Authors. Title. *Venue (Award)*, 12(3):45–67, Month Year. Notes. Links"""
    details = config.details if details is None else details
    pieces: list[Piece] = []
    pieces.extend(_authors(publication, owners))
    title = publication.title
    if title:
        if pieces:
            pieces.append(ENDINGS[" " if pieces[-1].text.endswith(".") else ". "])
        pieces.append(Piece(Kind.TITLE, title, publication.latex_fields.get("title", title)))
    tail = _venue_and_date(publication, kind, config, details)
    if tail:
        if pieces:
            closing = "" if title and title[-1] in ".?!" else "."
            pieces.append(ENDINGS[closing + " "])
        pieces.extend(tail)
    if pieces:
        last = pieces[-1].text
        if not last.endswith((".", "?", "!")):
            pieces.append(FULL_STOP)
    if (
        details
        and kind is not VenueType.PATENT
        and not cv.NOTE_FIELDS.isdisjoint(publication.latex_fields)
    ):  # most entries have no note: the item's text is not joined to look for one in it
        pieces.extend(_notes(publication, details, "".join(piece.text for piece in pieces)))
    if with_links:
        for label, url in links_of(publication, config):
            pieces.append(SPACE)
            pieces.append(Piece(Kind.LINK, label, url=url))
    return tuple(pieces)


def _authors(publication: Publication, owners: set[int]) -> list[Piece]:
    authors = publication.authors
    if not authors:
        return []
    equal = set(storage.equal_positions(publication))
    pieces = [AUTHOR_SEPARATOR] * (2 * len(authors) - 1)
    pieces[::2] = [
        Piece(Kind.AUTHOR, person.display, person.latex_display, False, position in owners,
              position in equal)
        for position, person in enumerate(authors, start=1)
    ]  # fmt: skip
    if publication.truncated:
        pieces.append(Piece(Kind.TEXT, TRUNCATED))  # 'and others' is no co-author
    if equal & set(range(1, len(authors) + 1)):
        note = Piece(Kind.NOTE, "equal contribution")
        pieces += [Piece(Kind.TEXT, " ("), note, Piece(Kind.TEXT, ")")]
    return pieces


AUTHOR_SEPARATOR = COMMA


def _venue_and_date(
    publication: Publication, kind: VenueType, config: Config, details: tuple[Detail, ...] = ()
) -> list[Piece]:
    if kind is VenueType.PATENT:
        return _patent(publication)
    pieces: list[Piece] = []
    venue = venue_name(publication)
    if venue:
        pieces.append(Piece(Kind.VENUE, venue, _venue_latex(publication, venue), italic=True))
    award = storage.award(publication)
    if award:
        pieces.append(Piece(Kind.TEXT, " (" if pieces else "(", italic=bool(pieces)))
        latex = publication.latex_fields.get(storage.award_field(publication), award)
        pieces.append(Piece(Kind.AWARD, award, latex, italic=pieces[0].italic))
        pieces.append(Piece(Kind.TEXT, ")", italic=pieces[0].italic))
    for text in cv.where(publication, kind, details):
        if pieces:
            pieces.append(COMMA)
        pieces.append(Piece(Kind.DETAIL, text, text.replace("–", "--")))
    date = date_text(publication, config.month_style)
    if date:
        if pieces:
            pieces.append(COMMA)
        pieces.append(Piece(Kind.DATE, date))
    return pieces


def _notes(publication: Publication, details: tuple[Detail, ...], shown: str) -> list[Piece]:
    """' To appear.': each note after the item's full stop."""
    pieces = []
    for name in cv.notes(publication, details, shown):
        text = cv.note_text(publication, name)
        latex = publication.latex_fields[name].strip() if name != Detail.PUBSTATE else None
        if latex is not None and not text.endswith(latex[-1:]):
            latex += "."
        pieces += [SPACE, Piece(Kind.DETAIL, text, latex)]
    return pieces


def _venue_latex(publication: Publication, venue: str) -> str | None:
    """The venue field's LaTeX; None for a venue made up from an arXiv eprint."""
    name = publication.venue_field
    return publication.latex_fields.get(name, venue) if name else None


def _patent(publication: Publication) -> list[Piece]:
    """US Patent 11,514,370, 2022: the number grouped by thousands, the year only."""
    pieces = [Piece(Kind.TEXT, patent_text(publication))]
    if publication.year:
        pieces.extend([COMMA, Piece(Kind.DATE, str(publication.year))])
    return pieces


def links_of(publication: Publication, config: Config) -> list[tuple[str, str]]:
    """(label, url) for each safe link, one per address (links.py reads the fields).

    With [export] doi_link = "alone", a DOI is left out when the entry has its own url or
    pdf: a CV that shows one link per paper."""
    found = links.links(publication, config.base_url, config.link_fields)
    if config.doi_link is DoiLink.ALONE and any(link.field in ("url", "pdf") for link in found):
        found = [link for link in found if link.field != "doi"]
    result = []
    for link in found:
        label = links.link_label(link.field, config.link_labels)
        if label:
            result.append((label, link.url))
    return result


def runs(pieces: Sequence[Piece]) -> list[tuple[bool, list[Piece]]]:
    """Consecutive pieces grouped by italics, so a backend opens and closes emphasis once."""
    return [(italic, list(group)) for italic, group in groupby(pieces, attrgetter("italic"))]

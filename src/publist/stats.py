"""Counting for `publist stats`: per venue type and year, per venue, per role, per co-author.

Pure functions over decoded publications; nothing here prints or touches disk.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from publist import storage
from publist.inheritance import only_parents
from publist.kinds import VenueType
from publist.model import Publication
from publist.patterns import compile_on_use
from publist.people import NameMatcher, Person, fold
from publist.selection import Selection
from publist.storage import owner_positions
from publist.venue_words import ACRONYMS

UNKNOWN_YEAR = "unknown"


class Role(StrEnum):
    """Where the owner stands in the author list."""

    FIRST = "first"
    EQUAL_FIRST = "equal-first"  # shares first authorship through an equal-contribution mark
    LAST = "last"
    OTHER = "other"
    UNMATCHED = "unmatched"  # the owner's name is not on the entry (or no owner is set)


class View(StrEnum):
    """What `--by` can show."""

    TYPE = "type"
    YEAR = "year"
    VENUE = "venue"
    ROLE = "role"
    COAUTHOR = "coauthor"


@dataclass(frozen=True)
class Stats:
    """Every count of one selection; years are strings so the JSON keys are stable."""

    total: int
    by_type: dict[str, int]
    by_year: dict[str, int]
    by_type_year: dict[str, dict[str, int]]
    by_venue: dict[str, int]
    by_role: dict[str, dict[str, int]]
    coauthors: dict[str, int]

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "by_type": dict(self.by_type),
            "by_year": dict(self.by_year),
            "by_type_year": {kind: dict(years) for kind, years in self.by_type_year.items()},
            "by_venue": dict(self.by_venue),
            "by_role": {kind: dict(roles) for kind, roles in self.by_role.items()},
            "coauthors": dict(self.coauthors),
        }


@dataclass(frozen=True)
class Table:
    """A plain table: what the CSV, Markdown and terminal views all draw."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default=())


# --- parsing options ---


# --- venues ---

# Canonical spellings of venue acronyms; a venue string naming one of these counts under it.
KNOWN_VENUES = (
    "OSDI", "SOSP", "NSDI", "EuroSys", "ATC", "ASPLOS", "ISCA", "MICRO", "HPCA", "SoCC",
    "SIGCOMM", "SIGMOD", "VLDB", "ICDE", "KDD", "NeurIPS", "ICML", "ICLR", "AAAI", "IJCAI",
    "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL", "MLSys", "ICDCS", "PLDI", "POPL",
    "OOPSLA", "PPoPP", "Middleware", "HotOS", "HotNets", "HotCloud", "HotStorage", "OSR",
    "CACM", "TOCS", "TPDS", "JMLR", "TACL", "WWW", "CIDR", "IPDPS", "HPDC",
)  # fmt: skip
# Old names and journal names of the same venue.
ALIASES = {
    "NIPS": "NeurIPS",
    "SysML": "MLSys",
    "PVLDB": "VLDB",
    "USENIX ATC": "ATC",
    "SIGOPS OSR": "OSR",
}
# Full names, for venue strings without an acronym; the first match wins.
FULL_NAMES = (
    (r"neural information processing systems", "NeurIPS"),
    (r"conference on machine learning and systems|\bsysml conference", "MLSys"),
    (r"international conference on machine learning", "ICML"),
    (r"proc(eedings|\.)? (of the )?vldb endow|very large data ?bases", "VLDB"),
    (r"operating systems design and implementation", "OSDI"),
    (r"symposium on operating systems principles", "SOSP"),
    (r"networked systems design and implementation", "NSDI"),
    (r"european conference on computer systems", "EuroSys"),
    (r"operating systems review", "OSR"),
    (r"distributed computing systems", "ICDCS"),
)
# Book series that `series` often holds; they say who printed the paper, not where it appeared.
BOOK_SERIES = {"icps", "lncs", "lnai", "lnbi", "ccis", "pmlr", "ceur", "ceur-ws"}
_CANONICAL = {name.casefold(): name for name in KNOWN_VENUES} | {
    alias.casefold(): name for alias, name in ALIASES.items()
}
_KNOWN_WORD = compile_on_use(
    r"(?<![\w-])("
    + "|".join(re.escape(name) for name in sorted([*ALIASES, *KNOWN_VENUES], key=len, reverse=True))
    + r")(?![\w-])"
)
_PARENTHESES = compile_on_use(r"\(\s*([A-Za-z][A-Za-z0-9&+\-]*?)\s*(?:['’]?\s*\d{2}|\d{4})?\s*\)")
_HOST = compile_on_use(r"\s(?:at|co-located with|in conjunction with|held with)\s|@", re.IGNORECASE)
# Fields that name a venue, the explicit short ones first. `series` is left out of the
# fallback because it is often a book series (LNCS, ICPS), not a venue.
ACRONYM_FIELDS = ("venue", "eventtitle", "series", "booktitle", "journal", "journaltitle",
                  "howpublished")  # fmt: skip
FALLBACK_FIELDS = ("venue", "eventtitle", "booktitle", "journal", "journaltitle", "howpublished")
HOSTED_TYPES = {VenueType.WORKSHOP: "Workshop", VenueType.DEMO: "Demo", VenueType.POSTER: "Poster"}


@lru_cache(maxsize=65536)  # a library repeats the same few venue strings
def acronym(text: str) -> str | None:
    """The short name a venue string contains: '(OSDI 2022)', 'NIPS', a full name..."""
    for candidate in reversed(_PARENTHESES.findall(text)):
        known = _CANONICAL.get(candidate.casefold())
        if known or sum(char.isupper() for char in candidate) >= 2:
            return known or candidate
    found = _KNOWN_WORD.search(text)
    if found:
        return _CANONICAL[found.group(1).casefold()]
    for pattern, name in FULL_NAMES:
        if re.search(pattern, text, re.IGNORECASE):  # re caches the compiled patterns
            return name
    bare = re.fullmatch(r"\s*([A-Za-z][A-Za-z0-9&+\-]*)\s*(?:['’]?\s*\d{2}|\d{4})?\s*", text)
    if bare and sum(char.isupper() for char in bare.group(1)) >= 2:
        return bare.group(1)
    return None


_HOSTED_WORD = compile_on_use(r"\b(workshops?|demos?|demonstrations?|posters?)\b", re.IGNORECASE)
_GLUED_YEAR = compile_on_use(r"(?<=[A-Za-z])(?:19|20)?\d{2}\b")  # DBLP's 'NeurIPS2021'
_WORD = compile_on_use(r"[A-Za-z][A-Za-z0-9&+\-]*")
_CONFERENCES = {name.casefold(): name for name in ACRONYMS} | _CANONICAL


def host_of(text: str) -> str | None:
    """The conference that holds a workshop, demo or poster venue: named after 'at', 'co-located
    with' or '@' ('XAI4Debugging@NeurIPS2021'), or before the word 'Workshop' ('ACM CHI
    Workshop on ...': the last conference acronym there, so a society such as ACM is not one)."""
    host = _HOST.search(text)
    if host:
        found = acronym(_GLUED_YEAR.sub(" ", text[host.end() :]))
        if found:
            return found
    word = _HOSTED_WORD.search(text)
    if not word:
        return None
    known = [_CONFERENCES[w.casefold()] for w in _WORD.findall(text[: word.start()])
             if w.casefold() in _CONFERENCES]  # fmt: skip
    return known[-1] if known else None


def venue_key(item: Publication, kind: VenueType) -> str | None:
    """The short name a venue counts under; None for entries with no venue (patents).

    A workshop, demo or poster held at a conference ('Systems for ML Workshop at ...
    (NeurIPS)') counts as 'NeurIPS Workshop' (or 'MLSys Demo'), apart from the main track.
    al-folio's `abbr` ('ICCV 2025') is the short name its owner chose: it comes first.
    """
    badge = _abbr(item.get("abbr"))
    if badge:
        return badge
    for name in ACRONYM_FIELDS:
        text = item.get(name)
        if not text:
            continue
        if kind in HOSTED_TYPES:
            hosted = host_of(text)
            if hosted:
                return f"{hosted} {HOSTED_TYPES[kind]}"
        short = acronym(text)
        if short and short.casefold() not in BOOK_SERIES:
            return short
    for name in FALLBACK_FIELDS:
        if item.get(name):
            return _plain_venue(item.get(name))
    return None


_KIND_WORDS = compile_on_use(r"\b(chapter|thesis|patent|book|preprint|talk|poster|demo)\b", re.I)


def _abbr(text: str) -> str:
    """An al-folio badge as a venue name: 'ICCV 2025' -> 'ICCV'; '' for a badge that names
    a kind of work ('Book chapter'), not a venue."""
    text = _ORDINAL_OR_YEAR.sub("", text).strip(" ,.:;-'")
    return "" if not text or _KIND_WORDS.search(text) else " ".join(text.split())


_PROCEEDINGS_OF = re.compile(r"^\s*(in\s+)?proc(eedings|\.)?\s+(of\s+)?(the\s+)?", re.I)
_ORDINAL_OR_YEAR = re.compile(r"\b\d+(st|nd|rd|th)\b\s*|\b(19|20)\d{2}\b|'\d{2}\b")


def _plain_venue(text: str) -> str:
    """A long venue name without the ordinal, the year and 'Proceedings of the'."""
    text = _PROCEEDINGS_OF.sub("", text)
    text = _ORDINAL_OR_YEAR.sub("", text)
    return " ".join(text.split()).strip(" ,.:;-") or text.strip()


# --- roles and co-authors ---


def role(item: Publication, matcher: NameMatcher) -> Role:
    positions = owner_positions(item, matcher)
    if not positions:
        return Role.UNMATCHED
    position = positions[0]
    equal = set(storage.equal_positions(item))
    if position == 1:
        return Role.EQUAL_FIRST if 1 in equal else Role.FIRST
    if position in equal and 1 in equal:
        return Role.EQUAL_FIRST
    if position == len(item.authors) and not item.truncated:
        return Role.LAST
    return Role.OTHER


def coauthors(items: Iterable[Publication], matcher: NameMatcher) -> dict[str, int]:
    """Everyone but the owner, with the number of shared entries, most frequent first.

    Spellings that fold alike ('Dongjin Shin', 'Dong-Jin Shin') are one person, shown
    under the spelling used most often.
    """
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for item in items:
        owner = set(owner_positions(item, matcher))
        people: dict[str, Person] = {}
        for position, person in enumerate(item.authors, start=1):
            if position not in owner:
                people.setdefault(fold(person.display), person)
        for folded, person in people.items():
            counts[folded] += 1
            spellings.setdefault(folded, Counter())[person.display] += 1
    named = {spellings[folded].most_common(1)[0][0]: count for folded, count in counts.items()}
    return dict(sorted(named.items(), key=lambda pair: (-pair[1], pair[0])))


# --- the whole computation ---


def compute(
    items: Sequence[Publication],
    owner_names: Sequence[str],
    chosen: Selection = Selection(),
    matcher: NameMatcher | None = None,
) -> Stats:
    """Count the selected entries (`matcher`: the owner's, made from owner_names if None)."""
    matcher = matcher or NameMatcher.of(owner_names)
    containers = only_parents(items, matcher)
    typed = [(item, item.venue_type) for item in items if item.key not in containers]
    # Every type of the library shows, even at zero after a year filter; so does an asked one.
    wanted = set(chosen.types) or {kind for _, kind in typed}
    shown = [kind for kind in VenueType if kind in wanted]
    pairs = [(item, kind) for item, kind in typed if chosen.admits(item, kind)]
    years = year_columns(item.year for item, _ in pairs)

    by_type_year = {kind.value: dict.fromkeys(years, 0) for kind in shown}
    by_role = {kind.value: dict.fromkeys(Role, 0) for kind in shown}
    venues_count: Counter[str] = Counter()
    for item, kind in pairs:
        by_type_year[kind.value][year_label(item.year)] += 1
        by_role[kind.value][role(item, matcher)] += 1
        venue = venue_key(item, kind)
        if venue:
            venues_count[venue] += 1
    return Stats(
        total=len(pairs),
        by_type={kind: sum(row.values()) for kind, row in by_type_year.items()},
        by_year={year: sum(row[year] for row in by_type_year.values()) for year in years},
        by_type_year=by_type_year,
        by_venue=dict(sorted(venues_count.items(), key=lambda pair: (-pair[1], pair[0]))),
        by_role={kind: {str(r): n for r, n in roles.items()} for kind, roles in by_role.items()},
        coauthors=coauthors([item for item, _ in pairs], matcher),
    )


def year_label(year: int | None) -> str:
    return str(year) if year is not None else UNKNOWN_YEAR


def year_columns(years: Iterable[int | None]) -> list[str]:
    """Every year from the first to the last, so empty years show as gaps; undated last."""
    years = list(years)
    known = sorted({year for year in years if year is not None})
    labels = [str(year) for year in range(known[0], known[-1] + 1)] if known else []
    return labels + ([UNKNOWN_YEAR] if None in years else [])


# --- tables ---


def type_year_table(stats: Stats) -> Table:
    """Venue types by year, with row and column totals."""
    years = list(stats.by_year)
    rows = [
        (kind, *(str(row[year]) for year in years), str(stats.by_type[kind]))
        for kind, row in stats.by_type_year.items()
    ]
    totals = ("total", *(str(stats.by_year[year]) for year in years), str(stats.total))
    return Table(("type", *years, "total"), (*rows, totals))


def year_bars(stats: Stats, width: int) -> list[tuple[str, list[tuple[str, int]], int]]:
    """(year, [(venue type, length)...], count): a bar per year, the busiest `width` long,
    stacked by venue type in the table's order. Lengths are cut at rounded running totals,
    so a stack is exactly as long as its year's bar."""
    most = max(stats.by_year.values(), default=0)
    scale = width / most if most else 0
    bars = []
    for year, count in stats.by_year.items():
        stack, running, drawn = [], 0, 0
        for kind, years in stats.by_type_year.items():
            running += years.get(year, 0)
            length = round(running * scale) - drawn
            if length:
                stack.append((kind, length))
                drawn += length
        bars.append((year, stack, count))
    return bars


def role_table(stats: Stats) -> Table:
    roles = [r.value for r in Role]
    rows = [
        (kind, *(str(counts[r]) for r in roles), str(sum(counts.values())))
        for kind, counts in stats.by_role.items()
    ]
    totals = tuple(str(sum(counts[r] for counts in stats.by_role.values())) for r in roles)
    return Table(("type", *roles, "total"), (*rows, ("total", *totals, str(stats.total))))


def count_table(name: str, counts: dict[str, int], limit: int | None = None) -> Table:
    items = list(counts.items())[:limit] if limit else list(counts.items())
    return Table((name, "count"), tuple((key, str(value)) for key, value in items))


def table(stats: Stats, view: View | None, limit: int | None = None) -> Table:
    """The table for one view; None stands for the type × year table."""
    match view:
        case None:
            return type_year_table(stats)
        case View.TYPE:
            return count_table("type", stats.by_type)
        case View.YEAR:
            return count_table("year", stats.by_year)
        case View.VENUE:
            return count_table("venue", stats.by_venue, limit)
        case View.ROLE:
            return role_table(stats)
        case View.COAUTHOR:
            return count_table("coauthor", stats.coauthors, limit)


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(map(inert_cell, table.header))
    writer.writerows(map(inert_cell, row) for row in table.rows)
    return buffer.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(cell: str) -> str:
    """A CSV cell no spreadsheet runs as a formula: text that starts like one (a venue named
    '=HYPERLINK(...)', a co-author '@cmd') gets a leading quote (OWASP's advice); numbers stay."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


_NUMBER = compile_on_use(r"[+-]?\d+(\.\d+)?")


def to_markdown(table: Table) -> str:
    """A GitHub-style pipe table; the first column is text, the others are numbers."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    rule = ["---", *("---:" for _ in table.header[1:])]
    return "\n".join([line(table.header), line(rule), *map(line, table.rows)]) + "\n"


JSON_KEYS = {
    View.TYPE: "by_type",
    View.YEAR: "by_year",
    View.VENUE: "by_venue",
    View.ROLE: "by_role",
    View.COAUTHOR: "coauthors",
}

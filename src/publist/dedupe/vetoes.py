"""Why two entries are not one work, or only possibly one: each check returns its reason in
words ("" when it does not apply), so `dedupe --explain` can say which one stopped a pair.

- `not_same_work`: the pair is not a duplicate by any title rule;
- `apart`: the same title, but only a *possible* duplicate (two venues, two years, ...);
- `veto`: the two may never share an *automatic* cluster, whatever joins them.
"""

from __future__ import annotations

from publist.dedupe.evidence import GENERIC_TITLES, Evidence
from publist.dedupe.places import same_venue
from publist.patterns import compile_on_use

# A preprint (arXiv, CoRR, ECCC, SSRN, bioRxiv, a tech report, an "in review" copy) may
# precede its published version by this many years (ECCC 2014 -> TOCT 2016, CoRR 2011 -> TCS 2013).
PREPRINT_LEAD = 3
# Google Scholar's first pages run a few pages off the proceedings' (4581 / 4580).
PAGE_SLACK = 10
SERIES_NAMES = ("number", "edition", "volume", "chapter")
# A volume a record may carry wrong while all else agrees: a slip, possible (automatic when
# the authors agree too: _sure_slip). Not the issue number: covers and columns of one volume
# share title, year and page.
SLIP_FIELDS = frozenset({"volume"})
# A title this long (in words) names one work; shorter ones recur ("Deep Learning").
SLIP_TITLE_WORDS = 4
SLIP_KINDS = frozenset({"journal", "conference"})
# First words of titles that come back every year at one venue, by one team.
RECURRING_TITLE_WORDS = frozenset(
    "overview report findings summary tutorial proceedings results introduction".split()
)
MINOR_KINDS = frozenset({"workshop", "poster", "demo", "seminar", "talk"})
# Kinds an entry type gives that sources mix up for one paper (Google Scholar's @article for a
# NeurIPS paper, Crossref's LNCS chapter for a SPIRE paper): all "paper".
PAPER_KINDS = {"journal": "paper", "conference": "paper", "chapter": "paper"}
PUBLISHED_KINDS = frozenset({"paper", "book", "thesis", "patent"})
PART_TYPES = frozenset({"incollection", "inbook", "inreference", "inproceedings", "conference"})
# A DOI's version suffix: Cochrane's CD002273.pub2 and .pub3, figshare's .v1 and .v2.
DOI_VERSION = compile_on_use(r"\.(?:pub|v)\d+$")


def shared_author(a: Evidence, b: Evidence) -> bool:
    return bool(a.families & b.name_tokens or b.families & a.name_tokens)


def not_same_work(a: Evidence, b: Evidence) -> str:
    """Why no title rule may join the two; the checks every title rule needs."""
    if not a.title or not b.title:
        return "no title"
    if a.title in GENERIC_TITLES or b.title in GENERIC_TITLES:
        return "a generic title"
    if not shared_author(a, b):
        return "no author in common"
    if not years_compatible(a, b) and not _books(a, b):
        return f"years {a.year} and {b.year} too far apart"
    if a.early or b.early:
        return ""
    if a.venue_type and b.venue_type and a.venue_type != b.venue_type:
        return f"stored venue types {a.venue_type} and {b.venue_type}"
    differing = series_differ(a, b)
    if differing and not _slip(a, b, differing):
        return "; ".join(differing)
    return ""


def series_differ(a: Evidence, b: Evidence) -> list[str]:
    """Number, edition, volume or chapter present in both and different."""
    return [
        f"{name} {first} vs {second}"
        for name, first, second in zip(SERIES_NAMES, a.series, b.series, strict=True)
        if first and second and first != second
    ]


def _slip(a: Evidence, b: Evidence, differing: list[str]) -> bool:
    """One volume off while the title, the year and what else locates the paper (its first
    page, the issue number) agree: perhaps a typo in one record (JabRef counts it a
    duplicate), perhaps two volumes of one year; the user says."""
    if len(differing) != 1 or differing[0].split(" ")[0] not in SLIP_FIELDS:
        return False
    if a.title != b.title or a.year is None or a.year != b.year:
        return False
    if a.first_page and b.first_page and a.first_page != b.first_page:
        return False
    located = [(a.first_page, b.first_page), *zip(a.series[:3], b.series[:3], strict=True)]
    return any(first and first == second for first, second in located)


def _sure_slip(a: Evidence, b: Evidence, differing: list[str]) -> bool:
    """A slip (see _slip) in a record that is otherwise the other's: the same authors, and a
    title that does not come back every issue. Two works whose only difference is one volume
    number, in one year, issue and first page, are not seen in real files; the other
    volume is kept as `volume_alt` by the merge."""
    return (
        _slip(a, b, differing)
        and _same_authors(a, b)
        and bool(a.words)
        and a.words[0] not in RECURRING_TITLE_WORDS
    )


def _same_authors(a: Evidence, b: Evidence) -> bool:
    shared = len(a.families & b.families)
    return shared > 0 and shared == len(a.families) == len(b.families)


def _books(a: Evidence, b: Evidence) -> bool:
    """Two printings of one book, years apart: possible at most (`apart` says why)."""
    return a.title == b.title and a.strong_kind == b.strong_kind == "book"


def years_compatible(a: Evidence, b: Evidence) -> bool:
    """A year apart at most, or an early version up to PREPRINT_LEAD years before a
    published one, never after it."""
    if a.year is None or b.year is None or abs(a.year - b.year) <= 1:
        return True
    if abs(a.year - b.year) > PREPRINT_LEAD:
        return False  # the common case in a long list: decided before any venue is read
    if b.year in a.venue.years or a.year in b.venue.years:
        return True  # Semantic Scholar's year is the arXiv's: "2016 IEEE Conference..." says 2016
    early, late = (a, b) if a.year < b.year else (b, a)
    return early.early and not late.early


def apart(a: Evidence, b: Evidence) -> str:
    """Why two entries of the same title are only a *possible* pair ("" when they are one)."""
    if a.seminar != b.seminar:
        return "a Dagstuhl seminar item and a paper"
    if a.isbns and b.isbns and not a.isbns & b.isbns:
        return "different ISBNs"
    if a.early or b.early:
        return ""
    differing = series_differ(a, b)
    if differing and not _sure_slip(a, b, differing):
        return f"{differing[0]} (a slip in one record?)"
    if _online_first(a, b):
        return ""  # its pages count from 1 and its year is the online one
    return _published_differ(a, b) or ("" if a.aggregated or b.aggregated else _other_pages(a, b))


def _published_differ(a: Evidence, b: Evidence) -> str:
    """Two published records of one title that may be two versions: two kinds of
    publication, two venues, two years."""
    if (a.whole and b.item.entry_type in PART_TYPES) or (
        b.whole and a.item.entry_type in PART_TYPES
    ):
        return "a book and a part of one"  # a chapter carries its book's title and ISBN
    kinds = {PAPER_KINDS.get(item.kind, item.kind) for item in (a, b)}
    if len(kinds) == 2 and kinds <= PUBLISHED_KINDS:
        return f"a {' and a '.join(sorted(kinds))}"
    if a.aggregated or b.aggregated:
        return _published_apart(a, b)  # an aggregator's venue and pages are often another copy's
    if _same_place(a, b) or _online_first(a, b):
        return ""  # a journal renamed or abbreviated; an article online before its issue
    return venues_differ(a, b) or _published_apart(a, b, one_venue=True)


def _online_first(a: Evidence, b: Evidence) -> bool:
    """A journal article online a year before its issue: the same journal, one record
    without the volume the other gives (Paré et al., 2023 online, 2024 in volume 33)."""
    volume = 2  # place in Evidence.series
    if a.year is None or b.year is None or abs(a.year - b.year) != 1:
        return False
    if bool(a.series[volume]) == bool(b.series[volume]) or "journal" not in (a.kind, b.kind):
        return False
    return a.kind == b.kind and bool(a.venue and b.venue) and same_venue(a.venue, b.venue)


def _same_place(a: Evidence, b: Evidence) -> bool:
    """The same year, volume and first page (and issue, when both give one)."""
    volume, number = (2, 0)  # places in Evidence.series
    return (
        a.year is not None
        and a.year == b.year
        and bool(a.first_page)
        and a.first_page == b.first_page
        and bool(a.series[volume])
        and a.series[volume] == b.series[volume]
        and (not (a.series[number] and b.series[number]) or a.series[number] == b.series[number])
    )


def venues_differ(a: Evidence, b: Evidence) -> str:
    """Two published versions at two venues: the AGU and the NIGS meeting, a workshop and a
    conference, two publishers of a book. An entry type alone (Google Scholar's @article
    for a NeurIPS paper) says nothing."""
    if a.strong_kind and b.strong_kind and a.strong_kind != b.strong_kind:
        return f"a {a.strong_kind} and a {b.strong_kind}"
    for minor, full in ((a, b), (b, a)):
        # "CHI Extended Abstracts" beside the CHI proceedings; but a bare "ACL" or "ZEUS"
        # beside "ACL 2017, System Demonstrations" is the user's abbreviation, not another venue.
        if (
            minor.strong_kind in MINOR_KINDS
            and not full.strong_kind
            and len(full.venue.tokens) >= 2
        ):
            return f"a {minor.strong_kind} and a full paper"
    if a.venue and b.venue and not same_venue(a.venue, b.venue):
        return f"venues differ ({a.venue.name[:40]!r}, {b.venue.name[:40]!r})"
    return ""


def _published_apart(a: Evidence, b: Evidence, one_venue: bool = False) -> str:
    """Two published versions in two years: the usual conference-then-journal pattern."""
    if a.year is None or b.year is None or a.year == b.year:
        return ""
    if b.year in a.venue.years or a.year in b.venue.years:
        return ""  # one record's year is another version's; its venue names the other year
    if one_venue and _year_slip(a, b):
        return ""
    return f"published {a.year} and {b.year}"


def _year_slip(a: Evidence, b: Evidence) -> bool:
    """One paper filed a year off at its own venue: AAAI-18, held in February 2018, listed
    under 2017; an article's online year beside its issue's. Two works at one venue in
    consecutive years under one distinctive title by one team do not happen, except
    recurring items ("Overview of the ... Track", a yearly tutorial), which stay possible.
    Papers only: beebe's bibliographies list a manual's, a report's and a book's yearly
    editions under one title (3DLDF manual 2003 and 2004, a Lout report 1991 and 1992)."""
    if abs(a.year - b.year) != 1 or a.kind != b.kind or a.kind not in SLIP_KINDS:  # type: ignore[operator]
        return False  # a book, a manual or a report a year later is its next edition
    if len(a.words) < SLIP_TITLE_WORDS or a.words[0] in RECURRING_TITLE_WORDS:
        return False
    return _same_authors(a, b)


def _other_pages(a: Evidence, b: Evidence) -> str:
    first, second = a.first_page, b.first_page
    if not (first and second) or first == second:
        return ""
    if first.isdigit() and second.isdigit() and abs(int(first) - int(second)) <= PAGE_SLACK:
        return ""
    return f"pages {first} and {second}"


def doi_versions(first: str, second: str) -> bool:
    """Two DOIs of versions of one work: the same DOI but for a version suffix."""
    if ".pub" not in first + second and ".v" not in first + second:
        return False  # nearly every pair of DOIs
    stems = [DOI_VERSION.sub("", doi) for doi in (first, second)]
    return stems[0] == stems[1] and (first != stems[0] or second != stems[1])


def veto(a: Evidence, b: Evidence) -> str:
    """Why two entries may never share an *automatic* cluster ("" when they may).

    Different DOIs, arXiv ids or ISBNs; a seminar item and a paper; two published
    versions in two series, at two venues or years apart. A preprint meets none of the
    venue checks: it may join one published version, and the strongest edge decides which.
    """
    if a.doi and b.doi:
        return "" if a.doi == b.doi else "different DOIs"  # one DOI outweighs venue spellings
    if a.arxiv and b.arxiv and a.arxiv != b.arxiv:
        return "different arXiv ids"
    if a.isbns and b.isbns and not a.isbns & b.isbns:
        return "different ISBNs"
    if a.seminar != b.seminar:
        return "a seminar item and a paper"
    if a.early or b.early:
        return ""
    if a.venue_type and b.venue_type and a.venue_type != b.venue_type:
        return "different stored venue types"
    differing = series_differ(a, b)
    if differing and not _sure_slip(a, b, differing):
        return differing[0]
    return _published_differ(a, b)

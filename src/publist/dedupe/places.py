"""Where an entry appeared, as dedupe compares it: a venue's name, its significant words,
its acronyms and initials, and the years it names.

Two copies of one paper name its venue in many ways ("ICLR", "International Conference on
Learning Representations", "Proc. 2016 IEEE Conf. on Computer Vision and Pattern
Recognition (CVPR)"); two venues that merely share words ("AGU Fall Meeting" and "NIGS
meeting") are two venues. Names decide here, never entry types.
"""

from __future__ import annotations

from dataclasses import dataclass

from publist.dedupe.titles import fold_text
from publist.model import Publication
from publist.patterns import compile_on_use

# Two venue names agree when this share of the shorter one's significant words is in the
# other (a word or its abbreviation: "Comput." for "Computing").
VENUE_AGREEMENT = 0.8
ABBREVIATION_MINIMUM = 3  # letters: "rev" for "review", never "j" for anything
# Words that say what kind of publication a name is, not which one.
VENUE_STOP_WORDS = frozenset(
    "a an and the of for in on to with by from at as proceedings proc conference conf "
    "international intl int annual annu symposium symp journal j transactions trans letters lett "
    "meeting"
    " workshop workshops part vol volume series lecture notes th st nd rd edition ed eds joint "
    "first second third fourth fifth sixth seventh eighth ninth tenth advances revised selected "
    "papers abstracts jan feb mar apr may jun jul aug sep sept oct nov dec january february "
    "march april june july august september october november december usa".split()
)
# Capitalised words that name a society or a series, not the venue.
ACRONYM_NOISE = frozenset(
    {"IEEE", "ACM", "SIAM", "IARCS", "USA", "SIG", "LNCS", "LIPICS", "CEUR", "IFIP",
     "CVF", "USENIX", "ISBN", "PMLR", "SPIE"}
)  # fmt: skip
VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "eventtitle", "howpublished", "series",
                "school", "institution", "publisher")  # fmt: skip
# A book's or a report's venue is its publisher or institution; its series is not the venue.
PUBLISHERS = ("publisher", "institution", "school")
PUBLISHER_FIRST = (*PUBLISHERS, *VENUE_FIELDS)
JOURNAL_FIRST = ("journal", "journaltitle", *VENUE_FIELDS)
PUBLISHED_BY = frozenset(
    {"book", "mvbook", "techreport", "report", "phdthesis", "mastersthesis", "thesis"}
)
# Left out of a name's initials, as acronyms leave them out ("Conference on" -> "C").
INITIALS_STOP_WORDS = frozenset("a an and the of for in on to with by from at as".split())
NUMBER = compile_on_use(r"\d+(?:st|nd|rd|th)?")  # "2016", "34th"
YEAR = compile_on_use(r"\b(1[89]\d\d|20\d\d)\b")
ACRONYM = compile_on_use(r"[A-Za-z][A-Za-z0-9]*")


@dataclass(frozen=True)
class Venue:
    """A venue or publisher as dedupe compares it."""

    name: str  # as written, decoded
    role: str  # "container" (journal, booktitle, series) or "publisher" (or institution)
    tokens: frozenset[str]  # significant folded words, no years or ordinals
    acronyms: frozenset[str]  # capitalised words: "CCC", "ZEUS", "NeurIPS" -> "NEURIPS"
    initials: str  # "International Conference on Learning Representations" -> "ICLR"
    core_initials: str  # of the significant words: "String Processing and ..." -> "SPIR"
    years: frozenset[int]  # "2016 IEEE Conference on ..." -> {2016}
    stream: str = ""  # DBLP's name of the series, from its key: conf/zeus/... -> "ZEUS"

    def __bool__(self) -> bool:
        return bool(self.tokens)


def venue_of(item: Publication, dblp: str | None = None) -> Venue:
    """The venue of an entry; `dblp`, its DBLP key, names the series as DBLP files it."""
    field = venue_field(item)
    name = item.get(field) if field else ""
    words = [word for word in fold_text(name).split() if not NUMBER.fullmatch(word)]
    significant = [word for word in words if word not in VENUE_STOP_WORDS]
    raw = name.replace("{", "").replace("}", "")
    acronyms = frozenset(
        word.upper()
        for word in ACRONYM.findall(raw)
        if len(word) >= 3 and sum(char.isupper() for char in word) >= 2
        if word.upper() not in ACRONYM_NOISE
    )
    return Venue(
        name=name,
        role="publisher" if field in PUBLISHERS else "container",
        tokens=frozenset(significant),
        acronyms=acronyms,
        initials="".join(word[0] for word in words if word not in INITIALS_STOP_WORDS).upper(),
        core_initials="".join(word[0] for word in significant).upper(),
        years=frozenset(int(year) for year in YEAR.findall(name)),
        stream=_stream(dblp),
    )


def _stream(dblp: str | None) -> str:
    """conf/zeus/SimonDDK19 -> "ZEUS"; "" for CoRR, which is an archive, not a venue."""
    parts = (dblp or "").split("/")
    if len(parts) != 3 or parts[0] not in ("conf", "journals") or len(parts[1]) < 3:
        return ""
    return "" if parts[1] == "corr" else parts[1].upper()


def venue_field(item: Publication) -> str:
    """The field that names where the entry appeared, as its entry type reads it: an
    @article's journal (Semantic Scholar adds a reprint's booktitle), a book's publisher."""
    names: tuple[str, ...]
    if item.entry_type in PUBLISHED_BY:
        names = PUBLISHER_FIRST
    elif item.entry_type == "article":
        names = JOURNAL_FIRST
    else:
        names = VENUE_FIELDS
    present = item.latex_fields
    return next((name for name in names if name in present and item.get(name)), "")


def same_venue(first: Venue, second: Venue) -> bool:
    """One venue, named two ways (or not comparable): a shared acronym, an acronym that is
    the other's initials ("ICLR"; "SPIRE" for "String Processing and Information
    Retrieval"), or most significant words in common."""
    if first.role != second.role:
        return True  # a book's title beside its publisher: nothing to compare
    if first.acronyms & second.acronyms:
        return True
    for named, other in ((first, second), (second, first)):
        if named.stream and named.stream in (*other.acronyms, other.initials):
            return True  # a hand-written "ZEUS" beside DBLP's "Proceedings of the 11th ..."
    for acronyms, other in ((first.acronyms, second), (second.acronyms, first)):
        for acronym in acronyms:
            if acronym in other.initials:
                return True  # "ICML" in "Proceedings of the 34th International Conference on..."
            if len(other.core_initials) >= 4 and acronym.startswith(other.core_initials):
                return True  # "SPIRE" for "String Processing and Information Retrieval"
    return _words_agree(first.tokens, second.tokens)


def _words_agree(first: frozenset[str], second: frozenset[str]) -> bool:
    """Most of the shorter name's words in the longer one, a word or its abbreviation
    ("Theor. Comput. Sci." is not "ACM Trans. Comput. Theory": one word of three differs)."""
    small, large = sorted((first, second), key=len)
    matched = sum(1 for word in small if any(_same_word(word, other) for other in large))
    return matched >= VENUE_AGREEMENT * len(small)


def _same_word(first: str, second: str) -> bool:
    if first == second:
        return True
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= ABBREVIATION_MINIMUM and longer.startswith(shorter)

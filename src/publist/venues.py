"""Venue-type classification: an ordered table of rules, the first match wins.

The evidence goes from the most to the least specific: entry types that are certain
(@patent, @phdthesis), what the entry says of itself (`what = {Workshop Proposal}`,
`addendum = {Demo Paper}`, a title "Demo: ...", "under review"), the venue's text, and only
then the entry type (Google Scholar files a NeurIPS paper as @article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache

from publist import storage
from publist.kinds import VenueType
from publist.model import Publication
from publist.patterns import compile_on_use
from publist.venue_words import (
    ACRONYMS,
    CONFERENCE_NAMES,
    JOURNALS_NAMED_PROCEEDINGS,
    NOT_PAPERS,
    POSTERS,
    PREPRINT_SERVERS,
    PROCEEDINGS_SERIES,
    WORKSHOPS,
)


class Reads(StrEnum):
    """What text a rule reads."""

    ENTRY = "entry"  # the entry type alone (and `when`)
    KIND = "kind"  # what, addendum, pubstate, type, entrysubtype: short values only
    TITLE = "title"  # the title's prefix before ':' ("Demo:", "Poster:")
    STATUS = "status"  # note, pubstate, addendum, journal, howpublished, type
    VENUE = "venue"  # the venue fields (an @article: its journal), see venue_parts
    JOURNAL = "journal"  # journal and journaltitle only
    ABBR = "abbr"  # al-folio's short venue name, when nothing above decided


@dataclass(frozen=True)
class Rule:
    """One way of telling a venue type from an entry's fields."""

    name: str
    kind: VenueType
    reads: Reads
    explanation: str
    pattern: str = ""
    hints: tuple[str, ...] = ()  # words the pattern cannot match without (see _says)
    types: tuple[str, ...] = ()  # entry types the rule applies to; () for all
    case: bool = False  # a case-sensitive pattern (WS@CONF)
    when: str = ""  # the name of an extra test in TESTS
    words: frozenset[str] = frozenset()  # or: one of these words, as written (acronyms)

    @cached_property
    def compiled(self) -> re.Pattern:
        """Compiled when first searched: compiling all rules costs 12 ms of every start-up,
        and a warm run classifies nothing (the memo has every entry's venue type)."""
        return re.compile(self.pattern, 0 if self.case else re.IGNORECASE)

    def says(self, text: str, present: frozenset[str] | None = None) -> bool:
        """The pattern on one text; it runs only when one of its hints is in the text
        (`present`: the hints of all rules the text holds): most venues mention none, and
        a search costs."""
        if not text:
            return False
        if self.words:
            return not self.words.isdisjoint(_WORD.findall(text))
        if self.hints:
            if present is None:
                present = hints_in(text)
            if present.isdisjoint(self.hints):
                return False
        return self.compiled.search(text) is not None


_WORD = compile_on_use(r"[A-Za-z]+")


def _mentions(text: str, hints: tuple[str, ...]) -> bool:
    folded = text.casefold()  # as IGNORECASE matches: 'ſ' is an s, 'K' (Kelvin) a k
    return any(hint in folded for hint in hints)


def hints_in(text: str) -> frozenset[str]:
    """The hints of all rules that a text holds: looked for once, not once per rule."""
    folded = text.casefold()
    return frozenset(hint for hint in ALL_HINTS if hint in folded)


# --- the texts a rule reads ---

PRIMARY_VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "eventtitle", "howpublished")
VENUE_FIELDS = (*PRIMARY_VENUE_FIELDS, "series", "venue")
FALLBACK_VENUE_FIELDS = ("note", "organization", "institution", "publisher")
KIND_FIELDS = ("what", "addendum", "pubstate", "type", "entrysubtype")
STATUS_FIELDS = ("note", "pubstate", "addendum", "journal", "howpublished", "type")
ARTICLE_TYPES = ("article", "periodical")
PROCEEDINGS_TYPES = ("inproceedings", "conference", "incollection", "inbook")
UNPUBLISHED_TYPES = ("misc", "unpublished", "online", "techreport", "report", "preprint")
KIND_WORDS = 5  # longer values of the kind fields are prose ("Extended version on arXiv")


def venue_parts(publication: Publication) -> list[str]:
    """The texts that name the venue, presentation formats cut off ("ICLR 2019 (Poster)").

    An @article's journal decides alone: a booktitle beside it names the conference of a
    special issue. A note, organization or publisher counts only when nothing else names
    the venue: a paper's note often says "extended version on arXiv".
    """
    present = publication.latex_fields  # looked up first: most entries have few of these
    names: tuple[str, ...] = VENUE_FIELDS
    if publication.entry_type in ARTICLE_TYPES and any(
        publication.get(name) for name in ("journal", "journaltitle") if name in present
    ):
        names = ("journal", "journaltitle")
    parts = [_without_format(text) for name in names if name in present
             if (text := publication.get(name).strip())]  # fmt: skip
    if not any(publication.get(name) for name in PRIMARY_VENUE_FIELDS if name in present):
        parts += [text for name in FALLBACK_VENUE_FIELDS if name in present
                  if (text := publication.get(name).strip())]  # fmt: skip
    return parts


def _texts(publication: Publication, venue: list[str]) -> list[tuple[Reads, str]]:
    """Every text the rules read, with what it is."""
    fields = publication.latex_fields
    found = [(_VENUE, text) for text in venue]
    names = _READ_FIELDS.intersection(fields)  # most entries have none of these
    for name in names:
        text = publication.get(name)
        if name in KIND_FIELDS and 0 < len(text.split()) <= KIND_WORDS:
            found.append((_KIND, text))
        if name in STATUS_FIELDS:
            found.append((Reads.STATUS, text))
        if name in ("journal", "journaltitle"):
            found.append((_JOURNAL, text))
        if name == "abbr":
            found.append((Reads.ABBR, text))
    head, colon, _ = publication.title.partition(":")
    if colon and len(head.split()) <= 3:
        found.append((Reads.TITLE, head + ":"))
    return found


# Module names: on Python 3.11 a member read off its Enum class costs 0.19 us (see pieces).
_VENUE, _KIND, _JOURNAL = Reads.VENUE, Reads.KIND, Reads.JOURNAL


_READ_FIELDS = frozenset((*KIND_FIELDS, *STATUS_FIELDS, "journal", "journaltitle", "abbr"))


# "presented (as a demo paper) at EKAW 2024": the venue named after it decides.
_PRESENTED = re.compile(
    r"\b(?:presented|accepted|published|to appear|appeared)\s+(?:as\s+(?P<as>[^,;]*?)\s+)?"
    r"(?:at|in)\s+(?P<at>\S.*)$",
    re.IGNORECASE,
)
# Presentation formats of a conference paper, not kinds of paper: "NeurIPS 2020 (Spotlight)".
_FORMAT = re.compile(
    r"\s*[(\[]\s*(?:oral|spotlight|poster|highlight|contributed talk)(?: presentation)?\s*[)\]]\s*$"
    r"|\s*[,;\-–]\s*(?:oral|spotlight|highlight)(?: presentation)?\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 14)  # a library names the same venues again and again (10k: 1.2k)
def _without_format(text: str) -> str:
    cut = _FORMAT.sub("", text)
    if cut != text and any(
        rule_named(name).says(cut) for name in ("conference-acronym", "conference-venue")
    ):
        return cut
    return text


# --- extra tests some rules need ---


def _other_book(publication: Publication) -> bool:
    """A @book whose booktitle names another book than its title: a chapter filed as @book."""
    book, title = _letters(publication.get("booktitle")), _letters(publication.title)
    return bool(book and title and not book.startswith(title) and not title.startswith(book))


def _letters(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _arxiv_id(publication: Publication) -> bool:
    """An arXiv id: an eprint (of arXiv or no archive), al-folio's arxiv, an arxiv.org url."""
    archive = (publication.get("archiveprefix") or publication.get("eprinttype")).lower()
    if publication.get("eprint") and archive in ("", "arxiv"):
        return True
    return bool(publication.get("arxiv")) or storage.arxiv_of(publication) is not None


TESTS = {
    "book": lambda publication: (
        publication.entry_type == "proceedings" or not _other_book(publication)
    ),
    "corr-volume": lambda publication: publication.get("volume").lower().startswith("abs/"),
    "arxiv-id": _arxiv_id,
    "eprint": lambda publication: bool(
        publication.get("eprint") or publication.get("archiveprefix")
    ),
    "journal-field": lambda publication: bool(
        publication.get("journal") or publication.get("journaltitle")
    ),
    "booktitle": lambda publication: bool(publication.get("booktitle")),
    "not-proceedings": lambda publication: publication.entry_type not in PROCEEDINGS_TYPES,
}


R, K, T = Rule, VenueType, Reads
# The table, in order; the first rule that matches wins. README's rule table follows it.
RULES: tuple[Rule, ...] = (
    R("patent-type", K.PATENT, T.ENTRY, "@patent", types=("patent",)),
    R("thesis-type", K.THESIS, T.ENTRY, "@phdthesis, @mastersthesis, @thesis",
      types=("phdthesis", "mastersthesis", "thesis")),
    R("talk-type", K.TALK, T.ENTRY, "@talk, @presentation", types=("talk", "presentation")),
    R("book-type", K.BOOK, T.ENTRY, "@proceedings; @book, @mvbook (unless its booktitle "
      "names another book: a chapter)", types=("book", "mvbook", "proceedings"), when="book"),
    # What the entry says it is: what, addendum, pubstate, type (a few words).
    R("kind-workshop", K.WORKSHOP, T.KIND, "Workshop (Proposal, Paper)", r"\bworkshops?\b",
      ("workshop",)),
    R("kind-demo", K.DEMO, T.KIND, "Demo, Demonstration", r"\bdemos?\b|\bdemonstrations?\b",
      ("demo",)),
    R("kind-poster", K.POSTER, T.KIND, "Poster, Extended Abstract, Late-Breaking, Work in "
      "Progress, Student Abstract, Adjunct", POSTERS,
      ("poster", "extended", "late", "progress", "wip", "abstract", "adjunct")),
    R("kind-talk", K.TALK, T.KIND, "(Invited) Talk, Keynote, Presentation, Panel",
      r"\btalks?\b|\bkeynote\b|\bpresentation\b|\bpanel\b", ("talk", "keynote", "presentation", "panel")),
    R("kind-other", K.OTHER, T.KIND, "Doctoral Consortium, Tutorial, Abstract, Performance, "
      "Art, Dataset, Software", NOT_PAPERS + r"|\babstracts?\b|\bperformance\b"
      r"|\bart(work)?s?\b|\bdataset\b|\bsoftware\b",
      ("doctoral", "phd", "tutorial", "abstract", "performance", "art", "dataset", "software")),
    R("kind-preprint", K.PREPRINT, T.KIND, "Preprint, Working Paper, SSRN",
      r"\bpreprint\b|\bworking paper\b|\bdiscussion paper\b|\bssrn\b",
      ("preprint", "working", "discussion", "ssrn")),
    R("kind-journal", K.JOURNAL, T.KIND, "Journal Article", r"\bjournal (article|paper)\b",
      ("journal",)),
    R("kind-chapter", K.CHAPTER, T.KIND, "(Book) Chapter", r"\bchapter\b", ("chapter",)),
    R("kind-thesis", K.THESIS, T.KIND, "PhD, MSc, Master's Thesis; Dissertation",
      r"\bthesis\b|\bdissertation\b", ("thesis", "dissertation")),
    # A title that says what it is: "Demo: ...", "Poster: ...", "Invited talk: ...".
    R("title-demo", K.DEMO, T.TITLE, "Demo:", r"^\s*(demo|demonstration)\s*:", ("demo",)),
    R("title-poster", K.POSTER, T.TITLE, "Poster:, Extended abstract:",
      r"^\s*(poster|extended abstract|late[- ]breaking (work|results?))\s*:",
      ("poster", "extended", "late")),
    R("title-talk", K.TALK, T.TITLE, "Invited talk:, Keynote:, Talk:",
      r"^\s*((invited )?talk|keynote)\s*:", ("talk", "keynote")),
    R("title-tutorial", K.OTHER, T.TITLE, "Tutorial:", r"^\s*tutorial\s*:", ("tutorial",)),
    R("status-review", K.PREPRINT, T.STATUS, "under review, submitted, in preparation, "
      "manuscript (not followed by accepted or published)",
      r"^\W*((currently )?(in|under) (review|revision|submission|consideration)|submitted\b"
      r"|in ?preparation|(unpublished |draft )?manuscript\b|working paper\b)"
      r"(?!.*\b(accepted|published|in press|appeared)\b)",
      ("review", "revision", "submi", "consideration", "preparation", "manuscript", "working")),
    # The venue's text.
    R("preprint-venue", K.PREPRINT, T.VENUE, "arXiv, CoRR, bioRxiv, medRxiv, SSRN, ECCC, "
      "'ePrint Arch.', 'preprint'", PREPRINT_SERVERS,
      ("arxiv", "corr", "rxiv", "ssrn", "preprint", "square", "eprint", "colloquium", "eccc")),
    R("corr-volume", K.PREPRINT, T.ENTRY, "DBLP's CoRR volume (abs/...)", when="corr-volume"),
    R("meeting-abstract", K.OTHER, T.VENUE, "General Assembly, Fall Meeting, Branch Meeting, "
      "Conference Abstracts, Book of Abstracts",
      r"general assembly|\bfall meeting\b|\bbranch meeting\b|\bmeeting abstracts?\b"
      r"|\bconference abstracts?\b|\bbook of abstracts\b|\babstracts? (book|volume)\b"
      r"|\bsociety\)? meeting\b|\bscientific meeting\b", ("assembly", "meeting", "abstract")),
    R("talk-venue", K.TALK, T.VENUE, "Invited talk, Keynote, Talk(s), 'presentation at', Webinar",
      r"\btalks?\b|\bkeynote\b|\bpresentation\s+(at|in|to|for)\b|\bwebinar\b",
      ("talk", "keynote", "presentation", "webinar")),
    R("demo-venue", K.DEMO, T.VENUE, "Demo(s), Demonstration(s)", r"\bdemos?\b|\bdemonstrations?\b",
      ("demo",)),
    R("poster-venue", K.POSTER, T.VENUE, "Poster(s), Extended Abstract(s), Late-Breaking, Work "
      "in Progress, Student Abstract, Adjunct", POSTERS + r"|\bLBW\b|\bCHI EA\b",
      ("poster", "extended", "late", "progress", "wip", "abstract", "adjunct", "lbw", "chi ea")),
    R("not-paper-venue", K.OTHER, T.VENUE, "Doctoral Consortium or Symposium, Tutorial(s)",
      NOT_PAPERS, ("doctoral", "phd", "tutorial")),
    R("workshop-venue", K.WORKSHOP, T.VENUE, "Workshop(s), Wkshp(s), Studio, 'Hot Topics in', a "
      "Hot* series (HotOS, HotNets...), 'Systems for ML'", WORKSHOPS,
      ("workshop", "wkshp", "hot", "studio", "systems for", "ws")),
    R("workshop-at", K.WORKSHOP, T.VENUE, "DBLP's WS@CONF (IWGS@SIGSPATIAL)",
      r"\b[A-Z][\w\-]*@[A-Z][A-Za-z\-]*\b(?![.@\w])", ("@",), case=True),
    R("proceedings-journal", K.CONFERENCE, T.VENUE, "proceedings published as a journal or a "
      "series: PVLDB, PACM, Procedia, NeurIPS (Advances in...), PMLR, LIPIcs, LNCS, SPIE, "
      "Findings of ACL", PROCEEDINGS_SERIES,
      ("vldb", "acm", "pomacs", "procedia", "neural", "machine learning research", "pmlr",
       "lipics", "leibniz", "lecture notes", "lncs", "lnai", "series", "w&cp", "workshop and",
       "advances in", "communications in", "ifip", "spie", "ifac", "findings")),
    R("journal-named-proceedings", K.JOURNAL, T.VENUE, "journals called Proceedings: PNAS, "
      "Proc. IEEE, Proc. Royal Society, Proceedings of the ... Society", JOURNALS_NAMED_PROCEEDINGS,
      ("pnas", "proc", "transactions"), when="not-proceedings"),
    R("journal-venue", K.JOURNAL, T.VENUE, "Journal, Transactions, Letters, Magazine, Review "
      "(for @inproceedings only in its journal field)",
      r"\bjournal\b|\btransactions\b|\bletters\b|\bmagazine\b|\b(annual )?reviews?\b(?! (track|session))",
      ("journal", "transactions", "letters", "magazine", "review"), when="not-proceedings"),
    R("journal-field", K.JOURNAL, T.JOURNAL, "a journal field that says Journal, Transactions...",
      r"\bjournal\b|\btransactions\b|\bletters\b|\bmagazine\b", ("journal", "transactions",
      "letters", "magazine")),
    R("conference-acronym", K.CONFERENCE, T.VENUE, "a conference's acronym (NeurIPS, CVPR, CHI, "
      "SIGMOD, ICDE...)", words=ACRONYMS),
    R("conference-venue", K.CONFERENCE, T.VENUE, "Conference, Symposium, Proceedings, Congress, "
      "Annual Meeting, Colloquium, or a conference's full name", r"\bconference\b|\bconf\b|symposi"
      r"|\bproceedings\b|\bproc\b|\bcongress\b|\bsummit\b|\bconvention\b|tagung|konferenz"
      r"|\bcongr[eè]s\b|\bannual meeting\b|\bcolloquium\b|\bsatellite events\b|" + CONFERENCE_NAMES,
      ("conf", "symposi", "proc", "congr", "summit", "convention", "tagung", "konferenz", "meeting",
       "colloquium", "satellite", "neural", "machine", "learning", "vision", "linguistics",
       "language", "human factors", "interface", "discovery", "web", "data", "string", "pattern",
       "molecular", "verification", "medical", "cryptology", "–", "—")),
    R("journal-abbreviation", K.JOURNAL, T.JOURNAL, "J., Trans., Lett., Annals, Bulletin, "
      "Nature, Science, PLoS, Cell, Frontiers in, Physical Review, Acta",
      r"\bj\.|\btrans\.|\blett\.|\bannals\b|\bbulletin\b|\bquarterly\b|\bnature\b|\bscience\b"
      r"|\bplos\b|\bcell\b|\belife\b|\bfrontiers in\b|\bphysical review\b|\bacta\b"),
    # Nothing in the venue's text decided.
    R("abbr-kind", K.CHAPTER, T.ABBR, "al-folio's abbr says Chapter", r"\bchapter\b", ("chapter",)),
    R("abbr-acronym", K.CONFERENCE, T.ABBR, "al-folio's abbr is a conference's acronym",
      words=ACRONYMS, types=("inproceedings", "conference", "incollection", "inbook", "misc")),
    R("venue-is-institution", K.OTHER, T.VENUE, "@inproceedings whose booktitle is an "
      "institution (no event: an abstract or a talk)", r"\b(institute|institut|university"
      r"|universit[äa]t|universit[ée]|laborator(y|ies)|department|school of)\b",
      types=("inproceedings", "conference"), when="booktitle"),
    R("preprint-eprint", K.PREPRINT, T.ENTRY, "@misc, @unpublished, @online with an eprint",
      types=UNPUBLISHED_TYPES[:3], when="eprint"),
    R("preprint-arxiv", K.PREPRINT, T.ENTRY, "@misc, @unpublished, @techreport... with an arXiv id",
      types=UNPUBLISHED_TYPES, when="arxiv-id"),
    R("misc-journal", K.JOURNAL, T.ENTRY, "@misc, @unpublished... with a journal field",
      types=UNPUBLISHED_TYPES, when="journal-field"),
    R("article-type", K.JOURNAL, T.ENTRY, "@article otherwise", types=ARTICLE_TYPES),
    R("inproceedings-type", K.CONFERENCE, T.ENTRY, "@inproceedings otherwise",
      types=("inproceedings", "conference")),
    R("chapter-type", K.CHAPTER, T.ENTRY, "@incollection, @inbook, and a @book inside another "
      "book", types=("incollection", "inbook", "book", "mvbook")),
)  # fmt: skip
_BY_NAME = {rule.name: rule for rule in RULES}
ALL_HINTS = tuple(sorted({hint for rule in RULES for hint in rule.hints}))


def rule_named(name: str) -> Rule:
    return _BY_NAME[name]


def classify(publication: Publication) -> tuple[VenueType, str]:
    """The venue type a publication's fields suggest, and the rule that said so."""
    venue = venue_parts(publication)
    presented = _PRESENTED.search(venue[0]) if venue else None
    if presented:  # "arXiv preprint ..., presented as a demo paper at EKAW 2024"
        said = presented.group("as") or ""
        found = _first(publication, [presented.group("at")], said, UNDECIDED)
        if found:
            return found
    return _first(publication, venue) or (VenueType.OTHER, "fallback")


UNDECIDED = RULES.index(_BY_NAME["abbr-kind"])  # the rules from here on: the venue said nothing


def _first(
    publication: Publication, venue: list[str], said: str = "", until: int = len(RULES)
) -> tuple[VenueType, str] | None:
    """The first rule (of the first `until`) that matches. The texts are read once and each
    distinct text is judged once; then only the few rules that can still match are tried."""
    entry_type = publication.entry_type
    told = _verdict(_KIND, said) if said else frozenset()
    candidates = set(told) | set(_entry_rules(entry_type))
    for reads, text in _texts(publication, venue):
        candidates |= _verdict(reads, text)
    for index in sorted(candidates):
        if index >= until:
            break
        rule = RULES[index]
        if rule.types and entry_type not in rule.types:
            continue
        if index not in told and rule.when and not TESTS[rule.when](publication):
            continue
        return rule.kind, rule.name
    return None


@lru_cache(maxsize=256)
def _entry_rules(entry_type: str) -> tuple[int, ...]:
    """The rules that read no text and apply to an entry type (their positions)."""
    return tuple(index for index, rule in enumerate(RULES) if rule.reads is Reads.ENTRY
                 if not rule.types or entry_type in rule.types)  # fmt: skip


@lru_cache(maxsize=1 << 16)  # a library names the same venues again and again
def _verdict(reads: Reads, text: str) -> frozenset[int]:
    """The rules reading `reads` whose pattern finds something in the text (positions)."""
    if not text:
        return frozenset()
    present = hints_in(text)
    return frozenset(index for index, rule in _READING[reads] if rule.says(text, present))


# The rules that read each kind of text, with their positions: a title's head (unique to
# its entry, so never a cache hit) is tried against its 4 rules, not all 45.
_READING = {reads: tuple((index, rule) for index, rule in enumerate(RULES) if rule.reads is reads)
            for reads in Reads}  # fmt: skip


STORED = "stored"  # the rule of a venue type the entry's keywords name


def classification(publication: Publication) -> tuple[VenueType, str]:
    """The stored venue type (`keywords = {conference, ...}`), else the classified one, and
    the rule that gave it: the classifier every command hands the publications it reads."""
    stored = storage.venue_type(publication)
    return (stored, STORED) if stored is not None else classify(publication)


def venue_type(publication: Publication) -> VenueType:
    """The stored venue type, else the classified one."""
    return classification(publication)[0]

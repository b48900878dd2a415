"""Finding and merging duplicate entries (pure functions: no I/O, no printing).

Finding climbs a ladder of evidence, strongest first: same DOI, same arXiv id,
same DBLP key, same normalised title with a shared author and close years, and
(only as a *possible* duplicate) a near-identical title. Candidates come from
blocks that share a key (identifier, title, title tokens), never from all
pairs, so a 100,000-entry library stays close to linear. Clusters are built by
union-find over the matching pairs, strongest first, so that pairs the user
declared distinct never end up in one cluster.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache

from publist import fields as storage
from publist import identifiers, model, venues
from publist.bibfile import LibraryFile, RawField, braced, house_order
from publist.errors import UsageProblem
from publist.model import Publication, evaluate
from publist.names import fold

# rapidfuzz ratio (0-100) at or above which two titles are *possible* duplicates.
# Measured on the labelled corpus (tests/test_dedupe_corpus.py): see FUZZY_THRESHOLD notes there.
FUZZY_THRESHOLD = 90.0
# The lower threshold for two entries of the same year whose author lists nearly agree
# (at least two and SAME_TEAM_SHARE of the longer list's family names shared): one word
# reworded in a title, as DBLP's copy of a paper sometimes has. Still only possible.
# Labelled corpus: no new false pair down to 60 (test_dedupe_corpus.py); the 32,443 entries
# of ../shared/corpus/bib: no new possible pair at 85 (before the word and number checks:
# 16, all biber fixtures titled "Title 1", "Title 2"...).
CLOSE_AUTHORS_THRESHOLD = 85.0
SAME_TEAM_SHARE = 0.75
SAME_TEAM_WORDS = 4  # shorter titles differ by a word when they are two works
# Blocks larger than this are not compared pair by pair: a shared key that common
# ("a survey of", "deep learning for") says little, and it would make the search quadratic.
MAX_BLOCK = 40
# Below this token-set similarity, two titles under one identifier are two papers.
UNRELATED_TITLES = 60.0
TITLE_KEY_TOKENS = 3

# Titles that many unrelated works share; never merged on the title alone.
GENERIC_TITLES = frozenset(
    re.sub(r"[^a-z0-9]", "", title)
    for title in (
        "editorial", "guest editorial", "editorial board", "editors note", "editor's note",
        "preface", "foreword", "introduction", "conclusion", "conclusions", "summary",
        "index", "author index", "subject index", "contents", "table of contents",
        "front matter", "back matter", "frontmatter", "backmatter", "title page",
        "errata", "erratum", "corrigendum", "correction", "corrections", "retraction",
        "acknowledgments", "acknowledgements", "reviewers", "list of reviewers",
        "in memoriam", "obituary", "book review", "book reviews", "letter to the editor",
        "letters", "abstracts", "keynote", "keynote address", "invited talk", "panel",
        "panel discussion", "announcements", "news", "message from the chairs",
        "message from the general chair", "welcome", "committees", "organizing committee",
        "program committee", "overview", "discussion", "reply", "response", "comment",
        "comments", "untitled", "no title", "appendix", "references", "bibliography",
    )
)  # fmt: skip
# Words left out of title block keys. Not normalize.STOP_WORDS (citation keys): that list
# also drops "does", "how", "we"..., which leaves short titles with one common word as
# their only key ("TeX does Windows" -> "tex"), and at 100,000 entries it lost an injected
# duplicate that this list finds.
STOP_WORDS = frozenset(
    "a an and the of for in on to with by from at as is are its via using towards toward "
    "into over under about based".split()
)
PUBLISHED_KINDS = frozenset(
    {"conference", "journal", "workshop", "demo", "poster", "book", "chapter", "thesis", "patent"}
)


class Rule(StrEnum):
    DOI = "doi"
    ARXIV = "arxiv"
    DBLP = "dblp"
    TITLE = "title"
    FUZZY = "fuzzy"


RULE_STRENGTH = {rule: rank for rank, rule in enumerate(Rule)}  # lower is stronger
RULE_SCORE = {Rule.DOI: 1.0, Rule.ARXIV: 1.0, Rule.DBLP: 1.0, Rule.TITLE: 0.95}


@dataclass(frozen=True)
class Match:
    """An existing entry that a new one duplicates."""

    key: str
    rule: str
    score: float
    automatic: bool


@dataclass(frozen=True)
class Cluster:
    """Entries that are one work; `keep` is the one a merge keeps."""

    keys: tuple[str, ...]
    keep: str
    rule: str  # doi | arxiv | dblp | title | fuzzy: the weakest evidence that joins them
    score: float
    automatic: bool


@dataclass(frozen=True)
class Evidence:
    """What one entry offers for comparison.

    Blocking needs only the identifiers and the title of every entry; the rest is
    worked out on first use, for the few entries that share a block with another
    (at 100,000 entries, building everything for every entry was most of the search).
    """

    key: str
    line: int
    doi: str | None
    arxiv: str | None
    dblp: str | None
    title: str  # normalised, no spaces: the exact-title block key
    words: tuple[str, ...]  # normalised title words
    item: Publication = field(compare=False, repr=False)

    @cached_property
    def families(self) -> frozenset[str]:
        return _names_of(self.item)[0]

    @cached_property
    def name_tokens(self) -> frozenset[str]:
        return _names_of(self.item)[1]

    @cached_property
    def year(self) -> int | None:
        return self.item.year

    @cached_property
    def series(self) -> tuple[str, ...]:
        """number, edition, volume, chapter ("" when absent)."""
        item = self.item
        return (
            _digits(item.get("number")),
            _digits(item.get("edition")),
            _digits(item.get("volume")),
            fold_text(item.get("chapter")),
        )

    @cached_property
    def first_page(self) -> str:
        return _first_page(self.item.get("pages"))

    @cached_property
    def preprint(self) -> bool:
        return is_preprint(self.item)

    @cached_property
    def venue_type(self) -> str:
        """Stored in keywords, "" when absent."""
        stored = storage.venue_type(self.item)
        return stored.value if stored else ""

    @cached_property
    def venue_kind(self) -> str:
        """Stored or classified."""
        return self.item.venue_type.value


# --- normalising ---


WORD_BREAK = re.compile(r"[\W_]+")


@lru_cache(maxsize=131072)
def fold_text(text: str) -> str:
    """Lower case, accents folded (names.fold, letter by letter), punctuation turned into spaces."""
    if not text.isascii():
        text = "".join(char if char.isascii() else _folded_char(char) for char in text)
    return " ".join(WORD_BREAK.sub(" ", text.lower()).split())


@lru_cache(maxsize=4096)
def _folded_char(char: str) -> str:
    """A letter as names.fold spells it ("ü" -> "u", "ł" -> "l", "™" -> "tm"); a lone accent
    vanishes with its letter's fold; any other sign separates words."""
    if unicodedata.combining(char):
        return ""
    folded = fold(char.lower())  # lower first: names.fold's ł/ø/đ chain sees only small letters
    return folded if any(letter.isalnum() for letter in folded) else " "


def title_words(title: str) -> tuple[str, ...]:
    return tuple(fold_text(title).split())


ACCENT = re.compile(
    r"\\[`'^\"~=.]\s*(?:\{\s*\\?([a-zA-Z])\s*\}|\\?([a-zA-Z]))"
    r"|\\[uvHckrdbt](?:\s*\{\s*\\?([a-zA-Z])\s*\}|\s+\\?([a-zA-Z]))"
)
COMMAND = re.compile(r"\\([a-zA-Z]+)\s*|\\(.)")
LETTERS = {"o": "o", "O": "O", "ss": "ss", "ae": "ae", "AE": "AE", "oe": "oe", "OE": "OE",
           "aa": "a", "AA": "A", "l": "l", "L": "L", "i": "i", "j": "j"}  # fmt: skip
FORMATTING = frozenset(
    "textit textbf emph textsc texttt textrm textsf textup textsl textnormal text mathrm mbox "
    "em bf it sc tt rm sf sl small large Large footnotesize protect relax ensuremath noopsort "
    "NoCaseChange url".split()
)


@lru_cache(maxsize=131072)
def plain_title(latex: str) -> str:
    """A title's LaTeX spelled out well enough to compare titles, without the slow decoder.

    Accents are folded anyway, so an accent command keeps only its letter; formatting
    commands vanish. Math goes through the full decoder (rare in titles).
    """
    if "$" in latex:
        from publist.model import latex_to_text

        return latex_to_text(latex)
    if "\\" not in latex:
        return latex.replace("{", "").replace("}", "").replace("~", " ")
    text = ACCENT.sub(lambda match: next(group for group in match.groups() if group), latex)
    text = COMMAND.sub(lambda match: _command_text(match.group(1), match.group(2)), text)
    return text.replace("{", "").replace("}", "").replace("~", " ")


def _command_text(name: str | None, symbol: str | None) -> str:
    if name is None:
        return " "  # \& \% \_ and the like: punctuation, dropped by the fold
    if name in LETTERS:
        return LETTERS[name]
    return "" if name in FORMATTING else name + " "


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d+", text))


def _first_page(text: str) -> str:
    match = re.match(r"\s*([A-Za-z]*\d+)", text)
    return match.group(1).lower() if match else ""


def is_preprint(item: Publication) -> bool:
    """An arXiv (or similar) preprint rather than a published version: venues' rule,
    except that an entry with a DOI of its own has been published."""
    stored = storage.venue_type(item)
    if stored is not None:
        return stored == storage.VenueType.PREPRINT
    if identifiers.doi_of(item):
        return False
    return venues.classify(item)[0] == storage.VenueType.PREPRINT


def evidence(item: Publication) -> Evidence:
    latex = item.latex_fields
    words = title_words(plain_title(latex.get("title", "")))
    return Evidence(
        key=item.key,
        line=item.line,
        doi=_doi(latex["doi"]) or identifiers.doi_of(item) if "doi" in latex else None,
        arxiv=identifiers.arxiv_of(item) if _may_name_arxiv(item) else None,
        dblp=identifiers.dblp_of(item) if _may_name_dblp(item) else None,
        title="".join(words),
        words=words,
        item=item,
    )


# A DOI written plainly (nearly all of them): no URL, no character LaTeX would decode
# (\ { } $ ~ % _ & ^ ` ' --), no escapes, no trailing dot.
PLAIN_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>\\{}$~%?#_&^`']+")


def _doi(latex: str) -> str | None:
    """identifiers.doi_of's answer for a plain DOI without its decoding and prefix stripping;
    None sends anything else to doi_of."""
    if not PLAIN_DOI.fullmatch(latex) or ".." in latex or "--" in latex or latex[-1] in ".-":
        return None
    value = latex.lower()
    return None if value.startswith(identifiers.ARXIV_DOI_PREFIX) else value


ARXIV_FIELDS = ("eprint", "doi", "volume", "journal", "journaltitle", "note", "howpublished", "url")


def _may_name_arxiv(item: Publication) -> bool:
    """Cheap test on the LaTeX: every place identifiers.arxiv_of looks at says arxiv, abs/ or eprint."""
    latex = item.latex_fields
    if "eprint" in latex:
        return True
    for name in ARXIV_FIELDS:
        value = latex.get(name)
        if value and (
            "arxiv" in value.lower().replace("{", "").replace("}", "") or "abs/" in value
        ):
            return True
    return False


def _may_name_dblp(item: Publication) -> bool:
    """identifiers.dblp_of reads these fields, or a key that has a slash."""
    latex = item.latex_fields
    return "/" in item.key or "dblp" in latex or "biburl" in latex or "bibsource" in latex


@lru_cache(maxsize=65536)
def _people_names(people: tuple[model.Person, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Folded family names, and every folded name token (for initials against full names)."""
    families = frozenset(
        name
        for name in (fold_text(p.von + " " + p.last).replace(" ", "") for p in people)
        if name and name != "others"
    )
    tokens = frozenset(
        token
        for person in people
        for token in fold_text(f"{person.first} {person.von} {person.last}").split()
        if len(token) > 1
    )
    return families, tokens | families


def _names_of(item: Publication) -> tuple[frozenset[str], frozenset[str]]:
    return _people_names(item.authors or _editors(item))


def _editors(item: Publication):
    from publist.model import split_people

    editor = item.latex_fields.get("editor")
    return split_people(editor) if editor else ()


# --- comparing two entries ---


def compare(a: Evidence, b: Evidence) -> Match | None:
    """The strongest rule by which b duplicates a, or None."""
    if a.doi and b.doi:
        if a.doi == b.doi:
            return _identified(a, b, Rule.DOI)
        return None  # two published versions with their own DOIs are two works
    for rule, first, second in (
        (Rule.ARXIV, a.arxiv, b.arxiv),
        (Rule.DBLP, a.dblp, b.dblp),
    ):
        if first and second and first == second:
            return _identified(a, b, rule)
    if a.arxiv and b.arxiv:
        return None  # two different preprints
    if not _same_work_possible(a, b):
        return None
    if a.title == b.title:
        if _other_kind_of_venue(a, b) or _published_apart(a, b) or _other_pages(a, b):
            # "Learning X" in a workshop and in a journal, or in two years, or on other
            # pages: often two works, but sources also disagree by a page; the user says.
            return Match(b.key, Rule.TITLE, 0.8, False)
        return Match(b.key, Rule.TITLE, RULE_SCORE[Rule.TITLE], True)
    score = fuzzy_score(a, b)
    if score >= FUZZY_THRESHOLD or (score >= CLOSE_AUTHORS_THRESHOLD and _same_team(a, b)):
        return Match(b.key, Rule.FUZZY, round(score / 100, 3), False)
    return None


def _same_team(a: Evidence, b: Evidence) -> bool:
    """The same year and nearly the same author list: a retitled copy of one paper, as
    DBLP's "Nimble: Lightweight and Parallel GPU Task Scheduling" beside the authors'
    "...Efficient GPU Task Scheduling" (ratio 89.2)."""
    if a.year is None or a.year != b.year:
        return False
    if min(len(a.words), len(b.words)) < SAME_TEAM_WORDS or _numbers(a) != _numbers(b):
        return False  # "Title 1" and "Title 2", "Part I" and "Part II" are two works
    shared = len(a.families & b.families)
    return shared >= 2 and shared >= SAME_TEAM_SHARE * max(len(a.families), len(b.families))


def _identified(a: Evidence, b: Evidence, rule: Rule) -> Match:
    """Same identifier; but a copied-wrong identifier on another paper is only a possible match."""
    if a.words and b.words and not _shared_author(a, b):
        from rapidfuzz import fuzz

        if fuzz.token_set_ratio(" ".join(a.words), " ".join(b.words)) < UNRELATED_TITLES:
            return Match(b.key, rule, 0.5, False)
    return Match(b.key, rule, 1.0, True)


def _shared_author(a: Evidence, b: Evidence) -> bool:
    return bool(a.families & b.name_tokens or b.families & a.name_tokens)


def _other_kind_of_venue(a: Evidence, b: Evidence) -> bool:
    if a.preprint or b.preprint or not (a.item.venue and b.item.venue):
        return False  # an entry that names no venue has a kind only by its entry type
    kinds = {a.venue_kind, b.venue_kind}
    return len(kinds) == 2 and kinds <= PUBLISHED_KINDS


def _other_pages(a: Evidence, b: Evidence) -> bool:
    return bool(a.first_page and b.first_page and a.first_page != b.first_page)


def _published_apart(a: Evidence, b: Evidence) -> bool:
    """Two published versions a year apart: the usual conference-then-journal pattern."""
    return (
        not (a.preprint or b.preprint)
        and a.year is not None
        and b.year is not None
        and a.year != b.year
    )


def _same_work_possible(a: Evidence, b: Evidence) -> bool:
    """The checks every title-based rule needs: authors, years, series, pages."""
    if not a.title or not b.title or a.title in GENERIC_TITLES or b.title in GENERIC_TITLES:
        return False
    if not _shared_author(a, b):
        return False
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return False
    if not (a.preprint or b.preprint):
        # Two published versions: a stored venue kind that differs (demo vs conference),
        # another number/edition/volume/chapter make them two works.
        if a.venue_type and b.venue_type and a.venue_type != b.venue_type:
            return False
        for first, second in zip(a.series, b.series, strict=True):
            if first and second and first != second:
                return False
    return True


def _numbers(item: Evidence) -> list[str]:
    return [word for word in item.words if word.isdigit() or word in ROMAN_NUMERALS]


ROMAN_NUMERALS = frozenset("i ii iii iv v vi vii viii ix x".split())


def fuzzy_score(a: Evidence, b: Evidence) -> float:
    """Similarity of two titles, 0-100; a title inside the other is another work, not a typo."""
    from rapidfuzz import fuzz

    first, second = " ".join(a.words), " ".join(b.words)
    shorter, longer = sorted((first, second), key=len)
    if f" {shorter} " in f" {longer} ":
        return 0.0  # "Demonstration of JANUS: ..." is not "JANUS: ..."
    return fuzz.ratio(first, second, score_cutoff=min(FUZZY_THRESHOLD, CLOSE_AUTHORS_THRESHOLD))


# --- blocking ---


def block_keys(item: Evidence) -> list[tuple[str, str]]:
    """Keys under which an entry meets its candidate duplicates."""
    keys = []
    for kind, value in (("doi", item.doi), ("arxiv", item.arxiv), ("dblp", item.dblp)):
        if value:
            keys.append((kind, value))
    if item.title and item.title not in GENERIC_TITLES:
        keys.append(("title", item.title))
        keys.extend(_title_keys(item.words))
    return keys


def _title_keys(words: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    significant = [word for word in words if word not in STOP_WORDS]
    if len(significant) < 2:
        return ()
    # A typo breaks at most one of head and tail, so one of them still meets.
    keys = [
        ("head", " ".join(significant[:TITLE_KEY_TOKENS])),
        ("tail", " ".join(significant[-TITLE_KEY_TOKENS:])),
    ]
    if len(significant) <= 2 * TITLE_KEY_TOKENS - 1:
        # Short titles: head and tail overlap, so one typo could break both; each
        # key without one of the words still meets.
        for index in range(len(significant)):
            keys.append(("head", " ".join(significant[:index] + significant[index + 1 :])))
    return tuple(keys)


def candidate_pairs(items: Sequence[Evidence]) -> Iterable[tuple[int, int]]:
    """Index pairs that share a block, each once, in a fixed order."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for key in block_keys(item):
            blocks[key].append(index)
    seen: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        if len(members) > MAX_BLOCK and key[0] in ("head", "tail"):
            continue
        # Identifier and exact-title blocks are not capped: all members are one work.
        for position, first in enumerate(members):
            for second in members[position + 1 :]:
                pair = (first, second)
                if pair not in seen:
                    seen.add(pair)
                    yield pair


# --- clusters ---


class _Components:
    """Union-find that refuses to join components holding a distinct pair."""

    def __init__(self, size: int, distinct: dict[int, set[int]]):
        self.parent = list(range(size))
        self.members: dict[int, set[int]] = {index: {index} for index in range(size)}
        self.distinct = distinct

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, first: int, second: int) -> bool:
        a, b = self.find(first), self.find(second)
        if a == b:
            return True
        small, large = sorted((a, b), key=lambda root: len(self.members[root]))
        for member in self.members[small]:
            if self.distinct.get(member, set()) & self.members[large]:
                return False
        self.parent[small] = large
        self.members[large] |= self.members.pop(small)
        return True


def find_duplicates(
    items: Sequence[Publication],
    distinct: Iterable[tuple[str, str]] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[Cluster]:
    """Clusters of duplicates, automatic ones first; the same whatever the input order.

    `distinct` adds pairs of keys to the ones the entries' `distinct` fields declare;
    `progress(done, total)` is told how far the search is, for a progress bar.
    """
    ordered = sorted(items, key=lambda item: (item.key, item.line))
    evidences = []
    for index, item in enumerate(ordered):
        evidences.append(evidence(item))
        if progress and index % 1000 == 999:
            progress(index + 1, len(ordered))
    clusters = clusters_of(evidences, ordered, _distinct_pairs(ordered, distinct))
    if progress:
        progress(len(ordered), len(ordered))
    return clusters


def clusters_of(
    evidences: Sequence[Evidence],
    items: Sequence[Publication],
    distinct: set[frozenset[str]],
) -> list[Cluster]:
    index_of = {item.key: index for index, item in enumerate(evidences)}
    forbidden: dict[int, set[int]] = defaultdict(set)
    for pair in distinct:
        first, second = sorted(pair) if len(pair) == 2 else (None, None)
        if first in index_of and second in index_of:
            forbidden[index_of[first]].add(index_of[second])
            forbidden[index_of[second]].add(index_of[first])
    edges: list[tuple[int, float, int, int, Match]] = []
    for first, second in candidate_pairs(evidences):
        match = compare(evidences[first], evidences[second])
        if match:
            edges.append((RULE_STRENGTH[Rule(match.rule)], -match.score, first, second, match))
    edges.sort(key=lambda edge: edge[:4])
    automatic = _Components(len(evidences), forbidden)
    possible = _Components(len(evidences), forbidden)
    weakest: dict[tuple[str, int], tuple[int, float]] = {}  # (level, root) -> weakest edge so far
    joined: list[tuple[int, int, Match]] = []
    for _, _, first, second, match in edges:
        if match.automatic and automatic.union(first, second):
            possible.union(first, second)
            joined.append((first, second, match))
        elif possible.union(first, second):
            joined.append((first, second, match))
    for first, _, match in joined:
        for level, components in (("automatic", automatic), ("possible", possible)):
            if level == "automatic" and not match.automatic:
                continue
            root = components.find(first)
            rank = (RULE_STRENGTH[Rule(match.rule)], match.score)
            current = weakest.get((level, root))
            if current is None or (rank[0], -rank[1]) > (current[0], -current[1]):
                weakest[(level, root)] = rank
    clusters: list[Cluster] = []
    seen_groups: set[frozenset[int]] = set()
    for level, components in (("automatic", automatic), ("possible", possible)):
        for root, members in components.members.items():
            if len(members) < 2 or (level, root) not in weakest:
                continue
            group = frozenset(members)
            if group in seen_groups:
                continue
            seen_groups.add(group)
            strength, score = weakest[(level, root)]
            chosen = [items[index] for index in sorted(members)]
            clusters.append(
                Cluster(
                    keys=tuple(item.key for item in chosen),
                    keep=choose_keep(chosen),
                    rule=list(Rule)[strength].value,
                    score=score,
                    automatic=level == "automatic",
                )
            )
    clusters.sort(key=lambda cluster: (not cluster.automatic, cluster.keys))
    return clusters


def _distinct_pairs(
    items: Sequence[Publication], extra: Iterable[tuple[str, str]]
) -> set[frozenset[str]]:
    pairs = {frozenset(pair) for pair in extra}
    for item in items:
        for other in storage.distinct(item):
            pairs.add(frozenset((item.key, other)))
    return pairs


def find_matches(new: Publication, items: Sequence[Publication]) -> list[Match]:
    """Existing entries that the new one duplicates, strongest first (for add and import)."""
    probe = evidence(new)
    keys = set(block_keys(probe))
    declared = set(storage.distinct(new))
    matches = []
    for item in items:
        if item.key == new.key and item.line == new.line or item.key in declared:
            continue
        candidate = evidence(item)
        if not keys & set(block_keys(candidate)):
            continue
        match = compare(candidate, probe)
        if match:
            matches.append(Match(item.key, match.rule, match.score, match.automatic))
    matches.sort(key=lambda match: (RULE_STRENGTH[Rule(match.rule)], -match.score, match.key))
    return matches


def choose_keep(items: Sequence[Publication]) -> str:
    """The published version over the preprint, then the fuller entry, then the first in the file."""
    best = min(items, key=lambda item: (is_preprint(item), -len(item.fields), item.line, item.key))
    return best.key


# --- merging ---

USER_FIELDS = ("keywords", storage.ANNOTATION_FIELD, "award", "note", "ids", "distinct")
PREPRINT_VENUE_FIELDS = ("journal", "journaltitle", "volume", "howpublished", "publisher")


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
    """One entry out of a cluster: the kept entry's fields win, nothing else is lost."""
    kept = next(entry for entry in entries if entry.publication.key == keep)
    others = sorted(
        (entry for entry in entries if entry.publication.key != keep),
        key=lambda entry: entry.publication.key,
    )
    result = list(kept.fields)
    conflicts: list[Conflict] = []
    for other in others:
        result, found = _absorb(result, kept.publication, other)
        conflicts.extend(found)
    removed = tuple(other.publication.key for other in others)
    result = _with_list(result, "ids", [*removed])
    removed_set = set(removed) | {keep}
    remaining = [
        key for key in storage.split_list(_text(result, "distinct")) if key not in removed_set
    ]
    result = storage.set_field(
        result, "distinct", braced(", ".join(remaining)) if remaining else None
    )
    return Merged(
        keep, kept.publication.entry_type, tuple(house_order(result)), removed, tuple(conflicts)
    )


def _absorb(
    result: list[RawField], kept: Publication, other: Stored
) -> tuple[list[RawField], list[Conflict]]:
    conflicts: list[Conflict] = []
    source = other.publication
    move_preprint = is_preprint(source) and not is_preprint(kept)
    arxiv = identifiers.arxiv_of(source)
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
        elif (
            lowered == "doi"
            and identifiers.doi_of(source) is None
            and storage.get_raw(result, "doi")
        ):
            continue  # an arXiv DOI, already kept as the eprint
        elif (
            move_preprint
            and lowered in PREPRINT_VENUE_FIELDS
            and storage.get_raw(result, name) is None
        ):
            continue  # "arXiv preprint arXiv:ID" is not the published venue; the eprint keeps the id
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
    people = [model.split_people(_plain(raw)) for raw in (first, second)]
    return len(people[0]) == len(people[1]) and all(
        _name_parts(a) == _name_parts(b) for a, b in zip(*people, strict=True)
    )


def _name_parts(person: model.Person) -> tuple[str, ...]:
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
    from publist.names import same_person

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


# --- applying to a library (in memory; bibfile writes) ---


def apply_merges(library: LibraryFile, clusters: Sequence[Cluster]) -> list[Merged]:
    """Merge each cluster into its kept entry and remove the others; clusters inside another are skipped."""
    chosen = [
        cluster
        for cluster in clusters
        if not any(set(cluster.keys) < set(other.keys) for other in clusters)
    ]
    macros = library.macros()
    merged: list[Merged] = []
    done: set[str] = set()
    for cluster in chosen:
        if done & set(cluster.keys):
            continue  # an automatic cluster already merged into a possible one
        entries = [
            Stored(model.publication(block, macros), tuple(block.fields))
            for block in (library.entry(key) for key in cluster.keys)
        ]
        result = merge(entries, cluster.keep)
        library.replace_entry(result.key, result.entry_type, list(result.fields))
        for key in result.removed:
            library.remove_entry(key)
        done |= set(cluster.keys)
        merged.append(result)
    return merged


def declare_distinct(library: LibraryFile, first: str, second: str) -> None:
    """Remember in both entries that they are two works."""
    if first == second:
        raise UsageProblem("--distinct needs two different keys")
    blocks = [library.entry(first), library.entry(second)]  # UnknownKey before any edit
    for block, other in zip(blocks, (second, first), strict=True):
        fields = storage.with_distinct(block.fields, other)
        if fields != block.fields:
            library.replace_entry(block.key, block.entry_type, fields)

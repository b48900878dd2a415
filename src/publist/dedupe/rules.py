"""The rules: by what evidence one entry duplicates another, or why it does not."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from publist.dedupe.evidence import GENERIC_TITLES, PUBLISHED_KINDS, Evidence

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
# Below this token-set similarity, two titles under one identifier are two papers.
UNRELATED_TITLES = 60.0


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

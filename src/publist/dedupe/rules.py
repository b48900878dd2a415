"""The rules: by what evidence one entry duplicates another, or why it does not.

`decide` gives the match and its reason in words; `compare` (for the search) and
`explain` (for `dedupe --explain`) both ask it, so the two never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from publist.dedupe.evidence import GENERIC_TITLES, Evidence
from publist.dedupe.vetoes import apart, doi_versions, not_same_work, shared_author

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
# An early and a published version by nearly the same team whose titles share this share of
# words (token-set ratio) are a possible pair though retitled ("...: cable-car deployment"
# and "...: Gondola Deployment").
RETITLED_TOKENS = 90.0
SKELETON_MINIMUM = 12  # letters: shorter titles without spaces meet by chance


class Rule(StrEnum):
    DOI = "doi"
    ARXIV = "arxiv"
    DBLP = "dblp"
    ISBN = "isbn"
    IDENTIFIER = "identifier"  # PubMed id, another archive's eprint, one record twice
    TITLE = "title"
    FUZZY = "fuzzy"


RULE_STRENGTH = {rule: rank for rank, rule in enumerate(Rule)}  # lower is stronger
RULE_SCORE = {Rule.TITLE: 0.95}
# Identifiers that name one work as surely as a DOI; the others are only a hint.
STRONG_IDENTIFIERS = frozenset({"pmid", "pmcid"})
WEAK_IDENTIFIERS = {
    "doi-text": "the same DOI field, though it holds no DOI",
    "eprint": "the same eprint",
}


@dataclass(frozen=True)
class Match:
    """An existing entry that a new one duplicates."""

    key: str
    rule: str
    score: float
    automatic: bool
    reason: str = ""  # the evidence, or why it is only possible, in words


# --- comparing two entries ---


def compare(a: Evidence, b: Evidence) -> Match | None:
    """The strongest rule by which b duplicates a, or None."""
    match, why = decide(a, b)
    return Match(match.key, match.rule, match.score, match.automatic, why) if match else None


def explain(a: Evidence, b: Evidence) -> str:
    """One line: the rule that joins the pair, or the veto that stops it."""
    match, why = decide(a, b)
    if match is None:
        return f"not duplicates: {why}"
    level = "automatic" if match.automatic else "possible"
    return f"{level} ({match.rule}, {match.score:.2f}): {why}"


def decide(a: Evidence, b: Evidence) -> tuple[Match | None, str]:
    """compare's answer, and the reason in words."""
    versions = False
    if a.doi and b.doi:
        if a.doi == b.doi:
            return _identified(a, b, Rule.DOI, f"the same DOI {a.doi}")
        versions = doi_versions(a.doi, b.doi)
        if not versions:
            return None, f"two DOIs ({a.doi}, {b.doi}): two published versions"
    for rule, first, second in ((Rule.ARXIV, a.arxiv, b.arxiv), (Rule.DBLP, a.dblp, b.dblp)):
        if first and second and first == second:
            return _identified(a, b, rule, f"the same {rule.value} id {first}")
    if a.arxiv and b.arxiv:
        return None, f"two arXiv ids ({a.arxiv}, {b.arxiv})"
    found = _other_identifier(a, b)
    if found:
        return found
    if a.isbns and b.isbns and a.isbns & b.isbns:
        return _same_isbn(a, b)
    if versions:
        return _versions(a, b)
    blocked = not_same_work(a, b)
    if blocked:
        return None, blocked
    return _by_title(a, b)


def _same_title(a: Evidence, b: Evidence) -> bool:
    return a.title == b.title or (len(a.skeleton) >= SKELETON_MINIMUM and a.skeleton == b.skeleton)


def _versions(a: Evidence, b: Evidence) -> tuple[Match | None, str]:
    """DOIs of two versions of one work (a Cochrane review's .pub2 and .pub3): their issues
    and years differ by nature, so only the title and the authors are asked."""
    why = f"DOIs of two versions ({a.doi}, {b.doi})"
    if a.title and _same_title(a, b) and a.title not in GENERIC_TITLES and shared_author(a, b):
        return Match(b.key, Rule.DOI, 0.8, False), f"the same title, {why}"
    return None, f"{why}, other titles or authors"


def _by_title(a: Evidence, b: Evidence) -> tuple[Match | None, str]:
    if _same_title(a, b):
        why = apart(a, b)
        if why:
            return Match(b.key, Rule.TITLE, 0.8, False), f"the same title, but {why}"
        # The nearest version claims a preprint first (clusters take the strongest edge).
        gap = abs(a.year - b.year) if a.year is not None and b.year is not None else 0
        score = RULE_SCORE[Rule.TITLE] - 0.01 * min(gap, 4)
        why = "the same title, authors, years"
        if gap and not (a.early or b.early):
            why = f"the same title and authors at one venue, filed under {a.year} and {b.year}"
        return Match(b.key, Rule.TITLE, round(score, 3), True), why
    if (
        a.year is not None
        and b.year is not None
        and abs(a.year - b.year) > 1
        and not _same_team(a, b, any_year=True)
    ):
        return None, f"years {a.year} and {b.year}: that far apart only the same title counts"
    score = fuzzy_score(a, b)
    if score >= FUZZY_THRESHOLD or (score >= CLOSE_AUTHORS_THRESHOLD and _same_team(a, b)):
        return Match(b.key, Rule.FUZZY, round(score / 100, 3), False), f"titles {score:.1f}% alike"
    if _retitled(a, b):
        return Match(b.key, Rule.FUZZY, 0.7, False), "an early version retitled, by the same team"
    return None, f"other titles ({score:.1f}% alike)"


def _other_identifier(a: Evidence, b: Evidence) -> tuple[Match, str] | None:
    if not (a.others and b.others):
        return None
    shared = sorted(set(a.others) & set(b.others))
    if any(kind == "record" for kind, _ in shared):
        # Every field the same: merging loses nothing, and no output could tell them apart.
        return Match(b.key, Rule.IDENTIFIER, 1.0, True), "one record twice (every field the same)"
    for kind, value in shared:
        if kind in STRONG_IDENTIFIERS:
            return _identified(a, b, Rule.IDENTIFIER, f"the same {kind} {value}")
    for kind, value in shared:
        if kind != "eprint" or value.startswith(":"):
            return Match(b.key, Rule.IDENTIFIER, 0.6, False), WEAK_IDENTIFIERS[kind]
        return _identified(a, b, Rule.IDENTIFIER, f"the same eprint {value}")
    return None


def _same_isbn(a: Evidence, b: Evidence) -> tuple[Match, str]:
    """One ISBN in common; a set lists its volumes' ISBNs, so the titles must agree too."""
    match, why = _identified(a, b, Rule.ISBN, "the same ISBN (10 and 13 digits compared)")
    if match.automatic and a.skeleton != b.skeleton and fuzzy_score(a, b) < FUZZY_THRESHOLD:
        return Match(
            b.key, Rule.ISBN, 0.7, False
        ), "the same ISBN, other titles (a set and a volume?)"
    return match, why


def _identified(a: Evidence, b: Evidence, rule: Rule, why: str) -> tuple[Match, str]:
    """Same identifier; but an identifier copied onto another paper is only a possible match.

    A DOI pasted onto another paper of the same author ("REASON" and "UMBRELLA", both IEEE
    Access 2024) shares an author, so the titles decide whether they are one work.
    """
    if (len(a.words) >= 3 and len(b.words) >= 3) or (
        a.words and b.words and not shared_author(a, b)
    ):
        from rapidfuzz import fuzz

        similar = fuzz.token_set_ratio(" ".join(a.words), " ".join(b.words))
        if similar < UNRELATED_TITLES:
            return Match(b.key, rule, 0.5, False), f"{why}, but unrelated titles ({similar:.0f}%)"
    return Match(b.key, rule, 1.0, True), why


def _same_team(a: Evidence, b: Evidence, any_year: bool = False) -> bool:
    """The same year and nearly the same author list: a retitled copy of one paper, as
    DBLP's "Nimble: Lightweight and Parallel GPU Task Scheduling" beside the authors'
    "...Efficient GPU Task Scheduling" (ratio 89.2)."""
    if not any_year and (a.year is None or a.year != b.year):
        return False
    if min(len(a.words), len(b.words)) < SAME_TEAM_WORDS or _numbers(a) != _numbers(b):
        return False  # "Title 1" and "Title 2", "Part I" and "Part II" are two works
    shared = len(a.families & b.families)
    return shared >= 2 and shared >= SAME_TEAM_SHARE * max(len(a.families), len(b.families))


def _retitled(a: Evidence, b: Evidence) -> bool:
    """An early and a published version under another title, by the same team."""
    if a.early == b.early or not _same_team(a, b, any_year=True):
        return False
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(" ".join(a.words), " ".join(b.words)) >= RETITLED_TOKENS


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

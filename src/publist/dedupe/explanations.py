"""`dedupe --explain KEY1 KEY2`: the evidence each entry offers, the rule that joins the two
or the veto that stops them, and the cluster the search puts them in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from publist import storage
from publist.dedupe.clusters import Cluster, find_duplicates
from publist.dedupe.evidence import Evidence, evidence
from publist.dedupe.rules import decide
from publist.dedupe.vetoes import veto
from publist.errors import UnknownKey, UsageProblem
from publist.model import Publication


@dataclass(frozen=True)
class Explanation:
    keys: tuple[str, str]
    evidence: tuple[dict[str, object], dict[str, object]]
    verdict: str  # automatic | possible | not duplicates
    rule: str  # the rule that joins them ("" when none)
    score: float | None
    reason: str  # why, in words: the rule's evidence or what stopped it
    veto: str  # why they may never share an automatic cluster ("" when they may)
    declared_distinct: bool
    clusters: tuple[Cluster, ...]  # the clusters that hold either key

    @property
    def duplicates(self) -> bool:
        return self.verdict != "not duplicates"


def explain_pair(items: Sequence[Publication], first: str, second: str) -> Explanation:
    """Why the search does (or does not) report `first` and `second` as one work."""
    if first == second:
        raise UsageProblem("--explain needs two different keys")
    by_key = {item.key: item for item in items}
    for key in (first, second):
        if key not in by_key:
            raise UnknownKey(f"no entry with key '{key}'")
    a, b = evidence(by_key[first]), evidence(by_key[second])
    match, reason = decide(a, b)
    declared = second in storage.distinct(by_key[first]) or first in storage.distinct(
        by_key[second]
    )
    verdict = "not duplicates"
    if match is not None and not declared:
        verdict = "automatic" if match.automatic else "possible"
    elif declared:
        reason = "declared distinct (dedupe --distinct); " + reason
    clusters = tuple(c for c in find_duplicates(items) if first in c.keys or second in c.keys)
    return Explanation(
        keys=(first, second),
        evidence=(evidence_of(a), evidence_of(b)),
        verdict=verdict,
        rule=match.rule if match else "",
        score=match.score if match else None,
        reason=reason,
        veto=veto(a, b),
        declared_distinct=declared,
        clusters=clusters,
    )


EVIDENCE_NAMES = (
    "doi", "arxiv", "dblp", "isbn", "whole book", "other identifiers", "title words", "families", "year",
    "early version", "preprint", "seminar item", "stored venue type", "venue kind by name",
    "venue", "venue acronyms", "venue initials", "series", "first page",
)  # fmt: skip


def evidence_of(item: Evidence) -> dict[str, object]:
    """What the rules read of one entry, by name ("" and [] left out)."""
    venue = item.venue
    found: dict[str, object] = {
        "doi": item.doi or "",
        "arxiv": item.arxiv or "",
        "dblp": item.dblp or "",
        "isbn": sorted(item.isbns),
        "whole book": item.whole or "",
        "other identifiers": [f"{kind}:{value}" for kind, value in item.others if kind != "record"],
        "title words": " ".join(item.words),
        "families": sorted(item.families),
        "year": item.year,
        "early version": item.early,
        "preprint": item.preprint,
        "seminar item": item.seminar,
        "stored venue type": item.venue_type,
        "venue kind by name": item.strong_kind,
        "venue": venue.name,
        "venue acronyms": sorted(venue.acronyms),
        "venue initials": venue.initials,
        "series": " ".join(
            f"{name}={value}"
            for name, value in zip(
                ("number", "edition", "volume", "chapter"), item.series, strict=True
            )
            if value
        ),
        "first page": item.first_page,
    }
    return {name: value for name, value in found.items() if value not in ("", [], None)}

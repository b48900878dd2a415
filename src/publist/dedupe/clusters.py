"""Clusters of duplicates: candidates from shared blocks (never all pairs), joined by
union-find over the matching pairs, strongest first, so that pairs the user declared
distinct never end up in one cluster. A 100,000-entry library stays close to linear."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from publist import storage
from publist.dedupe.evidence import GENERIC_TITLES, STOP_WORDS, Evidence, evidence, is_preprint
from publist.dedupe.rules import RULE_STRENGTH, Match, Rule, compare
from publist.model import Publication

# Blocks larger than this are not compared pair by pair: a shared key that common
# ("a survey of", "deep learning for") says little, and it would make the search quadratic.
MAX_BLOCK = 40
TITLE_KEY_TOKENS = 3


@dataclass(frozen=True)
class Cluster:
    """Entries that are one work; `keep` is the one a merge keeps."""

    keys: tuple[str, ...]
    keep: str
    rule: str  # doi | arxiv | dblp | title | fuzzy: the weakest evidence that joins them
    score: float
    automatic: bool


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
        if len(pair) != 2 or not pair <= index_of.keys():
            continue
        one, other = (index_of[key] for key in pair)
        forbidden[one].add(other)
        forbidden[other].add(one)
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

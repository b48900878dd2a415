"""Clusters of duplicates: candidates from shared blocks (never all pairs), joined by
union-find over the matching pairs, strongest first. An automatic cluster respects every
veto between its members (not only those of the pairs that joined it): a conference paper
and its journal version never merge through a preprint that resembles both. Pairs the user
declared distinct never end up in one cluster. A 100,000-entry library stays close to linear."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from publist import storage
from publist.dedupe.evidence import GENERIC_TITLES, STOP_WORDS, Evidence, evidence
from publist.dedupe.keep import choose_keep, choose_key
from publist.dedupe.rules import RULE_STRENGTH, Match, Rule, compare
from publist.dedupe.vetoes import veto
from publist.model import Publication

# Blocks larger than this are not compared pair by pair: a shared key that common
# ("a survey of", "deep learning for") says little, and it would make the search quadratic.
MAX_BLOCK = 40
TITLE_KEY_TOKENS = 3


@dataclass(frozen=True)
class Cluster:
    """Entries that are one work; `keep` is the one a merge keeps."""

    keys: tuple[str, ...]
    keep: str  # the record whose fields win
    rule: str  # doi | arxiv | dblp | isbn | identifier | title | fuzzy: the weakest evidence
    score: float
    automatic: bool
    # (key, key, reason) for members that may not merge automatically: why a possible
    # cluster is not automatic.
    vetoes: tuple[tuple[str, str, str], ...] = ()
    key: str = ""  # the key the merged entry goes by (keep's, or the original of a copy's key)
    reason: str = ""  # the weakest joining evidence, in words


# --- blocking ---


def block_keys(item: Evidence) -> list[tuple[str, str]]:
    """Keys under which an entry meets its candidate duplicates."""
    keys = []
    for kind, value in (("doi", item.doi), ("arxiv", item.arxiv), ("dblp", item.dblp)):
        if value:
            keys.append((kind, value))
    keys.extend(item.others)
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
    # A key's first entry is kept alone, a list only from its second: nearly every key is
    # one entry's (a list each was 40 MB of dedupe's peak at 100k entries).
    blocks: dict[tuple[str, str], int | list[int]] = {}
    for index, item in enumerate(items):
        for key in block_keys(item):
            members = blocks.setdefault(key, index)
            if isinstance(members, list):
                members.append(index)
            elif members != index:
                blocks[key] = [members, index]
    seen: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        if isinstance(members, int):
            continue
        if len(members) > MAX_BLOCK and key[0] in ("head", "tail"):
            continue
        # Identifier, record and exact-title blocks are not capped: all members are one work.
        for position, first in enumerate(members):
            for second in members[position + 1 :]:
                pair = (first, second)
                if pair not in seen:
                    seen.add(pair)
                    yield pair


# --- clusters ---


class _Components:
    """Union-find that refuses to join components holding a distinct pair, or (with
    `vetoed`) any two members that may not share an automatic cluster."""

    def __init__(
        self,
        size: int,
        distinct: dict[int, set[int]],
        vetoed: Callable[[int, int], str] | None = None,
    ):
        self.parent = list(range(size))
        # root -> members, only for components of two or more: a set for every entry
        # was 60 MB of dedupe's peak at 100k entries, and nearly all stay alone.
        self.members: dict[int, set[int]] = {}
        self.distinct = distinct
        self.vetoed = vetoed

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, first: int, second: int) -> bool:
        a, b = self.find(first), self.find(second)
        if a == b:
            return True
        small, large = sorted((a, b), key=lambda root: len(self.members.get(root, ())))
        smaller, larger = self._of(small), self._of(large)
        for member in smaller:
            if self.distinct.get(member, set()) & larger:
                return False
        if self.vetoed is not None:
            # Components are small (a work has a handful of copies): all pairs are cheap.
            for member in smaller:
                for other in larger:
                    if self.vetoed(member, other):
                        return False
        self.parent[small] = large
        self.members.pop(small, None)
        self.members[large] = larger | smaller
        return True

    def _of(self, root: int) -> set[int]:
        return self.members.get(root) or {root}


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
    forbidden = _forbidden(evidences, distinct)
    vetoes: dict[tuple[int, int], str] = {}

    def vetoed(first: int, second: int) -> str:
        pair = (first, second) if first < second else (second, first)
        if pair not in vetoes:
            vetoes[pair] = veto(evidences[pair[0]], evidences[pair[1]])
        return vetoes[pair]

    # Strongest edges first (identifiers, then exact titles with the nearest years), so a
    # preprint that resembles a conference and a journal version joins the closer one.
    automatic = _Components(len(evidences), forbidden, vetoed)
    possible = _Components(len(evidences), forbidden)
    # (automatic, root) -> the weakest edge's rank and reason
    weakest: dict[tuple[bool, int], tuple[tuple[int, float], str]] = {}
    joined: list[tuple[int, Match]] = []
    for first, second, match in _edges(evidences):
        if match.automatic and automatic.union(first, second):
            possible.union(first, second)
            joined.append((first, match))
        elif possible.union(first, second):
            joined.append((first, dataclasses.replace(match, automatic=False)))
    for first, match in joined:
        rank = (RULE_STRENGTH[Rule(match.rule)], -match.score)
        for level, components in ((True, automatic), (False, possible)):
            if level and not match.automatic:
                continue
            root = components.find(first)
            if rank > weakest.get((level, root), ((-1, 0.0), ""))[0]:
                weakest[(level, root)] = (rank, match.reason)
    clusters: list[Cluster] = []
    seen_groups: set[frozenset[int]] = set()
    for level, components in ((True, automatic), (False, possible)):
        for root, members in components.members.items():
            group = frozenset(members)
            if len(members) < 2 or (level, root) not in weakest or group in seen_groups:
                continue
            seen_groups.add(group)
            (strength, score), reason = weakest[(level, root)]
            ordered = sorted(members)
            chosen = [items[index] for index in ordered]
            keep = choose_keep(chosen)
            keys = tuple(item.key for item in chosen)
            held = () if level else _held(ordered, evidences, vetoed)
            clusters.append(Cluster(keys, keep, list(Rule)[strength].value, -score, level,
                                    held, choose_key(keys, keep), reason))  # fmt: skip
    clusters.sort(key=lambda cluster: (not cluster.automatic, cluster.keys))
    return clusters


def _forbidden(evidences: Sequence[Evidence], distinct: set[frozenset[str]]) -> dict[int, set[int]]:
    index_of = {item.key: index for index, item in enumerate(evidences)}
    forbidden: dict[int, set[int]] = defaultdict(set)
    for pair in distinct:
        if len(pair) != 2 or not pair <= index_of.keys():
            continue
        one, other = (index_of[key] for key in pair)
        forbidden[one].add(other)
        forbidden[other].add(one)
    return forbidden


def _edges(evidences: Sequence[Evidence]) -> list[tuple[int, int, Match]]:
    """Matching pairs, strongest first: by rule, then score, then position (a fixed order)."""
    edges = []
    for first, second in candidate_pairs(evidences):
        match = compare(evidences[first], evidences[second])
        if match:
            edges.append((RULE_STRENGTH[Rule(match.rule)], -match.score, first, second, match))
    edges.sort(key=lambda edge: edge[:4])
    return [(first, second, match) for _, _, first, second, match in edges]


MAX_LISTED_VETOES = 40  # members; a larger possible cluster is listed without its vetoes


def _held(
    members: list[int], evidences: Sequence[Evidence], vetoed: Callable[[int, int], str]
) -> tuple[tuple[str, str, str], ...]:
    """The vetoes inside a possible cluster, as (key, key, reason)."""
    if len(members) > MAX_LISTED_VETOES:
        return ()
    return tuple(
        (evidences[first].key, evidences[second].key, why)
        for first, second in itertools.combinations(members, 2)
        if (why := vetoed(first, second))
    )


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
            matches.append(dataclasses.replace(match, key=item.key))
    matches.sort(key=lambda match: (RULE_STRENGTH[Rule(match.rule)], -match.score, match.key))
    return matches

"""Finding and merging duplicate entries (pure functions: no I/O, no printing).

Finding climbs a ladder of evidence, strongest first: same DOI, same arXiv id, same DBLP
key, same normalised title with a shared author and close years, and (only as a
*possible* duplicate) a near-identical title. The parts:

- evidence.py: what one entry offers for comparison;
- rules.py: whether two entries are one work, and by which rule;
- clusters.py: blocking, union-find clusters, the entry a merge keeps;
- merge.py: one entry out of a cluster, nothing lost.
"""

from publist.dedupe.clusters import (
    Cluster,
    block_keys,
    choose_keep,
    find_duplicates,
    find_matches,
)
from publist.dedupe.evidence import Evidence, evidence, fold_text, is_preprint, title_words
from publist.dedupe.merge import Conflict, Merged, Stored, clean_key, merge
from publist.dedupe.rules import FUZZY_THRESHOLD, Match, Rule, compare, fuzzy_score

__all__ = [
    "FUZZY_THRESHOLD", "Cluster", "Conflict", "Evidence", "Match", "Merged", "Rule", "Stored",
    "block_keys", "choose_keep", "clean_key", "compare", "evidence",
    "find_duplicates", "find_matches", "fold_text", "fuzzy_score", "is_preprint", "merge",
    "title_words",
]  # fmt: skip

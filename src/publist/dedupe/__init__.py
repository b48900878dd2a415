"""Finding and merging duplicate entries (pure functions: no I/O, no printing).

Finding climbs a ladder of evidence, strongest first: same DOI, arXiv id, DBLP key, ISBN or
PubMed id, the same normalised title with a shared author and compatible years, and (only
as a *possible* duplicate) a near-identical title. The parts, lowest first:

- titles.py, places.py: titles and venue names spelled for comparison;
- evidence.py: what one entry offers for comparison;
- vetoes.py: why two entries are not one work, or only possibly one;
- rules.py: whether two entries are one work, and by which rule;
- keep.py: the record a merge keeps and the key it goes by;
- clusters.py: blocking, union-find clusters that respect every veto;
- values.py, merge.py: one entry out of a cluster, nothing lost;
- explain.py: what `dedupe --explain` says about a pair.
"""

from publist.dedupe.clusters import Cluster, block_keys, find_duplicates, find_matches
from publist.dedupe.evidence import Evidence, evidence, fold_text, is_preprint, title_words
from publist.dedupe.explain import Explanation, explain_pair
from publist.dedupe.keep import choose_keep, choose_key
from publist.dedupe.merge import Merged, Stored, merge
from publist.dedupe.rules import FUZZY_THRESHOLD, Match, Rule, compare, decide, explain, fuzzy_score
from publist.dedupe.values import Conflict
from publist.dedupe.vetoes import veto

__all__ = [
    "FUZZY_THRESHOLD", "Cluster", "Conflict", "Evidence", "Explanation", "Match", "Merged",
    "Rule", "Stored", "block_keys", "choose_keep", "choose_key", "compare", "decide",
    "evidence", "explain", "explain_pair", "find_duplicates", "find_matches", "fold_text",
    "fuzzy_score", "is_preprint", "merge", "title_words", "veto",
]  # fmt: skip

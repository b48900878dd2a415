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
- values.py, merging.py: one entry out of a cluster, nothing lost;
- explanations.py: what `dedupe --explain` says about a pair.
"""

import importlib
from typing import TYPE_CHECKING, Any

from publist.dedupe.clusters import Cluster, block_keys, find_duplicates, find_matches
from publist.dedupe.evidence import Evidence, evidence, fold_text, is_preprint, title_words
from publist.dedupe.keep import choose_keep, choose_key
from publist.dedupe.rules import FUZZY_THRESHOLD, Match, Rule, compare, decide, explain, fuzzy_score
from publist.dedupe.vetoes import veto

if TYPE_CHECKING:
    from publist.dedupe.explanations import Explanation, explain_pair
    from publist.dedupe.merging import Merged, Stored, merge
    from publist.dedupe.values import Conflict

__all__ = [
    "FUZZY_THRESHOLD", "Cluster", "Conflict", "Evidence", "Explanation", "Match", "Merged",
    "Rule", "Stored", "block_keys", "choose_keep", "choose_key", "compare", "decide",
    "evidence", "explain", "explain_pair", "find_duplicates", "find_matches", "fold_text",
    "fuzzy_score", "is_preprint", "merge", "title_words", "veto",
]  # fmt: skip

# Merging and explaining, imported on first use: `check` and `add` only find duplicates,
# and the five dataclasses of these modules cost them 5 ms of start-up.
_LATER = {"Explanation": "explanations", "explain_pair": "explanations", "Merged": "merging",
          "Stored": "merging", "merge": "merging", "Conflict": "values"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LATER[name]}"), name)
    globals()[name] = value
    return value

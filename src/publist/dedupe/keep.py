"""Which record a merge keeps, and which key the merged entry goes by.

The venue's own record wins over an aggregator's copy: Google Scholar lower-cases titles
and files NeurIPS papers as @article, Semantic Scholar gives the arXiv year and misspells
names. The record kept gives the bibliographic fields; the other records only fill gaps.
"""

from __future__ import annotations

from collections.abc import Sequence

from publist import storage
from publist.dedupe.evidence import is_aggregated, is_early, is_preprint
from publist.model import Publication
from publist.patterns import compile_on_use

VENUE_METADATA = ("booktitle", "journal", "volume", "number", "pages", "publisher", "isbn", "issn")
# What a key scheme appends to tell a second entry from the first: "a", "b", "~2", "-2", "_2".
COPY_SUFFIX = compile_on_use(r"(?:[a-z]|[~_-]?\d)")


def choose_keep(items: Sequence[Publication]) -> str:
    """The record a merge keeps, in this order: a published version over an early one
    (preprint, report, in review); not an aggregator's copy; for preprints, the one with an
    eprint; a DOI of its own; a title with its capitals; more venue metadata; more fields;
    then the first in the file."""
    capitals = {item.key: _capitals(item) for item in items}
    most = max(capitals.values())

    def rank(item: Publication) -> tuple:
        preprint = is_preprint(item)
        present = item.latex_fields
        return (
            is_early(item, preprint),
            is_aggregated(item),
            preprint
            and not present.get("eprint"),  # arXiv's own record over "journal = {arXiv...}"
            storage.doi_of(item) is None,
            capitals[item.key] < most,
            -sum(1 for name in VENUE_METADATA if present.get(name)),
            -len(item.fields),
            item.line,
            item.key,
        )

    return min(items, key=rank).key


def choose_key(keys: Sequence[str], keep: str) -> str:
    """The key the merged entry goes by: the kept record's, unless it is another member's
    key with a suffix a key scheme adds to a second copy (vaswani2017attentiona beside
    vaswani2017attention): then the original. The other keys go into `ids` either way."""
    originals = [key for key in keys if key != keep and is_copy_of(keep, key)]
    return min(originals, key=len) if originals else keep


def is_copy_of(key: str, original: str) -> bool:
    return key.startswith(original) and bool(COPY_SUFFIX.fullmatch(key[len(original) :]))


def _capitals(item: Publication) -> int:
    """Capital letters in the title after its first: Google Scholar lower-cases titles (its
    LaTeX is enough, and decoding every title of a large library costs)."""
    return sum(map(str.isupper, item.latex_fields.get("title", "")[1:]))

"""Decoded views of a library's entries, classified by venues' rules: how commands read."""

from __future__ import annotations

from publist import inheritance, model, venues
from publist.bibfile import LibraryFile
from publist.bibtex import RawField
from publist.blocks import Block
from publist.memo import Memo
from publist.model import Classifier, Publication


def publications(library: LibraryFile, memo: Memo | None = None) -> list[Publication]:
    """Every entry of a library, decoded, in file order; crossref parents' fields filled in."""
    memo = memo or Memo()
    return inheritance.resolve(model.publications(library, memo, remembered(memo)))


def publication(block: Block, macros: dict[str, str], memo: Memo | None = None) -> Publication:
    """One entry block, decoded."""
    memo = memo or Memo()
    return model.publication(block, macros, memo, remembered(memo))


def as_publication(key: str, entry_type: str, raw: list[RawField]) -> Publication:
    """An entry that is not (yet) in a library: a draft, a fetched record."""
    return publication(Block("entry", -1, -1, 0, key, entry_type, list(raw)), {})


def remembered(memo: Memo) -> Classifier:
    """venues.classification, remembered in the memo by the entry's digest: a warm export
    of 10,000 entries classifies none of them again (0.2 s). A memo that ends with its run
    remembers nothing (see Memo.lasting)."""
    if not memo.lasting:
        return venues.classification
    return lambda item: memo.classified(item.digest, item, venues.classification)

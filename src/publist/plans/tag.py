"""`publist tag` as a plan: the new fields of each entry, every check made before any change."""

from __future__ import annotations

from collections.abc import Sequence

from publist import reading, storage, tagging
from publist.bibfile import LibraryFile
from publist.model import Publication
from publist.plans.base import Action, Change, Plan, plan_of
from publist.tagging import Classification, TagRequest


def _by_key(library: LibraryFile, items: Sequence[Publication], keys: Sequence[str]):
    for key in keys:
        library.entry(key)  # an unknown key stops everything before any change
    return {item.key: item for item in items}


def tag_plan(library: LibraryFile, keys: Sequence[str], request: TagRequest) -> Plan:
    """The entries named by `keys` with the request applied; unchanged ones are left out.
    Only those entries are decoded: tagging one entry of a large library reads one."""
    blocks = [library.entry(key) for key in keys]  # an unknown key stops everything first
    macros = library.macros()
    changes = []
    for key, block in zip(keys, blocks, strict=True):
        item = reading.publication(block, macros)
        fields = tagging.tagged(item, block.fields, request)
        if fields != block.fields:
            changes.append(Change(Action.EDIT, key, block.entry_type or "misc", tuple(fields)))
    return plan_of(changes)


def classify_plan(
    library: LibraryFile,
    items: Sequence[Publication],
    keys: Sequence[str],
    everything: bool,
    fix: bool = False,
) -> tuple[Plan, list[Classification]]:
    """`tag --auto`: the venue type the rules give each entry without one (or every entry;
    with `fix`, also each stored type that contradicts the venue: see venues.disagreement)."""
    by_key = _by_key(library, items, keys)
    chosen = [by_key[key] for key in keys] if keys else list(items)
    rows = tagging.classifications(chosen, everything, fix)
    changes = []
    for row in rows:
        if row.changed:
            block = library.entry(row.key)
            fields = storage.with_venue_type(block.fields, row.new)
            changes.append(Change(Action.EDIT, row.key, block.entry_type or "misc",
                                  tuple(fields), reason=f"{row.new.value} ({row.rule})"))  # fmt: skip
    return plan_of(changes), rows


def normalise_equal_plan(
    library: LibraryFile, items: Sequence[Publication], keys: Sequence[str]
) -> Plan:
    """`tag --normalise-equal`: marks written in names moved into author+an (the named
    entries, or every entry)."""
    by_key = _by_key(library, items, keys)
    changes = []
    for key in keys or list(by_key):
        block = library.entry(key)
        fields = tagging.equal_in_annotation(by_key[key], block.fields)
        if fields != block.fields:
            changes.append(Change(Action.EDIT, key, block.entry_type or "misc", tuple(fields),
                                  reason="equal contribution moved into author+an"))  # fmt: skip
    return plan_of(changes)

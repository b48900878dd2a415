"""`publist remove` as a plan: the entries to take out, every key checked first."""

from __future__ import annotations

from collections.abc import Sequence

from publist.bibfile import LibraryFile
from publist.bibtex import evaluate, split_list
from publist.plans.base import Action, Change, Plan, plan_of


def remove_plan(library: LibraryFile, keys: Sequence[str]) -> Plan:
    """Remove the named entries (an unknown key stops everything before any change)."""
    for key in keys:
        library.entry(key)
    return plan_of(Change(Action.REMOVE, key, reason="removed") for key in dict.fromkeys(keys))


def referring(library: LibraryFile, keys: Sequence[str]) -> list[tuple[str, str, str]]:
    """(entry, field, key) for the entries left behind that name a removed key in crossref,
    xref or ids: they lose what they point to."""
    gone = {key.lower() for key in keys}
    found = []
    for block in library.entries():
        if (block.key or "").lower() in gone:
            continue
        for name, raw in block.fields:
            if name.lower() in ("crossref", "xref", "distinct"):
                for word in split_list(evaluate(raw, {})):
                    if word.lower() in gone:
                        found.append((block.key or "", name.lower(), word))
    return found

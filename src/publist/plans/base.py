"""A plan: what a command will change in the library and why, made before anything is
written, shown to the user, and applied in one go under the lock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from publist.bibfile import LibraryFile
from publist.bibtex import RawField


class Action(StrEnum):
    ADD = "add"
    EDIT = "edit"  # new values for some fields of an entry: only their bytes change
    REPLACE = "replace"  # an existing entry written anew (a merge), in the house style
    REMOVE = "remove"
    COMMENT = "comment"  # publist's own @comment block (a marker and its body)


@dataclass(frozen=True)
class Change:
    """One edit of the library file: an entry added, edited, replaced or removed, or a comment."""

    action: Action
    key: str  # the entry's key; the marker for COMMENT
    entry_type: str = ""
    fields: tuple[RawField, ...] = ()
    text: str = ""  # COMMENT: the block's body
    reason: str = ""  # one line for the user: why this change


@dataclass(frozen=True)
class Plan:
    """Changes in the order they apply; empty when there is nothing to do."""

    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __add__(self, other: Plan) -> Plan:
        return Plan(self.changes + other.changes)

    def keys(self, action: Action) -> list[str]:
        return [change.key for change in self.changes if change.action is action]

    def apply(self, library: LibraryFile) -> None:
        """Make every change in memory (bibfile.save writes them); the first that cannot
        be made raises before the library is saved."""
        for change in self.changes:
            if change.action is Action.ADD:
                library.add_entry(change.key, change.entry_type, list(change.fields))
            elif change.action is Action.EDIT:
                library.edit_entry(change.key, list(change.fields))
            elif change.action is Action.REPLACE:
                library.replace_entry(change.key, change.entry_type, list(change.fields))
            elif change.action is Action.REMOVE:
                library.remove_entry(change.key)
            else:
                library.set_comment(change.key, change.text)


def plan_of(changes: Iterable[Change]) -> Plan:
    return Plan(tuple(changes))

"""Which publications a command works on: venue types, a year range and tags.

export and stats select the same way, so `--since 2022 --until 2019` is refused by both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from publist import storage
from publist.errors import UsageProblem
from publist.kinds import VenueType, parse_venue_type
from publist.model import Publication


@dataclass(frozen=True)
class Selection:
    """Empty parts select everything; several types or tags select any of them."""

    types: tuple[VenueType, ...] = ()
    since: int | None = None
    until: int | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.since > self.until:
            # An empty range is a typo, not a wish for an empty list.
            raise UsageProblem(f"the years from {self.since} to {self.until} are an empty range")

    @property
    def by_year(self) -> bool:
        return self.since is not None or self.until is not None

    def admits(self, item: Publication, kind: VenueType) -> bool:
        """Whether the entry, of this venue type, is selected."""
        if self.types and kind not in self.types:
            return False
        if self.by_year:
            if item.year is None:
                return False  # an undated entry is neither before nor after a year
            if self.since is not None and item.year < self.since:
                return False
            if self.until is not None and item.year > self.until:
                return False
        if self.tags:
            wanted = {tag.casefold() for tag in self.tags}
            if not wanted & {tag.casefold() for tag in storage.tags(item)}:
                return False
        return True


def parse(
    types: Iterable[str] = (),
    since: int | None = None,
    until: int | None = None,
    tags: Iterable[str] = (),
) -> Selection:
    """The selection from command-line values: venue types checked, tags trimmed."""
    kinds = tuple(dict.fromkeys(parse_venue_type(name) for name in types))
    return Selection(kinds, since, until, tuple(tag.strip() for tag in tags if tag.strip()))


def parse_year(what: str, text: str) -> int:
    """A year the user typed; `what` names it in the error (the command line's option)."""
    if not re.fullmatch(r"\s*\d{4}\s*", text):
        raise UsageProblem(f"{what} needs a year such as 2019, not {text!r}")
    return int(text)


def select(items: Iterable[Publication], selection: Selection) -> list[Publication]:
    return [item for item in items if selection.admits(item, item.venue_type)]

"""What a run has worked out: LaTeX values, split author lists, each entry's venue type
and the pieces of its item, handed to the view and to the formatting core.

Each depends on nothing but its text and publist's code (an item also on the settings
that shape it: its rendering), so memo_files.py keeps a run's memo beside the parse of the
library and the next run on the same text takes it up: neither the LaTeX nor the name
parser need load, and an unchanged entry is neither classified nor formatted again.
(Unbounded within a run: it holds one library's values, as its Publications hold its
fields; memo_files.py keeps the renderings of RENDERINGS settings. Its tables only grow, in
the order things are learned: memo_files.py appends what came after the kept ones.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, TypeVar

from publist.kinds import VenueType
from publist.latex import decode_value, plain_value, without_controls
from publist.people import Person, split_people
from publist.pieces import Piece

Entry = TypeVar("Entry")
Classification = tuple[VenueType, str]  # the venue type and the rule that gave it


class Rendered(NamedTuple):
    """One entry's item as render.core made it: its pieces, and whether the owner is in it."""

    pieces: tuple[Piece, ...]
    has_owner: bool


class Memo:
    """Decoded values and author lists of one library, and whether anything is new."""

    __slots__ = ("decoded", "people", "classes", "venues", "_renderings", "_later", "learned",
                 "kept", "lasting")  # fmt: skip

    def __init__(
        self,
        decoded: dict[str, str] | None = None,
        people: dict[str, tuple[Person, ...]] | None = None,
        classes: dict[str, Classification] | None = None,
        renderings: dict[str, dict[str, Rendered]] | None = None,
        venues: dict[str, Classification] | None = None,
        later: Callable[[], dict[str, dict[str, Rendered]]] | None = None,
        lasting: bool = True,
    ) -> None:
        self.decoded = decoded if decoded is not None else {}  # values with commands or math
        self.people = people if people is not None else {}  # author or editor lists
        self.classes = classes if classes is not None else {}  # entry digest -> its class
        # Entry digest -> what its venue alone says, whatever type is stored: check compares
        # the two for every entry typed as its entry type says.
        self.venues = venues if venues is not None else {}
        # The settings' digest -> entry digest -> its item, the last used last; `later`
        # reads them when first asked (most commands render nothing).
        self._renderings = renderings if renderings is not None else {}
        self._later = later
        self.learned = False  # worked out something that was not in the memo
        self.kept: object = None  # memo_files.py's note of the files this memo was read from
        # Whether a later run can take this memo up (the library has a parse cache file).
        # One that ends with its run keeps nothing by entry digest: each entry is classified
        # and formatted once a run, so the digests (a hash of every field of every entry,
        # 2% of a first export in a profile) would never pay.
        self.lasting = lasting

    def text(self, value: str) -> str:
        """latex.latex_to_text, remembered."""
        if "\\" not in value and "$" not in value:  # latex.LATEX_MARKS, spelt out: hot
            return plain_value(value)
        text = self.decoded.get(value)
        if text is None:
            text = self.decoded[value] = decode_value(value)
            self.learned = True
        return text

    def people_of(self, latex: str) -> tuple[Person, ...]:
        """people.split_people, remembered."""
        found = self.people.get(latex)
        if found is None:
            # A control character in a name would reach the terminal or the CV as is.
            found = self.people[latex] = split_people(without_controls(latex))
            self.learned = True
        return found

    def classified(
        self, digest: str, entry: Entry, classify: Callable[[Entry], Classification]
    ) -> Classification:
        """classify(entry), remembered by the entry's digest (its key, type and fields)."""
        return self._remembered(self.classes, digest, entry, classify)

    def classified_by_venue(
        self, digest: str, entry: Entry, classify: Callable[[Entry], Classification]
    ) -> Classification:
        """classify(entry) as the venue alone says it (venues.classify), remembered."""
        return self._remembered(self.venues, digest, entry, classify)

    def _remembered(
        self,
        table: dict[str, Classification],
        digest: str,
        entry: Entry,
        classify: Callable[[Entry], Classification],
    ) -> Classification:
        found = table.get(digest)
        if found is None:
            found = table[digest] = classify(entry)
            self.learned = True
        return found

    def rendering(self, settings: str) -> dict[str, Rendered]:
        """The items made under these settings (a digest of all that shapes them), by entry
        digest; the caller adds what it makes (and sets `learned`)."""
        renderings = self.loaded_renderings()
        found = renderings.pop(settings, None)
        renderings[settings] = found = {} if found is None else found  # now the last used
        return found

    def loaded_renderings(self) -> dict[str, dict[str, Rendered]]:
        """Every kept rendering, read now if it was not yet."""
        if self._later is not None:
            self._renderings, self._later = self._later(), None
        return self._renderings

    def read_renderings(self) -> dict[str, dict[str, Rendered]] | None:
        """The renderings, if a run has read them (else none can be new)."""
        return self._renderings if self._later is None else None

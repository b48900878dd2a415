"""What a run has decoded: LaTeX values and split author lists, handed to the view.

Both depend on nothing but their text and publist's code, so cache.py keeps a run's memo
beside the parse of the library and the next run on the same text takes it up: in a
large export they are a quarter of the time, and neither the LaTeX nor the name parser
need load. (Unbounded: a run holds one library's values, as its Publications hold its fields.)
"""

from __future__ import annotations

from publist.latex import CONTROLS, decode_value, plain_value
from publist.people import Person, split_people


class Memo:
    """Decoded values and author lists of one library, and whether anything is new."""

    __slots__ = ("decoded", "people", "learned")

    def __init__(
        self,
        decoded: dict[str, str] | None = None,
        people: dict[str, tuple[Person, ...]] | None = None,
    ) -> None:
        self.decoded = decoded if decoded is not None else {}  # values with commands or math
        self.people = people if people is not None else {}  # author or editor lists
        self.learned = False  # decoded or split something that was not in the memo

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
            found = self.people[latex] = split_people(latex.translate(CONTROLS))
            self.learned = True
        return found

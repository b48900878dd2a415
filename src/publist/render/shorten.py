"""Long author lists (--max-authors): one step over an item's finished pieces.

"A, B, C, …, **Owner**, et al.": the first N authors, then the owner when the owner comes
later (after "…"), then "et al." when anyone after the last name shown is left out. The
equal-contribution note goes when no author shown carries the mark.

A module of its own, below the core that calls it, so it holds whatever the author pieces
look like: it only reads a piece's kind, text and owner/equal flags, and puts the list's own
separator between the names it keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

ELLIPSIS = "\u2026"
ELLIPSIS_LATEX = r"\ldots{}"
ET_AL = "et al."
TRUNCATED = ", " + ET_AL  # what the core writes after a list that ends in 'and others'


class PieceLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def owner(self) -> bool: ...
    @property
    def equal(self) -> bool: ...


P = TypeVar("P", bound=PieceLike)


def shorten_authors(
    pieces: tuple[P, ...], limit: int | None, text: Callable[[str, str | None], P]
) -> tuple[P, ...]:
    """At most `limit` authors and the owner (see the module docstring); 0 or None: all.
    `text(words, latex)` makes a piece of text publist adds."""
    if not limit:
        return pieces
    places = [index for index, piece in enumerate(pieces) if piece.kind == "author"]
    if len(places) <= limit:
        return pieces
    separator = pieces[places[0] + 1]  # what stands between two names
    authors = [pieces[index] for index in places]
    shown = [index for index, author in enumerate(authors) if index < limit or author.owner]
    names: list[P] = []
    for previous, index in zip([-1, *shown], shown, strict=False):
        if names:
            names.append(separator)
        if index > previous + 1:
            names.extend([text(ELLIPSIS, ELLIPSIS_LATEX), separator])
        names.append(authors[index])
    rest = list(pieces[places[-1] + 1 :])
    if not any(authors[index].equal for index in shown):
        rest = _without_note(rest)
    if shown[-1] < len(authors) - 1:
        names.extend([separator, text(ET_AL, None)])
        if rest and rest[0].kind == "text" and rest[0].text == TRUNCATED:
            rest.pop(0)  # 'and others' said it already: one "et al."
        if rest and rest[0].kind == "text" and rest[0].text[:1] == ".":
            rest[0] = text(rest[0].text[1:], None)  # "et al." ends the sentence
    return (*pieces[: places[0]], *names, *rest)


def _without_note(pieces: list[P]) -> list[P]:
    """The pieces without the equal-contribution note and the brackets around it."""
    for index, piece in enumerate(pieces):
        if piece.kind == "note":
            start, end = index, index + 1
            if index and pieces[index - 1].text == " (":
                start -= 1
            if end < len(pieces) and pieces[end].text == ")":
                end += 1
            return pieces[:start] + pieces[end:]
    return pieces

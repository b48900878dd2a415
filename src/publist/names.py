"""Name matching: is this author the owner (or the person named on the command line)?"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from publist import fields
from publist.model import Person, Publication, latex_to_text, split_people


@lru_cache(maxsize=1 << 18)  # stats folds every co-author's name
def fold(text: str) -> str:
    """Lower case, accents folded, hyphens, dots, spaces and braces dropped."""
    plain = latex_to_text(text)
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NAME_MARKS.sub("", fold_letters(plain))


_NAME_MARKS = re.compile(r"[\s\-.‐‑{}'’`]")


def fold_letters(text: str) -> str:
    """Lower case, with the letters NFKD does not decompose spelled plainly (Ł -> l)."""
    lowered = text.casefold()  # first, so capitals fold too
    return lowered.replace("ł", "l").replace("ø", "o").replace("đ", "d")


def initials(given: str) -> list[str]:
    """The initials of given names: 'Gyeong-In' -> ['g', 'i']; 'G.-I.' -> ['g', 'i']."""
    tokens = [token for token in re.split(r"[\s\-.‐]+", latex_to_text(given)) if token]
    return [fold(token)[:1] for token in tokens if fold(token)]


def is_initials(given: str) -> bool:
    tokens = [token for token in re.split(r"[\s\-.‐]+", latex_to_text(given)) if token]
    return bool(tokens) and all(len(fold(token)) == 1 for token in tokens)


@dataclass(frozen=True)
class NameMatcher:
    """Matches authors against one person known by several spellings."""

    people: tuple[Person, ...]

    @classmethod
    def of(cls, names: Iterable[str]) -> NameMatcher:
        people: list[Person] = []
        for name in names:
            if name and name.strip():
                people.extend(split_people(name.strip()))
        return cls(tuple(people))

    def __bool__(self) -> bool:
        return bool(self.people)

    def matches(self, author: Person) -> bool:
        return any(same_person(known, author) for known in self.people)

    def positions(self, authors: Sequence[Person]) -> list[int]:
        """1-based positions of the authors that match."""
        if not self.people:
            return []
        return [index for index, author in enumerate(authors, start=1) if self.matches(author)]


def same_person(known: Person, author: Person) -> bool:
    """Family names agree and given names agree, or are initials consistent with them."""
    if fold(known.von + known.last) != fold(author.von + author.last):
        return False
    known_given, given = fold(known.first), fold(author.first)
    if not given or not known_given:
        return not given and not known_given
    if known_given == given:
        return True
    if is_initials(author.first):
        wanted = initials(known.first)
        return initials(author.first) == wanted[: len(initials(author.first))]
    if is_initials(known.first):
        return initials(known.first) == initials(author.first)[: len(initials(known.first))]
    return False


def owner_positions(item: Publication, matcher: NameMatcher) -> tuple[int, ...]:
    """1-based positions of the owner: name matches and highlight marks, within the authors."""
    found = set(matcher.positions(item.authors)) | set(fields.highlight_positions(item))
    return tuple(sorted(position for position in found if position <= len(item.authors)))

"""Publication: a decoded, read-only view of a stored entry, handed its classifier."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from sys import intern
from typing import TYPE_CHECKING

from publist.bibfile import LibraryFile
from publist.bibtex import evaluate, month_from_date, parse_month
from publist.blocks import Block
from publist.kinds import VenueType
from publist.memo import Memo
from publist.patterns import compile_on_use
from publist.people import Person, truncated

_YEAR = re.compile(r"\d{4}")
VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "eventtitle", "howpublished", "school",
                "institution", "series", "publisher")  # fmt: skip
# The venue type of a publication, and the rule that gave it ("stored" for its keywords').
Classifier = Callable[["Publication"], tuple[VenueType, str]]
LITERALS = ("month", "true", "false")  # bare words other tools read as themselves


_MONTH_WORD = compile_on_use(r"[A-Za-z]{3,}\.?")


def month_in(text: str) -> int | None:
    """The month a month field names, also among days: '{27 Apr--2 May}' is April (fmt
    keeps such a value as written: bibtex.parse_month is strict)."""
    found = parse_month(text)
    if found or not text:
        return found
    return next((month for word in _MONTH_WORD.findall(text) if (month := parse_month(word))), None)


def unclassified(publication: Publication) -> tuple[VenueType, str]:
    raise TypeError(f"{publication.key}: this Publication was made without a classifier")


@dataclass(frozen=True, slots=True)
class Publication:
    """One entry, decoded: LaTeX to Unicode, @string macros resolved, names split."""

    key: str
    entry_type: str
    line: int
    fields: Mapping[str, str]  # decoded Unicode text, lower-case names (decoded when read)
    latex_fields: dict[str, str]  # macros resolved, outer braces dropped, LaTeX kept
    warnings: tuple[str, ...] = field(default=())
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)
    classify: Classifier = field(default=unclassified, compare=False, repr=False)
    # Worked out on first read by the method of the same name with a '_' (__getattr__), then
    # kept in the slot: functools.cached_property needs a __dict__ per entry (40 MB at 100k).
    # Renderers sort, group and print by these; dedupe and stats need few entries' names.
    authors: tuple[Person, ...] = field(init=False, repr=False, compare=False)
    truncated: bool = field(init=False, repr=False, compare=False)
    year: int | None = field(init=False, repr=False, compare=False)
    month: int | None = field(init=False, repr=False, compare=False)
    classification: tuple[VenueType, str] = field(init=False, repr=False, compare=False)
    venue_type: VenueType = field(init=False, repr=False, compare=False)
    digest: str = field(init=False, repr=False, compare=False)
    venue_field: str = field(init=False, repr=False, compare=False)

    if not TYPE_CHECKING:  # for mypy every other name stays an error

        def __getattr__(self, name: str):
            """A worked-out attribute on its first read (the slot is still empty)."""
            work = _WORK.get(name)  # a dict, not getattr(f"_{name}"): 0.17 of 1.1 us a read
            if work is None:
                raise AttributeError(f"'Publication' object has no attribute '{name}'")
            value = work(self)
            object.__setattr__(self, name, value)
            return value

    def _authors(self) -> tuple[Person, ...]:
        latex = self.latex_fields.get("author")
        return self.memo.people_of(latex) if latex else ()

    def _truncated(self) -> bool:
        """The author list ends in 'and others' (or 'et al.'): it names only some authors."""
        latex = self.latex_fields.get("author")
        return truncated(latex) if latex else False

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def title(self) -> str:
        return self.get("title")

    def _year(self) -> int | None:
        match = _YEAR.search(self.get("year") or self.get("date"))
        return int(match.group()) if match else None

    def _month(self) -> int | None:
        return month_in(self.get("month")) or month_from_date(self.get("date"))

    def _classification(self) -> tuple[VenueType, str]:
        """The stored venue type, else the classified one, and the rule that said so (as
        its classifier says); exports, selections, stats, dedupe and check ask."""
        return self.classify(self)

    def _venue_type(self) -> VenueType:
        return self.classification[0]

    @property
    def venue(self) -> str:
        """Where it appeared: the field that names the venue for this entry type."""
        name = self.venue_field
        return self.fields[name] if name else ""

    def _digest(self) -> str:
        """What the memo knows this entry by: its key, type and every field's LaTeX (a
        crossref parent's included), all that its venue type and its item are made of."""
        from publist.digests import blake2b

        parts = (self.key, self.entry_type, *chain.from_iterable(self.latex_fields.items()))
        text = "\x00".join(parts)  # half the time of a repr, 10k entries: 18 ms
        if text.count("\x00") != len(parts) - 1:  # a NUL in a value: spelt out unambiguously
            text = repr(parts)
        return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def _venue_field(self) -> str:
        """The name of the field that `venue` comes from ('' when none), for its LaTeX."""
        for name in VENUE_FIELDS:
            if name in self.latex_fields and self.fields.get(name):
                return name
        return ""


# The slots Publication.__getattr__ fills, each with the method that works it out.
_WORK = {f.name: getattr(Publication, f"_{f.name}") for f in dataclasses.fields(Publication)
         if not f.init}  # fmt: skip


class DecodedFields(Mapping[str, str]):
    """Fields decoded to Unicode on first read: most commands show a few fields of each
    entry, and decoding an abstract nobody reads can cost more than parsing the file."""

    __slots__ = ("_latex", "_text", "_memo")

    def __init__(self, latex_fields: dict[str, str], memo: Memo) -> None:
        self._latex = latex_fields
        self._text: dict[str, str] = {}
        self._memo = memo

    def __getitem__(self, name: str) -> str:
        text = self._text.get(name)
        if text is None:
            text = self._text[name] = self._memo.text(self._latex[name])
        return text

    def get(self, name: str, default=None):  # Mapping's own get is slow: renderers call it a lot
        text = self._text.get(name)
        if text is not None:
            return text
        if name not in self._latex:
            return default
        text = self._text[name] = self._memo.text(self._latex[name])
        return text

    def __contains__(self, name: object) -> bool:
        return name in self._latex

    def __iter__(self) -> Iterator[str]:
        return iter(self._latex)

    def __len__(self) -> int:
        return len(self._latex)

    def __repr__(self) -> str:
        return f"DecodedFields({dict(self)!r})"


# Each field name's lower case, one string for every entry: a string per field took 45 MB
# at 100k entries. Bounded: a library names a few dozen fields.
_LOWER: dict[str, str] = {}


def _lowered(name: str) -> str:
    lowered = intern(name.lower())
    if len(_LOWER) < 10_000:
        _LOWER[name] = lowered
    return lowered


def publication(
    block: Block, macros: dict[str, str], memo: Memo, classify: Classifier = unclassified
) -> Publication:
    """Decode one entry block."""
    missing: list[str] = []
    latex_fields: dict[str, str] = {}
    for name, raw in block.fields:
        lowered = _LOWER.get(name) or _lowered(name)
        if lowered not in latex_fields:  # a repeated field: BibTeX keeps the first
            latex_fields[lowered] = evaluate(raw, macros, missing)
    warnings = tuple(
        f"{block.key}: @string '{name}' is used but never defined"
        for name in missing
        if name.lower() not in LITERALS and not parse_month(name)  # al-folio: 'June', 'true'
    ) if missing else ()  # fmt: skip
    return Publication(
        key=block.key or "",
        entry_type=(block.entry_type or "").lower(),
        line=block.line,
        fields=DecodedFields(latex_fields, memo),
        latex_fields=latex_fields,
        warnings=warnings,
        memo=memo,
        classify=classify,
    )


def publications(
    library: LibraryFile, memo: Memo, classify: Classifier = unclassified
) -> list[Publication]:
    """Every entry of a library, decoded, in file order."""
    macros = library.macros()
    return [publication(block, macros, memo, classify) for block in library.entries()]

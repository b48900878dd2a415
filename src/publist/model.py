"""Publication and Person: a decoded, read-only view of a stored entry."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from publist.bibfile import Block, LibraryFile

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_MACROS = {name[:3].lower(): name for name in MONTH_NAMES}
# Only these need the (slow) LaTeX parser: commands, math and comments.
LATEX_MARKS = ("\\", "$", "%")
# What the parser makes of LaTeX's special characters (pylatexenc's own table), longest first.
SPECIALS = (
    ("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"),
    ("!`", "\u00a1"), ("?`", "\u00bf"), ("~", " "),
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    """One author: name parts as written (LaTeX) and decoded."""

    first: str
    von: str
    last: str
    jr: str
    latex: str  # the name as it stands in the field, macros resolved

    @property
    def display(self) -> str:
        """Given names first, as a CV prints them."""
        parts = [self.first, self.von, self.last]
        name = " ".join(part for part in parts if part)
        return f"{name}, {self.jr}" if self.jr else name

    @property
    def latex_display(self) -> str:
        from bibtexparser.middlewares.names import parse_single_name_into_parts

        parts = parse_single_name_into_parts(self.latex, strict=False)
        name = " ".join(" ".join(p) for p in (parts.first, parts.von, parts.last) if p)
        return f"{name}, {' '.join(parts.jr)}" if parts.jr else name


@dataclass(frozen=True)
class Publication:
    """One entry, decoded: LaTeX to Unicode, @string macros resolved, names split."""

    key: str
    entry_type: str
    line: int
    fields: Mapping[str, str]  # decoded Unicode text, lower-case names (decoded when read)
    latex_fields: dict[str, str]  # macros resolved, outer braces dropped, LaTeX kept
    authors: tuple[Person, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def title(self) -> str:
        return self.get("title")

    @property
    def year(self) -> int | None:
        match = re.search(r"\d{4}", self.get("year") or self.get("date"))
        return int(match.group()) if match else None

    @property
    def month(self) -> int | None:
        return parse_month(self.get("month")) or _month_from_date(self.get("date"))

    @property
    def venue(self) -> str:
        """Where it appeared: the field that names the venue for this entry type."""
        for name in ("booktitle", "journal", "journaltitle", "eventtitle", "howpublished",
                     "school", "institution", "series", "publisher"):  # fmt: skip
            if self.fields.get(name):
                return self.fields[name]
        return ""


def parse_month(text: str) -> int | None:
    text = text.strip().strip(".").lower()
    if not text:
        return None
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    for index, name in enumerate(MONTH_NAMES, start=1):
        if text[:3] == name[:3].lower() and name.lower().startswith(text[:3]):
            return index
    return None


def _month_from_date(text: str) -> int | None:
    match = re.match(r"\s*\d{4}-(\d{1,2})", text)
    return parse_month(match.group(1)) if match else None


# --- raw values ---


def evaluate(raw: str, macros: dict[str, str], missing: list[str] | None = None) -> str:
    """The text of a raw BibTeX value: concatenation, quotes, braces and macros resolved."""
    pieces = []
    for part in _split_concatenation(raw):
        part = part.strip()
        if not part:
            continue
        if part[0] == "{" and part[-1] == "}":
            pieces.append(part[1:-1])
        elif part[0] == '"' and part[-1] == '"':
            pieces.append(part[1:-1])
        elif part.isdigit():
            pieces.append(part)
        else:
            name = part.lower()
            if name in macros:
                pieces.append(evaluate(macros[name], {}, missing))
            elif name in MONTH_MACROS:
                pieces.append(MONTH_MACROS[name])
            else:
                if missing is not None:
                    missing.append(part)
                pieces.append(part)
    return "".join(pieces)


def _split_concatenation(raw: str) -> list[str]:
    if "#" not in raw:
        return [raw]
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:index])
            start = index + 1
    parts.append(raw[start:])
    return parts


@lru_cache(maxsize=65536)
def latex_to_text(value: str) -> str:
    """Unicode text of a LaTeX value; values without commands or math skip the (slow) decoder."""
    if not any(mark in value for mark in LATEX_MARKS):
        # Without commands, the decoder only spells the special characters and drops the
        # braces (which just protect case); doing that here is 100 times faster.
        for special, text in SPECIALS:
            if special in value:
                value = value.replace(special, text)
        return _squash(value.replace("{", "").replace("}", ""))
    decoder, context = _decoder()
    # A walker builds its whole macro table unless it is given one: share it.
    text = decoder.latex_to_text(value, latex_context=context)
    return _squash(text.replace("\xa0", " "))


def _squash(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text
    from pylatexenc.latexwalker import get_default_latex_context_db

    decoder = LatexNodes2Text(math_mode="text", keep_comments=False, strict_latex_spaces=True)
    return decoder, get_default_latex_context_db()


class DecodedFields(Mapping[str, str]):
    """Fields decoded to Unicode on first read: most commands show a few fields of each
    entry, and decoding an abstract nobody reads can cost more than parsing the file."""

    __slots__ = ("_latex", "_text")

    def __init__(self, latex_fields: dict[str, str]) -> None:
        self._latex = latex_fields
        self._text: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        text = self._text.get(name)
        if text is None:
            text = self._text[name] = latex_to_text(self._latex[name])
        return text

    def __contains__(self, name: object) -> bool:
        return name in self._latex

    def __iter__(self) -> Iterator[str]:
        return iter(self._latex)

    def __len__(self) -> int:
        return len(self._latex)

    def __repr__(self) -> str:
        return f"DecodedFields({dict(self)!r})"


@lru_cache(maxsize=65536)
def split_people(latex: str) -> tuple[Person, ...]:
    from bibtexparser.middlewares.names import (
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    people = []
    for name in split_multiple_persons_names(latex):
        try:
            parts = parse_single_name_into_parts(name, strict=False)
        except Exception:  # a name bibtexparser cannot split stays whole
            people.append(Person("", "", latex_to_text(name), "", name))
            continue
        decoded = [latex_to_text(" ".join(p)) for p in (parts.first, parts.von, parts.last)]
        people.append(Person(*decoded, latex_to_text(" ".join(parts.jr)), name))
    return tuple(people)


# --- building the view ---


def publication(block: Block, macros: dict[str, str]) -> Publication:
    """Decode one entry block."""
    missing: list[str] = []
    latex_fields: dict[str, str] = {}
    for name, raw in block.fields:
        latex_fields[name.lower()] = evaluate(raw, macros, missing)
    fields = DecodedFields(latex_fields)
    authors = split_people(latex_fields["author"]) if latex_fields.get("author") else ()
    warnings = tuple(
        f"{block.key}: @string '{name}' is used but never defined"
        for name in missing
        if name.lower() not in ("month",)
    )
    return Publication(
        key=block.key or "",
        entry_type=(block.entry_type or "").lower(),
        line=block.line,
        fields=fields,
        latex_fields=latex_fields,
        authors=authors,
        warnings=warnings,
    )


def publications(library: LibraryFile) -> list[Publication]:
    """Every entry of a library, decoded, in file order."""
    macros = library.macros()
    return [publication(block, macros) for block in library.entries()]

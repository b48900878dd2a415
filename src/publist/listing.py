"""Rows for `publist list` and the detail for `publist show`: pure data, no printing."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass

from publist import stats, storage
from publist.bibfile import LibraryFile
from publist.config import Config
from publist.model import Publication
from publist.people import NameMatcher, fold_letters
from publist.selection import Selection
from publist.storage import owner_positions


@dataclass(frozen=True)
class Row:
    key: str
    year: int | None
    type: str
    typed: bool  # False when the type was guessed by the classification rules
    venue: str
    title: str
    authors: int
    owner_positions: tuple[int, ...]
    short_venue: str = ""  # 'OSDI', 'NeurIPS Workshop': for the table, not the JSON

    @property
    def owner_text(self) -> str:
        if not self.owner_positions:
            return "-"
        return ",".join(str(p) for p in self.owner_positions) + f"/{self.authors}"

    def cells(self) -> tuple[str, ...]:
        """key, year, type, short venue, title, owner: the table's columns."""
        return (self.key, str(self.year or ""), self.type, self.short_venue, self.title,
                self.owner_text)  # fmt: skip

    def as_dict(self) -> dict:
        data = asdict(self)
        data["owner_positions"] = list(self.owner_positions)
        del data["short_venue"]
        return data


def matches(item: Publication, text: str) -> bool:
    """Whether the key, title, venue or an author holds the text, case and accents aside:
    'varro' finds Varró, 'lodz' finds Łódź."""
    haystack = " ".join(
        [item.key, item.title, item.venue, *(person.display for person in item.authors)]
    )
    return without_accents(text) in without_accents(haystack)


def without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return fold_letters("".join(char for char in decomposed if not unicodedata.combining(char)))


def rows(
    items: list[Publication],
    config: Config,
    chosen: Selection = Selection(),
    search: str | None = None,
    matcher: NameMatcher | None = None,
) -> list[Row]:
    matcher = matcher or NameMatcher.of(config.owner_names)
    result = []
    for item in items:
        kind = item.venue_type
        if not chosen.admits(item, kind):
            continue
        if search and not matches(item, search):
            continue
        stored = storage.venue_type(item) is not None
        result.append(
            Row(item.key, item.year, kind.value, stored, item.venue, item.title,
                len(item.authors), owner_positions(item, matcher),
                stats.venue_key(item, kind) or "")
        )  # fmt: skip
    return result


def detail(
    library: LibraryFile,
    items: list[Publication],
    key: str,
    config: Config,
    matcher: NameMatcher | None = None,
) -> dict:
    block = library.entry(key)
    item = next(item for item in items if item.key == block.key)
    return {
        "key": item.key,
        "entry_type": item.entry_type,
        "type": item.venue_type.value,
        "line": item.line,
        "fields": {
            **({"author": "; ".join(p.display for p in item.authors)} if item.authors else {}),
            **{name: value for name, value in item.fields.items() if name != "author"},
        },
        "owner_positions": list(
            owner_positions(item, matcher or NameMatcher.of(config.owner_names))
        ),
        "raw": library.raw_text(block),
    }

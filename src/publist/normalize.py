"""Turn fetched or pasted BibTeX into entries in publist's own shape (pure functions).

Shared by `add` and `import`: citation keys like yu2022orca, DBLP noise dropped, months as
macros, bare DOIs, page ranges with an en dash, the venue type in keywords, fields in the
house order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from publist import house, storage, venues
from publist.bibtex import RawField, braced, ends_in_escape, evaluate, is_key
from publist.blocks import parse_text
from publist.errors import ParseError, UsageProblem
from publist.kinds import VenueType
from publist.latex import latex_to_text
from publist.model import Publication
from publist.people import fold_letters, split_people
from publist.reading import as_publication
from publist.tagging import check_positions

NOISE_FIELDS = frozenset({"timestamp", "biburl", "bibsource"})
STOP_WORDS = frozenset(
    "a an the on of in for to and or with without towards toward via from at by is are "
    "do does how what when where which who why can we our your its it as into onto".split()
)


@dataclass(frozen=True)
class Draft:
    """An entry ready for LibraryFile.add_entry."""

    key: str
    entry_type: str
    fields: tuple[RawField, ...]
    origin: str = ""
    guessed_type: bool = False  # the venue type in keywords is publist's guess, not a source's

    def publication(self) -> Publication:
        return as_publication(self.key, self.entry_type, list(self.fields))

    def probe(self) -> Publication:
        """The entry as duplicate checks must see it. dedupe takes a stored venue type as the
        user's word (a demo and a paper are two works); a guess from the entry type is none:
        Google Scholar's @article of a conference paper is still that paper."""
        raw = list(self.fields)
        if self.guessed_type:
            raw = storage.without_venue_type(raw)
        return as_publication(self.key, self.entry_type, raw)

    def render(self) -> str:
        return house.render_entry(self.entry_type, self.key, list(self.fields))


@dataclass(frozen=True)
class Marks:
    """What the user asked to set on every new entry."""

    venue_type: VenueType | None = None
    equal: tuple[int, ...] = ()
    award: str = ""
    tags: tuple[str, ...] = ()
    key: str = ""

    def __post_init__(self) -> None:
        # Checked when the command line is read: before any network round trip.
        for tag in self.tags:
            storage.check_tag(tag)
        if self.award:
            storage.check_text("award", self.award)
        if self.key and not is_key(self.key):
            raise UsageProblem(
                f"'{self.key}' is not a citation key (no spaces or any of , {{ }} ( ) \" # % ' = \\)"
            )


def parse_entries(text: str, origin: str) -> list[tuple[str, str, list[RawField]]]:
    """(key, type, raw fields) of every entry in BibTeX text; a failed block is one error."""
    blocks, problems = parse_text(text)
    if problems:
        first = problems[0]
        raise ParseError(f"{origin}:{first.line}: {first.message}")
    macros = {
        block.key.lower(): block.fields[0][1]
        for block in blocks
        if block.kind == "string" and block.key and block.fields
    }
    return [
        (block.key or "", block.entry_type or "misc", _expand(block.fields, macros))
        for block in blocks
        if block.kind == "entry"
    ]


def _expand(raw: list[RawField], macros: dict[str, str]) -> list[RawField]:
    """Inline the pasted text's own @string macros: they will not exist in the library."""
    if not macros:
        return list(raw)
    result = []
    for name, value in raw:
        words = {part.strip().lower() for part in value.split("#")}
        if words & macros.keys():
            result.append((name, braced(evaluate(value, macros))))
        else:
            result.append((name, value))
    return result


# --- cleaning the fields ---


def clean(entry_type: str, raw: Iterable[RawField]) -> tuple[str, list[RawField]]:
    """A fetched or pasted entry in the house style (house.py), without DBLP's noise, empty
    values, a repeated field, or a url that only links the DOI."""
    result: list[RawField] = []
    for name, value in raw:
        name = name.strip().lower()
        value = value.strip()
        if name in NOISE_FIELDS or not value or value in ("{}", '""'):
            continue
        if any(existing == name for existing, _ in result):
            continue
        result.append((name, value))
    result = house.house_fields(result)
    doi = storage.get_raw(result, "doi")
    url = storage.get_raw(result, "url")
    if doi and url and _is_doi_link(url[1:-1] if url.startswith("{") else url, doi):
        result = storage.set_field(result, "url", None)
    return entry_type.lower(), result


def _plain(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] in '{"' and value[-1] == ("}" if value[0] == "{" else '"'):
        return value[1:-1].strip()
    return value


def _is_doi_link(url: str, doi: str) -> bool:
    bare = storage.strip_doi(url)
    return bare != url.strip() and bare.lower() == _plain(doi).lower()


# --- citation keys ---


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of a text, accents folded."""
    decomposed = unicodedata.normalize("NFKD", latex_to_text(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]", "", fold_letters(plain))


def base_key(item: Publication) -> str:
    """family name + year + first significant title word: yu2022orca."""
    family = ascii_word(item.authors[0].last) if item.authors else ""
    if not family and item.get("editor"):
        editors = split_people(item.latex_fields["editor"])
        family = ascii_word(editors[0].last) if editors else ""
    words = [ascii_word(word) for word in re.split(r"[\s\-–—:/]+", item.title)]
    significant = [word for word in words if word and word not in STOP_WORDS]
    word = significant[0] if significant else (words[0] if words and words[0] else "")
    year = str(item.year) if item.year else ""
    return f"{family}{year}{word}" or "entry"


def unique_key(base: str, taken: Collection[str]) -> str:
    """base, or base + a, b, ... z, aa, ab ... when the key is in use (case-insensitive)."""
    lowered = {key.lower() for key in taken}
    if base.lower() not in lowered:
        return base
    index = 0
    while True:
        suffix = _letters(index)
        if (base + suffix).lower() not in lowered:
            return base + suffix
        index += 1


def _letters(index: int) -> str:
    text = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        text = chr(ord("a") + remainder) + text
    return text


# --- the whole step ---


def draft(
    entry_type: str,
    raw: Iterable[RawField],
    taken: Collection[str],
    marks: Marks = Marks(),
    origin: str = "",
    store_guess: bool = True,
) -> Draft:
    """A cleaned, keyed, typed and marked entry; `taken` are the keys already in use.

    The venue type goes into keywords when the user gave one; the rules' guess only for an
    entry from a service (store_guess), never into the user's own pasted or copied entries,
    which stay exactly as `fmt` would write them."""
    entry_type, cleaned = clean(entry_type, raw)
    provisional = as_publication("", entry_type, cleaned)
    stored = storage.venue_type(provisional)
    guessed = marks.venue_type is None and stored is None
    if marks.venue_type is not None and marks.venue_type != stored:
        cleaned = storage.with_venue_type(cleaned, marks.venue_type)
    elif guessed and store_guess:
        cleaned = storage.with_venue_type(cleaned, venues.classify(provisional)[0])
    for tag in marks.tags:
        cleaned = storage.with_tag(cleaned, tag)
    key = marks.key or unique_key(base_key(provisional), taken)
    if marks.equal:
        named = as_publication(key, entry_type, cleaned)
        cleaned = storage.with_marks(cleaned, storage.EQUAL, check_positions(marks.equal, named))
    if marks.award:
        cleaned = storage.with_text(cleaned, "award", marks.award)
    return Draft(key, entry_type, tuple(house.house_order(cleaned)), origin, guessed_type=guessed)


def with_key(entry: Draft, taken: Collection[str]) -> Draft:
    """The same entry with its key made unique again (the library may have changed)."""
    return replace(entry, key=unique_key(entry.key, taken))


# --- entries typed by hand ---

HAND_TYPES = {
    VenueType.CONFERENCE: ("inproceedings", "booktitle"),
    VenueType.WORKSHOP: ("inproceedings", "booktitle"),
    VenueType.DEMO: ("inproceedings", "booktitle"),
    VenueType.POSTER: ("inproceedings", "booktitle"),
    VenueType.JOURNAL: ("article", "journal"),
    VenueType.PREPRINT: ("misc", "howpublished"),
    VenueType.THESIS: ("phdthesis", "school"),
    VenueType.BOOK: ("book", "publisher"),
    VenueType.CHAPTER: ("incollection", "booktitle"),
    VenueType.PATENT: ("misc", "howpublished"),
    VenueType.TALK: ("misc", "howpublished"),
    VenueType.OTHER: ("misc", "howpublished"),
}


def by_hand(
    title: str,
    authors: list[str],
    venue: str,
    year: str,
    kind: VenueType,
    month: str = "",
    url: str = "",
    doi: str = "",
) -> tuple[str, list[RawField]]:
    """Entry type and raw fields from plain text typed on the command line."""
    entry_type, venue_field = HAND_TYPES[kind]
    raw: list[RawField] = [
        ("author", braced(" and ".join(escape(name) for name in authors))),
        ("title", braced(escape(title))),
    ]
    if venue:
        raw.append((venue_field, braced(escape(venue))))
    raw.append(("year", braced(year)))
    if month:
        raw.append(("month", month))
    if doi:
        raw.append(("doi", braced(doi)))
    if url:
        raw.append(("url", braced(url)))
    return entry_type, raw


def escape(text: str, specials: str = "&%#_") -> str:
    """Plain text for a braced BibTeX value: LaTeX specials escaped, braces balanced."""
    text = re.sub(rf"(?<!\\)([{re.escape(specials)}])", r"\\\1", " ".join(text.split()))
    if ends_in_escape(text):  # a lone backslash at the end is one, not an escaped brace
        text = text[:-1] + "\\textbackslash{}"
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    return text if depth == 0 else " ".join(text.replace("{", "").replace("}", "").split())

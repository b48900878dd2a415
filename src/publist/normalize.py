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

from publist import bibfile, fields
from publist.bibfile import Block, RawField, braced
from publist.errors import ParseError, UsageProblem
from publist.fields import VenueType
from publist.model import (  # MONTH_MACROS: the sources take it from here
    MONTH_MACROS,  # noqa: F401
    Publication,
    evaluate,
    latex_to_text,
    month_macro,
    publication,
    split_people,
)
from publist.names import fold_letters
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
            raw = fields.without_venue_type(raw)
        return as_publication(self.key, self.entry_type, raw)

    def render(self) -> str:
        return bibfile.render_entry(self.entry_type, self.key, list(self.fields))


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
            fields.check_tag(tag)
        if self.award:
            fields.check_text("award", self.award)
        if self.key and not bibfile.is_key(self.key):
            raise UsageProblem(
                f"'{self.key}' is not a citation key (no spaces or any of , {{ }} ( ) \" # % ' = \\)"
            )


def as_publication(key: str, entry_type: str, raw: list[RawField]) -> Publication:
    return publication(Block("entry", -1, -1, 0, key, entry_type, list(raw)), {})


def parse_entries(text: str, origin: str) -> list[tuple[str, str, list[RawField]]]:
    """(key, type, raw fields) of every entry in BibTeX text; a failed block is one error."""
    blocks, problems = bibfile.parse_text(text)
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
    """Lower-case names, no noise, months as macros, bare DOIs, tidy pages, house order."""
    result: list[RawField] = []
    for name, value in raw:
        name = name.strip().lower()
        value = " ".join(value.split())
        if name in NOISE_FIELDS or not value or value in ("{}", '""'):
            continue
        if any(existing == name for existing, _ in result):
            continue
        result.append((name, _clean_value(name, value)))
    doi = fields.get_raw(result, "doi")
    url = fields.get_raw(result, "url")
    if doi and url and _is_doi_link(url[1:-1] if url.startswith("{") else url, doi):
        result = fields.set_field(result, "url", None)
    return entry_type.lower(), bibfile.house_order(result)


def _clean_value(name: str, value: str) -> str:
    if name == "month":
        return month_macro(evaluate(value, {})) or value  # "July 15" keeps its day
    if name == "doi":
        return braced(fields.strip_doi(_plain(value)))
    if name == "pages":
        pages = _plain(value).replace("–", "--").replace("—", "--")
        pages = re.sub(r"(?<=\w)\s*-{1,3}\s*(?=\w)", "--", pages)
        return braced(pages)
    if name == "year" and _plain(value).isdigit():
        return braced(_plain(value))
    return value


def _plain(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] in '{"' and value[-1] == ("}" if value[0] == "{" else '"'):
        return value[1:-1].strip()
    return value


def _is_doi_link(url: str, doi: str) -> bool:
    bare = fields.strip_doi(url)
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
) -> Draft:
    """A cleaned, keyed, typed and marked entry; `taken` are the keys already in use."""
    entry_type, cleaned = clean(entry_type, raw)
    provisional = as_publication("", entry_type, cleaned)
    given = marks.venue_type or fields.venue_type(provisional)
    kind = given or _classify(provisional)
    cleaned = fields.with_venue_type(cleaned, kind)
    for tag in marks.tags:
        cleaned = fields.with_tag(cleaned, tag)
    key = marks.key or unique_key(base_key(provisional), taken)
    if marks.equal:
        named = as_publication(key, entry_type, cleaned)
        cleaned = fields.with_marks(cleaned, fields.EQUAL, check_positions(marks.equal, named))
    if marks.award:
        cleaned = fields.with_text(cleaned, "award", marks.award)
    return Draft(
        key, entry_type, tuple(bibfile.house_order(cleaned)), origin, guessed_type=given is None
    )


def _classify(item: Publication) -> VenueType:
    from publist import venues

    return venues.classify(item)[0]


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
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    return text if depth == 0 else " ".join(text.replace("{", "").replace("}", "").split())

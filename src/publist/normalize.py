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
from urllib.parse import unquote

from publist import house, storage, venues
from publist.bibtex import RawField, braced, ends_in_escape, evaluate, is_key, split_list
from publist.blocks import Block, parse_text
from publist.errors import ParseError, UsageProblem
from publist.kinds import VenueType
from publist.latex import latex_to_text
from publist.model import Publication
from publist.people import fold_letters, split_people
from publist.reading import as_publication

NOISE_FIELDS = frozenset({"timestamp", "biburl", "bibsource"})
# Fields only the user sets: what a CV shows as theirs (an award, equal contribution, a
# highlight, old keys, pairs declared distinct, their tags and venue type). A service's
# BibTeX never brings them in; publist writes its own venue type guess instead.
USER_FIELDS = frozenset(
    {"award", "award_name", "ids", "distinct", "keywords", "selected", "annotation"}
)
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
    """(key, type, raw fields) of every entry in BibTeX text; a failed block is one error.

    Two failures BibTeX itself reads past are taken in: a key given twice (both entries
    come back; the caller decides whether they are one work) and a field given twice with
    the same value, or a keywords list given twice (its words united)."""
    blocks, problems = parse_text(text)
    kept: list[Block] = []
    for block in blocks:
        if block.error and block.fields:  # the parser read it, though not as-is
            fields = _one_value_each(block.fields)
            if fields is None:
                continue
            block = replace(block, kind="entry", fields=fields, error=None)
            problems = [problem for problem in problems if problem.line != block.line]
        kept.append(block)
    if problems:
        first = problems[0]
        raise ParseError(f"{origin}:{first.line}: {first.message}")
    macros = {
        block.key.lower(): block.fields[0][1]
        for block in kept
        if block.kind == "string" and block.key and block.fields
    }
    return [
        (block.key or "", block.entry_type or "misc", _expand(block.fields, macros))
        for block in kept
        if block.kind == "entry"
    ]


def _one_value_each(fields: list[RawField]) -> list[RawField] | None:
    """Fields with each name once: a repeat with the same value dropped, keywords united;
    None when a field has two different values (which one is meant is the user's call)."""
    result: list[RawField] = []
    for name, value in fields:
        index = next(
            (i for i, (other, _) in enumerate(result) if other.lower() == name.lower()), -1
        )
        if index < 0:
            result.append((name, value))
        elif name.lower() == "keywords":
            words = split_list(evaluate(result[index][1], {})) + split_list(evaluate(value, {}))
            united = list(dict.fromkeys(words))
            result[index] = (result[index][0], braced(", ".join(united)))
        elif " ".join(value.split()) != " ".join(result[index][1].split()):
            return None
    return result


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


def is_user_field(name: str) -> bool:
    """A field only the user sets (USER_FIELDS, or a biblatex annotation like author+an)."""
    return name.lower() in USER_FIELDS or "+an" in name.lower()


def clean(
    entry_type: str, raw: Iterable[RawField], from_network: bool = False
) -> tuple[str, list[RawField]]:
    """A fetched or pasted entry in the house style (house.py), without DBLP's noise, empty
    values, a repeated field, or a url that only links the DOI; an entry from a service
    also without the fields only the user sets."""
    result: list[RawField] = []
    for name, value in raw:
        name = name.strip().lower()
        value = value.strip()
        if name in NOISE_FIELDS or not value or value in ("{}", '""'):
            continue
        if from_network and is_user_field(name):
            continue
        if from_network and name == "doi":
            value = value.replace("\\_", "_")  # DBLP's BibTeX escape; a DOI has no LaTeX
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
    """https://doi.org/10.1007%2F11880561_13 links the DOI 10.1007/11880561_13 (doi.org's
    BibTeX quotes the slash); DBLP escapes the DOI's underscore (10.1007/11880561\\_13)."""
    bare = unquote(storage.strip_doi(url))
    plain_doi = _plain(doi).replace("\\_", "_")
    return bare != url.strip() and bare.replace("\\_", "_").lower() == plain_doi.lower()


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
    key: str = "",
) -> Draft:
    """A cleaned, keyed, typed and marked entry; `taken` are the keys already in use.

    `key` is the key to give it as it is (the caller checked it is free); without one it
    gets marks.key or one made like yu2022orca that `taken` does not have. The venue type
    goes into keywords when the user gave one; the rules' guess only for an entry from a
    service (store_guess), never into the user's own pasted or copied entries, which stay
    exactly as `fmt` would write them. An entry from a service (an origin) loses the
    fields only the user sets."""
    entry_type, cleaned = clean(entry_type, raw, from_network=bool(origin))
    provisional = as_publication("", entry_type, cleaned)
    stored = storage.venue_type(provisional)
    guessed = marks.venue_type is None and stored is None
    if marks.venue_type is not None and marks.venue_type != stored:
        cleaned = storage.with_venue_type(cleaned, marks.venue_type)
    elif guessed and store_guess:
        cleaned = storage.with_venue_type(cleaned, venues.classify(provisional)[0])
    for tag in marks.tags:
        cleaned = storage.with_tag(cleaned, tag)
    key = key or marks.key or unique_key(base_key(provisional), taken)
    if marks.equal:
        from publist.tagging import check_positions  # 3.5 ms of the start of every other add

        named = as_publication(key, entry_type, cleaned)
        cleaned = storage.with_marks(cleaned, storage.EQUAL, check_positions(marks.equal, named))
    if marks.award:
        cleaned = storage.with_text(cleaned, "award", marks.award)
    return Draft(key, entry_type, tuple(house.house_order(cleaned)), origin, guessed_type=guessed)


def with_key(entry: Draft, key: str, old_key: str = "") -> Draft:
    """The same entry under another key; an old key (the one it came with) goes into
    biblatex's `ids`, so \\cite{old} keeps working."""
    fields = list(entry.fields)
    if old_key and old_key.lower() != key.lower():
        fields = with_ids(fields, [old_key])
    return replace(entry, key=key, fields=tuple(fields))


def with_ids(fields: list[RawField], keys: Iterable[str]) -> list[RawField]:
    """`ids` with these keys added (once each, case-insensitively)."""
    raw = storage.get_raw(fields, "ids")
    current = split_list(evaluate(raw, {})) if raw else []
    known = {value.lower() for value in current}
    added = [key for key in dict.fromkeys(keys) if key.lower() not in known]
    if not added:
        return fields
    return storage.set_field(fields, "ids", braced(", ".join([*current, *added])))


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


@dataclass(frozen=True)
class Typed:
    """An entry typed on the command line: plain text, not LaTeX (month as a macro)."""

    title: str
    authors: tuple[str, ...]
    year: str
    kind: VenueType
    venue: str = ""
    month: str = ""
    volume: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    pdf: str = ""
    code: str = ""
    note: str = ""


def venue_type_of(venue: str) -> VenueType | None:
    """The venue type a venue's name says on its own ("VLDB 2023 Demonstrations" is a demo),
    or None when only an entry type would decide it ("OSDI" as a booktitle or a journal)."""
    if not venue.strip():
        return None
    value = braced(escape(venue))
    kinds = {
        venues.classify(as_publication("", entry_type, [(field, value)]))[0]
        for entry_type, field in (("inproceedings", "booktitle"), ("article", "journal"))
    }
    return kinds.pop() if len(kinds) == 1 else None


def by_hand(typed: Typed) -> tuple[str, list[RawField]]:
    """Entry type and raw fields from plain text typed on the command line."""
    entry_type, venue_field = HAND_TYPES[typed.kind]
    raw: list[RawField] = [
        ("author", braced(" and ".join(escape(name) for name in typed.authors))),
        ("title", braced(escape(typed.title))),
    ]
    if typed.venue:
        raw.append((venue_field, braced(escape(typed.venue))))
    raw += [(name, braced(escape(value))) for name, value in
            (("volume", typed.volume), ("pages", typed.pages)) if value]  # fmt: skip
    raw.append(("year", braced(typed.year)))
    if typed.month:
        raw.append(("month", typed.month))
    links = (("doi", typed.doi), ("url", typed.url), ("pdf", typed.pdf), ("code", typed.code))
    raw += [(name, braced(value)) for name, value in links if value]
    if typed.note:
        raw.append(("note", braced(escape(typed.note))))
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

"""The house style of one entry: what `fmt` writes, and what `add`, `import`, `tag` and a
merge write for the entries they make. Defined once, so every command writes the same text.

- fields in one order (FIELD_ORDER, then the rest as they came), names in lower case,
  two-space indent, `=` aligned, a comma after every field;
- every value in braces (numbers too: `year = {2021}`), whitespace runs as one space;
- months as BibTeX's macros (`month = jul`), DOIs bare, page ranges with `--`;
- values that use @string macros or `#` concatenation stay as written.
"""

from __future__ import annotations

import re

from publist.bibtex import (
    ENTRY_TYPE,
    NAME,
    READABLE_KEY,
    RawField,
    braced,
    ends_in_escape,
    evaluate,
    has_top_level_hash,
    month_macro,
    well_formed,
)
from publist.errors import LibraryError
from publist.identifiers import strip_doi_prefix

FIELD_ORDER = (
    "author", "title", "booktitle", "journal", "series", "volume", "number", "pages",
    "editor", "publisher", "school", "institution", "organization", "holder", "address", "type",
    "year", "month", "day", "doi", "eprint", "archiveprefix", "primaryclass", "url", "pdf",
    "code", "slides", "video", "isbn", "issn", "note", "keywords", "author+an", "award", "ids",
    "distinct",
)  # fmt: skip
_RANK = {name: index for index, name in enumerate(FIELD_ORDER)}
_PAGE_DASH = re.compile(r"(?<=\w)\s*-{1,3}\s*(?=\w)")
_SPACES = re.compile(r"[ \t\r\n]+")  # what BibTeX reads as one space (not NBSP)


def field_rank(name: str) -> int:
    """A field's place in the house order; fields publist does not know come last."""
    return _RANK.get(name.lower(), len(FIELD_ORDER))


def house_order(fields: list[RawField]) -> list[RawField]:
    """FIELD_ORDER first, then the rest as they came (sorted is stable)."""
    return sorted(fields, key=lambda item: field_rank(item[0]))


def house_fields(raw: list[RawField], macros: dict[str, str] | None = None) -> list[RawField]:
    """Fields in the house order, names in lower case, values in house form."""
    macros = macros or {}
    return [
        (name.lower(), house_value(name.lower(), value, macros)) for name, value in house_order(raw)
    ]


def house_value(name: str, raw: str, macros: dict[str, str]) -> str:
    """One value in house form (see the module docstring)."""
    value = _SPACES.sub(" ", raw).strip(" ")
    if name == "month":
        month = None if value.lower() in macros else month_macro(evaluate(value, {}))
        if month:
            return month
    if _is_composite(value):
        return value  # rewriting it would lose the macro the author chose
    text = _strip_spaces(_inner(value))
    if name == "doi":
        text = strip_doi_prefix(text)
    elif name == "pages":
        text = page_range(text)
    return braced(text)


def _strip_spaces(text: str) -> str:
    """The text without outer spaces, but a control space (`ml\\ `) keeps its space: without
    it the backslash would escape the closing brace."""
    stripped = text.strip(" ")
    return stripped + " " if ends_in_escape(stripped) and text.endswith(" ") else stripped


def page_range(text: str) -> str:
    """'10-20', '10 – 20', '10—20' -> '10--20' (BibTeX's en dash)."""
    return _PAGE_DASH.sub("--", text.replace("–", "--").replace("—", "--"))


def _is_composite(value: str) -> bool:
    """A value that uses '#' or a macro name rather than a braced or quoted string."""
    if "#" in value and has_top_level_hash(value):
        return True
    return not (value.startswith(("{", '"')) or value.isdigit())


def _inner(value: str) -> str:
    """The text inside one pair of outer braces or quotes (a quoted value may hold '{"}' or
    bare braces: it moves into braces unchanged)."""
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1]
    return value


# --- the text of one entry ---


def entry_problem(entry_type: str, key: str, fields: list[RawField]) -> str | None:
    """Why the entry's text would not parse back as this entry, or None when it would."""
    if not ENTRY_TYPE.fullmatch(entry_type):
        return f"'{entry_type}' is not an entry type"
    if not READABLE_KEY.fullmatch(key):
        return f"'{key}' is not a citation key"
    for name, raw in fields:
        if not NAME.fullmatch(name):
            return f"{key}: '{name}' is not a field name"
        if not well_formed(raw):
            return f"{key}: the {name} value {raw!r} is not well-formed BibTeX"
        if "\x00" in raw:  # a file with a NUL in it reads as binary, not as a library
            return f"{key}: the {name} value holds a NUL character"
    return None


def check_entry(entry_type: str, key: str, fields: list[RawField]) -> None:
    """Refuse an entry whose text would not parse back: the library would lose it."""
    problem = entry_problem(entry_type, key, fields)
    if problem:
        raise LibraryError(f"{problem}; nothing was written")


def render_entry(entry_type: str, key: str, fields: list[RawField], newline: str = "\n") -> str:
    """The entry's text from fields as given: two-space indent, aligned '=', trailing commas."""
    check_entry(entry_type, key, fields)
    width = max((len(name) for name, _ in fields), default=0)
    lines = [f"@{entry_type.lower()}{{{key},"]
    lines += [f"  {name.lower():<{width}} = {value}," for name, value in fields]
    lines.append("}")
    return newline.join(lines)


def house_entry(
    entry_type: str,
    key: str,
    fields: list[RawField],
    macros: dict[str, str] | None = None,
    newline: str = "\n",
) -> str:
    """One entry in the house style."""
    return render_entry(entry_type.lower(), key, house_fields(fields, macros), newline)

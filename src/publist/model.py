"""Publication and Person: a decoded, read-only view of a stored entry."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

from publist.bibfile import Block, LibraryFile

if TYPE_CHECKING:
    from publist.fields import VenueType

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_MACROS = tuple(name[:3].lower() for name in MONTH_NAMES)  # jan ... dec, as BibTeX has them
_MONTH_OF_MACRO = dict(zip(MONTH_MACROS, MONTH_NAMES, strict=True))
_YEAR = re.compile(r"\d{4}")
_MONTH_NUMBER = re.compile(r"\d{1,2}")
_DATE_MONTH = re.compile(r"\s*\d{4}-(\d{1,2})")
VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "eventtitle", "howpublished", "school",
                "institution", "series", "publisher")  # fmt: skip
# Only values with commands or math need the LaTeX parser. A bare % or & elsewhere is meant
# literally (exports are full of "50%" and "R&D"), though LaTeX would read a comment there.
LATEX_MARKS = ("\\", "$")
# What the parser makes of LaTeX's special characters (pylatexenc's own table), longest first.
SPECIALS = (
    ("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"),
    ("!`", "\u00a1"), ("?`", "\u00bf"), ("~", " "),
)  # fmt: skip


class Person(NamedTuple):
    """One author: name parts decoded, and the name as printed (made once per distinct name,
    see _person: a library names the same people again and again; a tuple, so that a run's
    memo stores and reads it as it is)."""

    first: str
    von: str
    last: str
    jr: str
    latex: str  # the name as it stands in the field, macros resolved
    display: str  # given names first, as a CV prints them
    latex_display: str  # the same with its LaTeX kept, for the LaTeX export


def _given_first(first: str, von: str, last: str, jr: str) -> str:
    name = " ".join(part for part in (first, von, last) if part)
    return f"{name}, {jr}" if jr else name


@dataclass(frozen=True)
class Publication:
    """One entry, decoded: LaTeX to Unicode, @string macros resolved, names split."""

    key: str
    entry_type: str
    line: int
    fields: Mapping[str, str]  # decoded Unicode text, lower-case names (decoded when read)
    latex_fields: dict[str, str]  # macros resolved, outer braces dropped, LaTeX kept
    warnings: tuple[str, ...] = field(default=())

    @cached_property  # split on first use: dedupe and stats need few entries' names
    def authors(self) -> tuple[Person, ...]:
        latex = self.latex_fields.get("author")
        return split_people(latex) if latex else ()

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def title(self) -> str:
        return self.get("title")

    @cached_property  # renderers sort, group and print by these: worked out once
    def year(self) -> int | None:
        match = _YEAR.search(self.get("year") or self.get("date"))
        return int(match.group()) if match else None

    @cached_property
    def month(self) -> int | None:
        return parse_month(self.get("month")) or _month_from_date(self.get("date"))

    @cached_property  # exports, selections and stats all ask: classified once per entry
    def venue_type(self) -> VenueType:
        """The stored venue type (`keywords = {type:...}`), else the classified one."""
        from publist import fields, venues  # both read Publications

        return fields.venue_type(self) or venues.classify(self)[0]

    @property
    def venue(self) -> str:
        """Where it appeared: the field that names the venue for this entry type."""
        name = self.venue_field
        return self.fields[name] if name else ""

    @cached_property
    def venue_field(self) -> str:
        """The name of the field that `venue` comes from ('' when none), for its LaTeX."""
        for name in VENUE_FIELDS:
            if name in self.latex_fields and self.fields.get(name):
                return name
        return ""


def parse_month(text: str) -> int | None:
    """The month a text names on its own: 7, 'Jul', 'July', 'Sept.'; None for 'July 15' or
    'Junk' (the one month parser: export, fmt, check and add agree on what a month is)."""
    text = text.strip()
    if _MONTH_NUMBER.fullmatch(text):
        return int(text) if 1 <= int(text) <= 12 else None
    word = text.rstrip(".").lower()
    if len(word) < 3 or not word.isalpha():
        return None
    for number, name in enumerate(MONTH_NAMES, start=1):
        if name.lower().startswith(word):
            return number
    return None


def month_macro(text: str) -> str | None:
    """'Aug', 'August', '8', 'aug.' -> 'aug'; None when the text is not exactly a month."""
    number = parse_month(text)
    return MONTH_MACROS[number - 1] if number else None


def _month_from_date(text: str) -> int | None:
    match = _DATE_MONTH.match(text)
    return parse_month(match.group(1)) if match else None


# --- raw values ---


def evaluate(raw: str, macros: dict[str, str], missing: list[str] | None = None) -> str:
    """The text of a raw BibTeX value: concatenation, quotes, braces and macros resolved."""
    if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
        return raw[1:-1]  # nearly every value: one braced piece
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
            elif name in _MONTH_OF_MACRO:
                pieces.append(_MONTH_OF_MACRO[name])
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


def latex_to_text(value: str) -> str:
    """Unicode text of a LaTeX value; values without commands or math skip the (slow) decoder."""
    if "\\" not in value and "$" not in value:  # LATEX_MARKS, spelt out: this runs a lot
        return _plain_value(value)
    text = _DECODED.get(value)
    if text is None:
        text = _pieces_to_text(value)
        if text is None:
            text = _decode(value)
        text = _DECODED[value] = _squash(text.replace("\xa0", " "))
        _Learned.anything = True
    return text


@lru_cache(maxsize=65536)
def _plain_value(value: str) -> str:
    return _squash(_plain_text(value))


def _decode(latex: str) -> str:
    decoder, context = _decoder()
    try:
        # A walker builds its whole macro table unless it is given one: share it.
        return decoder.latex_to_text(latex, latex_context=context)
    except Exception:  # the decoder trips on some malformed input; keep the words
        return _plain_text(re.sub(r"\\[A-Za-z]+ *|\\(.)", r"\1", latex))


def _plain_text(value: str) -> str:
    """Text without commands: the decoder would only spell the special characters and drop
    the braces (which just protect case); doing that here is 100 times faster."""
    if _SPECIAL_START.search(value):
        # Left to right, longest first, as the parser reads them ("!```" is "¡“").
        value = _SPECIAL_PATTERN.sub(lambda match: _SPECIAL_TEXT[match.group()], value)
    return value.replace("{", "").replace("}", "")


_SPECIAL_TEXT = dict(SPECIALS)
_SPECIAL_START = re.compile("[-`'!?~]")
_SPECIAL_PATTERN = re.compile("|".join(re.escape(special) for special, _ in SPECIALS))


def _pieces_to_text(value: str) -> str | None:
    """The decoder's text for a value, built from its commands and math decoded one by one
    (each distinct piece once: a library repeats the same few hundred accents).

    The LaTeX parser costs about a millisecond per value; names and titles hold a couple
    of commands in plain text. Anything this cannot cut into self-contained pieces (nested
    braces in an argument, commands with optional or several arguments, comments,
    alignment '&', display math) returns None and goes to the decoder whole.
    """
    pieces: list[str] = []
    position = 0
    while position < len(value):
        start = _next_mark(value, position)
        plain = value[position:start]
        if plain:
            if "%" in plain or "&" in plain:
                return None
            pieces.append(_plain_text(plain))
        if start == len(value):
            break
        end = _piece_end(value, start)
        if end is None:
            return None
        pieces.append(_decode_piece(value[start:end]))
        position = end
    return "".join(pieces)


def _next_mark(value: str, position: int) -> int:
    found = [
        index for index in (value.find("\\", position), value.find("$", position)) if index >= 0
    ]
    return min(found) if found else len(value)


def _piece_end(value: str, start: int) -> int | None:
    """Where the command or inline math starting at `start` ends, or None if it is not simple."""
    if value[start] == "$":
        end = value.find("$", start + 1)
        if end <= start + 1 or value[end - 1] == "\\" or "%" in value[start:end]:
            return None
        piece = value[start : end + 1]
        return end + 1 if piece.count("{") == piece.count("}") else None
    name_end = start + 1
    while name_end < len(value) and value[name_end].isalpha():  # as the parser reads names
        name_end += 1
    if name_end == start + 1:  # a control symbol: \' \& \,
        if name_end == len(value):
            return None
        name_end += 1
    name = value[start + 1 : name_end]
    if name in ("begin", "end"):
        return None  # an environment spans more than one piece
    arguments = "{" if name in ACCENTS else _arguments(name)
    if arguments is None:
        return None
    if arguments == "":
        if len(name) == 1 and not name.isalpha():
            return name_end
        return _skip_spaces(value, name_end)  # a control word eats the spaces after it
    if arguments == "[{":  # an optional argument first (\vphantom): only when it is absent
        after = _skip_spaces(value, name_end)
        if after is None or value.startswith("[", after):
            return None
    elif arguments != "{":
        return None
    return _argument_end(value, name_end)


def _argument_end(value: str, position: int) -> int | None:
    """The end of one mandatory argument: {text without braces}, a command word, or a char."""
    position = _skip_spaces(value, position)
    if position is None or position == len(value):
        return None
    char = value[position]
    if char == "{":
        end = value.find("}", position)
        inside = value[position + 1 : end]
        if end < 0 or "{" in inside or "%" in inside or inside.endswith("\\"):
            return None
        return end + 1
    if char == "\\":
        end = position + 1
        while end < len(value) and value[end].isalpha():
            end += 1
        if end == position + 1:  # a control symbol as the argument: \vphantom\{
            return end + 1 if end < len(value) else None
        return _skip_spaces(value, end)  # a command word as the argument eats them too
    # Not a sign: the parser would take a whole special like -- or `` as the argument.
    return position + 1 if char.isalnum() else None


def _skip_spaces(value: str, position: int) -> int | None:
    """Past the spaces at position; None at a blank line (a paragraph, which ends things)."""
    end = position
    while end < len(value) and value[end] in " \t\r\n":
        end += 1
    return None if value.count("\n", position, end) > 1 else end


def _arguments(name: str) -> str | None:
    """The parser's argument spec of a command ("{", "[{", "" for none); None when it reads
    its argument its own way (\verb)."""
    spec = _decoder()[1].get_macro_spec(name)
    if spec is None:
        return ""
    if type(spec.args_parser).__name__ != "MacroStandardArgsParser":
        return None
    return spec.args_parser.argspec


@lru_cache(maxsize=8192)
def _decode_piece(piece: str) -> str:
    accent = _ACCENT_PIECE.fullmatch(piece)
    if accent:  # é, č, ç...: the parser's own answer, without loading it
        parts = accent.groupdict()
        name = parts["symbol"] or parts["word"]
        letter = parts["a"] or parts["b"] or parts["c"] or parts["d"]
        return unicodedata.normalize("NFC", letter + ACCENTS[name])
    return _decode(piece)


# LaTeX's accent commands and the combining marks the parser puts on their letter.
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "b": "\u0331", "d": "\u0323",
}  # fmt: skip
# \'e \'{e} \v{c} \v c: an accent on one ASCII letter (anything else goes to the parser).
_ACCENT_PIECE = re.compile(
    r"\\(?P<symbol>['`^\"~=.])(?:\{(?P<a>[A-Za-z])\}|(?P<b>[A-Za-z]))"
    r"|\\(?P<word>[uvHckrbd])(?:\{(?P<c>[A-Za-z])\}| +(?P<d>[A-Za-z]))"
)


def _squash(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _decoder():
    import logging

    from pylatexenc.latex2text import LatexNodes2Text
    from pylatexenc.latexwalker import get_default_latex_context_db
    from pylatexenc.macrospec import MacroSpec

    # pylatexenc logs odd input (a \frac without arguments) itself; the library never prints.
    logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)
    decoder = LatexNodes2Text(math_mode="text", keep_comments=False, strict_latex_spaces=True)
    context = get_default_latex_context_db()
    # The parser does not know \href's two arguments, which the text writer expects.
    context.add_context_category("publist", macros=[MacroSpec("href", "{{")], prepend=True)
    return decoder, context


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

    def get(self, name: str, default=None):  # Mapping's own get is slow: renderers call it a lot
        text = self._text.get(name)
        if text is not None:
            return text
        if name not in self._latex:
            return default
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


def split_people(latex: str) -> tuple[Person, ...]:
    people = _PEOPLE.get(latex)
    if people is None:
        people = _PEOPLE[latex] = tuple(_person(name) for name in split_names(latex))
        _Learned.anything = True
    return people


# Author lists split at 'and' by patterns: bibtexparser's character loop gives the same
# answer (tested on every list of the corpus) and is ten times slower.
_AND = re.compile(r"[ \t\r\n]+and[ \t\r\n]+", re.IGNORECASE)
_AND_OR_BRACE = re.compile(r"\\.|[{}]|[ \t\r\n]+and[ \t\r\n]+", re.IGNORECASE | re.DOTALL)
_PLAIN_NAME = re.compile(r"[^{}\\~$]*")  # nothing LaTeX would decode but specials


def split_names(latex: str) -> list[str]:
    """The names of an author or editor list, split at 'and' outside braces, as
    bibtexparser splits them (and BibTeX): an escaped character (\\{, \\') is one token.

    bibtexparser drops an escape that opens a name ('A and \\'Eva B' gives 'Eva B');
    here it stays part of the name.
    """
    text = latex.strip(" \r\n\t")
    if not text:
        return []
    if "{" not in text and "}" not in text and "\\" not in text:
        return _AND.split(text)
    names, start, depth = [], 0, 0
    for match in _AND_OR_BRACE.finditer(text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)  # as bibtexparser: a stray } closes nothing
        elif token[0] == "\\":
            continue
        elif depth == 0 and not text.startswith("}", match.end()):  # "and }" is a word
            names.append(text[start : match.start()])
            start = match.end()
    names.append(text[start:])
    return names


@lru_cache(maxsize=1 << 18)
def _person(name: str) -> Person:
    """One name split into parts (cached: a lab's library names the same people again and again)."""
    latex = _split_name(name) or ("", "", name, "")  # a name that cannot be split stays whole
    if _PLAIN_NAME.fullmatch(name) and not _SPECIAL_PATTERN.search(name):
        display = _given_first(*latex)  # nothing to decode: the parts read as written
        return Person(*latex, name, display, display)
    text = tuple(latex_to_text(part) for part in latex)
    return Person(*text, name, _given_first(*text), _given_first(*latex))


def _split_name(name: str) -> tuple[str, str, str, str] | None:
    """first, von, last, jr as written; None when bibtexparser cannot split it."""
    if _CAPITALISED.fullmatch(name):  # most names of a library: no von, no jr
        last, comma, first = name.partition(", ")
        if not comma:
            first, _, last = name.rpartition(" ")
        return first, "", last, ""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except Exception:
        return None
    first, von, last, jr = (" ".join(p) for p in (parts.first, parts.von, parts.last, parts.jr))
    return first, von, last, jr


# 'Ada Byron King' or 'King, Ada Byron': words that each start with an ASCII capital, one
# space apart. bibtexparser splits them the same way (tested on every name of the corpus)
# at a tenth of the speed.
_WORDS = r"[A-Z][^\s,{}\\~$]*(?: [A-Z][^\s,{}\\~$]*)*"
_CAPITALISED = re.compile(rf"{_WORDS}(?:, {_WORDS})?")


# --- what a run learns, kept for the next one (see bibfile.read_memo) ---

# Decoded values and split author lists depend on nothing but their text and this code,
# so a run on an unchanged library takes them from the last run: in a large export they
# cost a quarter of the time, and the LaTeX and name parsers need not even load.
# (Unbounded: a process holds one library's values, as its Publications hold its fields.)
_DECODED: dict[str, str] = {}  # values with commands or math -> their text
_PEOPLE: dict[str, tuple[Person, ...]] = {}  # author or editor lists -> their people
MEMO_FORMAT = 1


class _Learned:
    anything = False  # decoded or split something that no memo had


def memo_stamp() -> str | None:
    """What the remembered results depend on besides their text: publist's decoding code
    and the parsers it calls; None when that cannot be told (no memo then)."""
    from pylatexenc.version import version_str

    from publist import __version__
    from publist.bibfile import parser_stamp

    try:
        here = os.stat(__file__)  # an edited checkout changes the results, not the version
    except OSError:  # run from a zip, or upgraded under a running process
        return None
    return (
        f"{MEMO_FORMAT} publist {__version__} {here.st_size} {here.st_mtime_ns} "
        f"pylatexenc {version_str} bibtexparser {parser_stamp()}"
    )


def use_memo(memo: object) -> None:
    """Take up the results an earlier run kept (see memo); a memo from other code, or one
    that is damaged, is ignored."""
    stamp = memo_stamp()
    if stamp is None or not isinstance(memo, dict) or memo.get("stamp") != stamp:
        return
    try:
        persons = [Person._make(row) for row in memo["persons"]]
        people = {
            latex: tuple(persons[index] for index in indices)
            for latex, indices in memo["people"].items()
        }
        decoded = dict(memo["decoded"])
        # A memo holds only text: join raises TypeError at anything else.
        "".join([*decoded, *decoded.values(), *people, *chain.from_iterable(persons)])
    except (KeyError, TypeError, IndexError, ValueError, AttributeError):
        return
    _DECODED.update(decoded)
    _PEOPLE.update(people)


def memo() -> dict | None:
    """This run's results for the next run (JSON data), or None when it learned nothing new."""
    stamp = memo_stamp()
    if not _Learned.anything or stamp is None:
        return None
    numbers: dict[Person, int] = {}
    people = {
        latex: [numbers.setdefault(person, len(numbers)) for person in group]
        for latex, group in _PEOPLE.items()
    }
    return {"stamp": stamp, "decoded": _DECODED, "persons": list(numbers), "people": people}


def forget() -> None:
    """Drop what this process has decoded and split (for tests that count the work)."""
    _DECODED.clear()
    _PEOPLE.clear()
    _Learned.anything = False
    _plain_value.cache_clear()
    _person.cache_clear()
    _decode_piece.cache_clear()


# --- building the view ---


def publication(block: Block, macros: dict[str, str]) -> Publication:
    """Decode one entry block."""
    missing: list[str] = []
    latex_fields: dict[str, str] = {}
    for name, raw in block.fields:
        latex_fields[name.lower()] = evaluate(raw, macros, missing)
    fields = DecodedFields(latex_fields)
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
        warnings=warnings,
    )


def publications(library: LibraryFile) -> list[Publication]:
    """Every entry of a library, decoded, in file order."""
    macros = library.macros()
    return [publication(block, macros) for block in library.entries()]

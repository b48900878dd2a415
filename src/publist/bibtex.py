"""The BibTeX value grammar: braces, quotes, @string concatenation, names, months (pure)."""

from __future__ import annotations

import re

# A field as stored: its name and its raw value text ("{Orca}", "2022", "jan", "osdi # { 2022}").
RawField = tuple[str, str]

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_MACROS = tuple(name[:3].lower() for name in MONTH_NAMES)  # jan ... dec, as BibTeX has them
MONTH_OF_MACRO = dict(zip(MONTH_MACROS, MONTH_NAMES, strict=True))
_MONTH_NUMBER = re.compile(r"\d{1,2}")
# What nearly every month field holds ('July', 'jul', '7', '07'): one lookup, not the loop.
_COMMON_MONTHS = {
    spelling: number
    for number, name in enumerate(MONTH_NAMES, start=1)
    for spelling in (name.lower(), name[:3].lower(), str(number), f"{number:02d}")
}
_DATE_MONTH = re.compile(r"\s*\d{4}-(\d{1,2})")

# A citation key or field name every BibTeX tool reads as one word: what new keys must be.
NAME = re.compile(r"[^\s,{}()\"#%'=\\]+")
# What bibtexparser reads back as the key it was written from. Libraries exported by other
# tools hold keys like "Conference paper2022775" or "" (JabRef); their entries stay editable.
READABLE_KEY = re.compile(r"(?:[^\s,{}](?:[^,{}\r\n]*[^\s,{}])?)?")
ENTRY_TYPE = re.compile(r"[A-Za-z][\w-]*")
_LIST_SEPARATOR = re.compile(r"[,;]")
# One piece in braces, with braces nested inside up to three deep, all balanced.


def braced(value: str) -> str:
    """A raw field value for a plain string."""
    return "{" + value + "}"


def ends_in_escape(text: str) -> bool:
    """Text ending in an odd run of backslashes: braced, its last one would escape the
    closing brace for LaTeX and for parsers that skip an escaped brace (bibtexparser)."""
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def is_key(text: str) -> bool:
    return NAME.fullmatch(text) is not None


def split_list(text: str) -> list[str]:
    """The items of a comma or semicolon list (keywords, ids)."""
    return [item.strip() for item in _LIST_SEPARATOR.split(text) if item.strip()]


# --- months ---


def parse_month(text: str) -> int | None:
    """The month a text names on its own: 7, 'Jul', 'July', 'Sept.'; None for 'July 15' or
    'Junk' (the one month parser: export, fmt, check and add agree on what a month is)."""
    text = text.strip()
    common = _COMMON_MONTHS.get(text.lower())
    if common:
        return common
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


def month_from_date(text: str) -> int | None:
    """The month of a biblatex date ('2022-07-15', '2022-07'), or None."""
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
            elif name in MONTH_OF_MACRO:
                pieces.append(MONTH_OF_MACRO[name])
            else:
                if missing is not None:
                    missing.append(part)
                pieces.append(part)
    return "".join(pieces)


# Bare words other tools read as themselves (al-folio: 'June', 'true'): as model.LITERALS.
_LITERAL_WORDS = ("month", "true", "false")


def undefined_macros(fields: list[RawField], macros: dict[str, str]) -> list[str]:
    """The bare names in raw values that no @string defines (a month or literal aside)."""
    missing: list[str] = []
    for _, raw in fields:
        if raw[:1] != "{" or raw[-1:] != "}" or "#" in raw:  # one braced piece names none
            evaluate(raw, macros, missing)
    return [
        name for name in missing if name.lower() not in _LITERAL_WORDS and not parse_month(name)
    ]


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


def well_formed(raw: str) -> bool:
    """A raw value that reads back as written: braced or quoted strings, numbers and macro
    names, joined by '#'; braces balanced, no bare quote inside a quoted string.

    Braces are counted as BibTeX counts them: every one, a backslash before it or not
    (bibtex.web, scan_balanced_braces).
    """
    if raw[:1] == "{" and raw[-1:] == "}":
        inner = raw[1:-1]
        if ("{" not in inner and "}" not in inner) or _balanced(inner):
            return True  # nearly every value: one braced piece, told without a loop in Python
    if raw.isdigit():
        return True
    pieces = _top_level_pieces(raw)
    return pieces is not None and all(_well_formed_piece(piece.strip()) for piece in pieces)


_BRACE = re.compile(r"[{}]")


def _balanced(text: str) -> bool:
    """Every brace of the text matched within it. Only the braces are visited: removing
    innermost pairs one regex pass per level took 2 s for a value nested 20,000 deep."""
    depth = 0
    for brace in _BRACE.findall(text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def has_top_level_hash(value: str) -> bool:
    """A '#' outside braces and quotes: the value is a concatenation."""
    pieces = _top_level_pieces(value)
    return pieces is not None and len(pieces) > 1


def _top_level_pieces(value: str) -> list[str] | None:
    """The value split at top-level '#'; None when a brace closes too early or never."""
    pieces, start, depth, quoted = [], 0, 0, False
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(value[start:index])
            start = index + 1
    if depth or quoted:
        return None
    pieces.append(value[start:])
    return pieces


def _well_formed_piece(piece: str) -> bool:
    if piece.startswith("{"):
        depth = 0
        for index, char in enumerate(piece):
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth == 0:
                return index == len(piece) - 1  # the first brace closes only at the end
        return False
    if piece.startswith('"'):
        return len(piece) >= 2 and piece.endswith('"') and _no_bare_quote(piece[1:-1])
    return NAME.fullmatch(piece) is not None  # a number or a macro name


def _no_bare_quote(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == '"' and depth == 0:
            return False
    return True

"""Reading the plain blocks of a library by patterns, as bibtexparser's splitter reads them.

bibtexparser's splitter steps through every brace, quote, comma, equals sign and newline
of the file in Python: nine tenths of a first run's parse. Nearly every entry of a real
library is plain (`@type{key,` then `name = value` fields, braces nested a few deep, no
backslash or '@' outside braces), and for those a few compiled patterns give the same
blocks (type, key, fields, span, line) several times faster. Anything else is handed to
bibtexparser: blocks.py asks `plain_entry` first and parses the rest as before.

The rules the patterns mirror (bibtexparser 2's splitter): a mark is one of `{ } " , =`
and newline not preceded by a backslash (a brace always, as BibTeX counts
braces: see blocks._count_every_brace), or a block start `@word` before `{` or `(`;
inside quotes braces do not count, inside braces quotes do not; a field's name and value
are the text between its marks, stripped. What the patterns cannot vouch for (a backslash
or '@' at the top of a value, braces nested deeper than NESTING, a quote holding braces,
a name given twice) they leave to bibtexparser.
"""

from __future__ import annotations

import re

from publist.bibtex import RawField

NESTING = 6  # brace depth the value pattern follows; deeper values go to bibtexparser
# A block start, as the splitter finds it: '@', a word, spaces or tabs, then { or (.
BLOCK_START = re.compile(r"@\w*[ \t]*(?=[{(])")
# An '@' that does not start a block is no mark (a block start inside a value may end it).
_AT = r"@(?![\w]*[ \t]*[{(])"
# Inside braces: any character but braces and '@'. A backslash escapes no brace: BibTeX
# counts every one, and so does blocks.py (it hides such backslashes from bibtexparser).
_INSIDE = rf"[^{{}}@]++|{_AT}"
# The splitter counts no braces inside quotes, but for '{"}' (a quote it does not end at);
# a quote after a backslash is no mark.
_QUOTED = rf'"(?:[^"{{\\@]++|\{{(?!")|\\"?|{_AT})*+"'
_TOP = rf'(?:[^{{}}",\\@]++|{_AT})'  # a value's text outside braces and quotes


def _braced(depth: int) -> str:
    pattern = r"\{(?:" + _INSIDE + r")*+\}"
    for _ in range(depth - 1):
        pattern = r"\{(?:" + _INSIDE + "|" + pattern + r")*+\}"
    return pattern


_VALUE = rf"(?:{_braced(NESTING)}|{_QUOTED}|{_TOP})*+"
# One field: its name up to '=', its value up to the comma or brace that ends it.
_FIELD = r'[^{}",=\\@]*=' + _VALUE
# A plain entry whole: type, key up to its comma, fields each ended by a comma or (the last
# one) by the closing brace, which may follow a last comma after spaces.
_ENTRY = re.compile(rf'@(\w+)[ \t]*\{{([^{{}}",=\\@]*),(?:{_FIELD}(?:,|(?=\}})))*+[ \t\r\n]*\}}')
_FIELDS = re.compile(_FIELD)  # no groups: they would double the time
SPECIAL_TYPES = ("comment", "preamble", "string")  # blocks the splitter reads otherwise


def plain_entry(text: str, start: int) -> tuple[str, str, list[RawField], int] | None:
    """(type, key, fields, end) of the plain entry starting at `start`, or None when the
    entry is not plain: then only bibtexparser may say what it holds."""
    entry = _ENTRY.match(text, start)
    if entry is None:
        return None
    entry_type = entry.group(1).lower()
    if entry_type.startswith(SPECIAL_TYPES):
        return None
    end = entry.end()
    # The entry's fields one after another (the first '=' of each ends its name).
    fields = [_split_field(field) for field in _FIELDS.findall(text, entry.end(2), end - 1)]
    if len({name for name, _ in fields}) < len(fields):
        return None  # a name given twice: bibtexparser reports the entry as a failed block
    return entry_type, entry.group(2).strip(), fields, end


def _split_field(field: str) -> RawField:
    name, _, value = field.partition("=")
    return name.strip(), value.strip()


class Lines:
    """1-based line numbers as the splitter counts them (a newline after a backslash is not
    a mark, so it does not count), for positions asked in order: counted once each."""

    __slots__ = ("text", "position", "line")

    def __init__(self, text: str) -> None:
        self.text, self.position, self.line = text, 0, 1

    def at(self, position: int) -> int:
        if position < self.position:
            self.position, self.line = 0, 1
        text, start = self.text, self.position
        # A backslash just before `start` escapes a newline at `start`: count that pair too.
        self.line += text.count("\n", start, position) - text.count(
            "\\\n", max(start - 1, 0), position
        )
        self.position = position
        return self.line

"""LaTeX to text: every routine that turns a field's LaTeX into Unicode lives here.

`latex_to_text` is exact: pylatexenc's answer, with a fast path that builds the same text
from self-contained pieces (tested against the whole decoder on the corpus). `plain_title`
is dedupe's rough spelling of a title, good enough to compare titles, without the decoder.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from publist.patterns import compile_on_use

# Only values with commands or math need the LaTeX parser. BibTeX field text is not TeX source
# line by line: a bare % or & is a literal percent or ampersand ("50%", "R&D") for every
# BibTeX tool, never a comment or an alignment tab, with or without LaTeX around it.
LATEX_MARKS = ("\\", "$")
# A % or & after an even run of backslashes (none, or escaped backslashes) is bare.
_BARE_SPECIAL = compile_on_use(r"(?<!\\)((?:\\\\)*)([%&])")
# What the parser makes of LaTeX's special characters (pylatexenc's own table), longest first.
SPECIALS = (
    ("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"),
    ("!`", "\u00a1"), ("?`", "\u00bf"), ("~", " "),
)  # fmt: skip


def latex_to_text(value: str) -> str:
    """Unicode text of a LaTeX value; values without commands or math skip the (slow) decoder."""
    if "\\" not in value and "$" not in value:  # LATEX_MARKS, spelt out: this runs a lot
        return plain_value(value)
    return _latex_value(value)


@lru_cache(maxsize=65536)
def _latex_value(value: str) -> str:
    return decode_value(value)


def decode_value(value: str) -> str:
    """The decoder's text for a value with commands or math, uncached (memo.Memo keeps a
    whole library's answers between runs)."""
    if "%" in value or "&" in value:
        value = _BARE_SPECIAL.sub(r"\1\\\2", value)  # the decoder reads \% and \& literally
    value = spaced_greek(value)
    text = _pieces_to_text(value)
    if text is None:
        text = _decode(value)
    return _squash(text.replace("\xa0", " "))


# A Greek letter outside math ("with \delta Scuti pulsations") is an error to TeX, so TeX's
# rule that a command eats the spaces after it has no say: the author typed a word apart.
GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
    "xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta "
    "Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
).split()
_GREEK_WORD = re.compile(r"(\\(?:" + "|".join(GREEK) + r"))(?=[ \t]+[^\s$])")
_MATH = compile_on_use(r"(?<!\\)\$(?:[^$\\]|\\.)*\$", re.DOTALL)


def spaced_greek(value: str) -> str:
    """The value with `{}` after each Greek letter command that stands in text before a
    space, so that the space stays (inside $...$ the command is math, and it goes)."""
    if "\\" not in value or not _GREEK_WORD.search(value):
        return value
    out, position = [], 0
    for math in _MATH.finditer(value):
        out.append(_GREEK_WORD.sub(r"\1{}", value[position : math.start()]))
        out.append(math.group())
        position = math.end()
    out.append(_GREEK_WORD.sub(r"\1{}", value[position:]))
    return "".join(out)


@lru_cache(maxsize=65536)
def plain_value(value: str) -> str:
    """A value without commands or math: specials spelled, braces dropped, spaces squashed."""
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
    # Most values have no special ('-' and "'" are none). Every special holds one of these
    # four marks, and `in` rules them out faster than the pattern's search (150 against 210
    # ns a value; a first export of 10k entries reads 150k values).
    if "--" in value or "`" in value or "''" in value or "~" in value:
        # Left to right, longest first, as the parser reads them ("!```" is "¡“").
        value = SPECIAL_PATTERN.sub(lambda match: _SPECIAL_TEXT[match.group()], value)
    return value.replace("{", "").replace("}", "")


_SPECIAL_TEXT = dict(SPECIALS)
SPECIAL_PATTERN = re.compile("|".join(re.escape(special) for special, _ in SPECIALS))


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


def command_end(value: str, start: int) -> int | None:
    """Where the command at `start` (a backslash) ends with its arguments and the spaces it
    eats, as the decoder reads it; None when it is not self-contained (see _pieces_to_text)."""
    return _piece_end(value, start)


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
        if piece.count("{") != piece.count("}"):
            return None
        return end + 1 if "\\" not in piece or _commands_complete(piece[1:-1]) else None
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
    if arguments in ("[{", "*{"):  # an optional [argument] (\vphantom) or star (\hspace)
        after = _skip_spaces(value, name_end)  # first: only when it is absent
        if after is None or value.startswith(arguments[0], after):
            return None
    elif arguments != "{":
        return None
    return _argument_end(value, name_end)


def _commands_complete(math: str) -> bool:
    """Every command of the math has its arguments before the closing $: '$\\frac$a' is no
    piece (the parser reads '$' and 'a' as the fraction's arguments)."""
    for command in _COMMAND_WORD.finditer(math):
        arguments = _arguments(command.group(1))
        if arguments is None or "[" in arguments or "*" in arguments:
            return False
        position: int | None = command.end()
        for _ in range(arguments.count("{")):
            position = _argument_end(math, position) if position is not None else None
        if position is None:
            return False
    return True


_COMMAND_WORD = compile_on_use(r"\\([A-Za-z]+)")


def _argument_end(value: str, position: int) -> int | None:
    """The end of one mandatory argument: {text without braces}, a command word, or a char."""
    start = _skip_spaces(value, position)
    if start is None or start == len(value):
        return None
    position = start
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
_ACCENT_PIECE = compile_on_use(
    r"\\(?P<symbol>['`^\"~=.])(?:\{(?P<a>[A-Za-z])\}|(?P<b>[A-Za-z]))"
    r"|\\(?P<word>[uvHckrbd])(?:\{(?P<c>[A-Za-z])\}| +(?P<d>[A-Za-z]))"
)


# Control characters have no place in text shown or exported (an ESC would reach the
# terminal through `export -f txt`); whitespace ones are spaces, squashed like the rest.
CONTROLS = dict.fromkeys([*range(0, 32), 127, *range(128, 160)], " ")


def without_controls(text: str) -> str:
    """text.translate(CONTROLS), looked for first: a translation by dict reads each
    character in Python (40 ms for the author lists of 10k entries), and controls are rare."""
    if text.isprintable():  # no control: a C loop, 3 times faster than _CONTROL.search
        return text
    return text.translate(CONTROLS) if _CONTROL.search(text) else text


_CONTROL = compile_on_use("[\x00-\x1f\x7f-\x9f]")  # the keys of CONTROLS


def _squash(text: str) -> str:
    return " ".join(without_controls(text).split())


# The logos of TeX and its family, as text: the LaTeX kernel's (\TeX, \LaTeX, \LaTeXe) and
# those of the usual logo packages (hologo, metalogo, dtklogos) that titles and venues cite.
LOGOS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX",
    "BibLaTeX": "BibLaTeX", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "eTeX": "e-TeX",
    "ConTeXt": "ConTeXt", "AmS": "AMS", "AmSTeX": "AMS-TeX", "AmSLaTeX": "AMS-LaTeX",
    "SliTeX": "SliTeX", "METAFONT": "METAFONT", "MF": "METAFONT", "METAPOST": "METAPOST",
    "MP": "METAPOST", "LyX": "LyX",
}  # fmt: skip


@lru_cache(maxsize=1)
def _decoder():
    import logging

    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
    from pylatexenc.latex2text import get_default_latex_context_db as get_default_text_context_db
    from pylatexenc.latexwalker import get_default_latex_context_db
    from pylatexenc.macrospec import MacroSpec

    # pylatexenc logs odd input (a \frac without arguments) itself; the library never prints.
    logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)
    texts = get_default_text_context_db()
    # pylatexenc knows no logo macros and drops them: "\TeX: The Program" read ": The Program".
    logos = [MacroTextSpec(name, simplify_repl=text) for name, text in LOGOS.items()]
    texts.add_context_category("publist-logos", macros=logos, prepend=True)
    decoder = LatexNodes2Text(
        math_mode="text", keep_comments=False, strict_latex_spaces=True, latex_context=texts
    )
    context = get_default_latex_context_db()
    # The parser does not know \href's two arguments, which the text writer expects.
    context.add_context_category("publist", macros=[MacroSpec("href", "{{")], prepend=True)
    return decoder, context


# --- titles, roughly (for comparing them) ---

ACCENT = compile_on_use(
    r"\\[`'^\"~=.]\s*(?:\{\s*\\?([a-zA-Z])\s*\}|\\?([a-zA-Z]))"
    r"|\\[uvHckrdbt](?:\s*\{\s*\\?([a-zA-Z])\s*\}|\s+\\?([a-zA-Z]))"
)
COMMAND = compile_on_use(r"\\([a-zA-Z]+)\s*|\\(.)")
LETTERS = {"o": "o", "O": "O", "ss": "ss", "ae": "ae", "AE": "AE", "oe": "oe", "OE": "OE",
           "aa": "a", "AA": "A", "l": "l", "L": "L", "i": "i", "j": "j"}  # fmt: skip
FORMATTING = frozenset(
    "textit textbf emph textsc texttt textrm textsf textup textsl textnormal text mathrm mbox "
    "em bf it sc tt rm sf sl small large Large footnotesize protect relax ensuremath noopsort "
    "NoCaseChange url".split()
)


@lru_cache(maxsize=131072)
def plain_title(latex: str) -> str:
    """A title's LaTeX spelled out well enough to compare titles, without the slow decoder.

    Accents are folded anyway, so an accent command keeps only its letter; formatting
    commands vanish. Math goes through the full decoder (rare in titles).
    """
    if "$" in latex:
        return latex_to_text(latex)
    if "\\" not in latex:
        return latex.replace("{", "").replace("}", "").replace("~", " ")
    text = ACCENT.sub(lambda match: next(group for group in match.groups() if group), latex)
    text = COMMAND.sub(lambda match: _command_text(match.group(1), match.group(2)), text)
    return text.replace("{", "").replace("}", "").replace("~", " ")


def _command_text(name: str | None, symbol: str | None) -> str:
    if name is None:
        return " "  # \& \% \_ and the like: punctuation, dropped by the fold
    if name in LETTERS:
        return LETTERS[name]
    return "" if name in FORMATTING else name + " "

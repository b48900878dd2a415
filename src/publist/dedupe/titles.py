"""Titles spelled for comparison: DBLP's escapes undone, math spelled as words, accents
and case folded, and labels that name a version ("- Extended Version") dropped.

Two records of one paper spell its title in many ways: `$AC^0[\\oplus]$` in the author's
copy, `{\\textdollar}AC{\\^{}}0[{\\textbackslash}oplus]{\\textdollar}` in DBLP's standard
export, `AC{\\^{}}0[oplus]` in its condensed one, `AC⁰[⊕]` in Unicode. Each is spelled here
as the same words ("ac0 oplus"). Math never goes through the LaTeX decoder: a `%` beside
math must not cut a title, whatever the decoder does with it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

from publist.latex import plain_title
from publist.patterns import compile_on_use
from publist.people import fold

WORD_BREAK = re.compile(r"[\W_]+")
# DBLP's standard export spells a title's math out: {\textdollar}AC{\^{}}0{\textdollar}.
DBLP_ESCAPES = (
    ("{\\textdollar}", "$"), ("{\\textbackslash}", "\\"), ("\\textdollar", "$"),
    ("\\textbackslash", "\\"), ("{\\^{}}", ""), ("{\\_}", ""), ("\\{", "{"), ("\\}", "}"),
)  # fmt: skip
MATH = compile_on_use(r"\$\$?(.+?)\$\$?|\\\((.+?)\\\)", re.DOTALL)
# Inside math these only change the look of what follows.
MATH_FORMATTING = compile_on_use(
    r"\\(?:mathrm|mathbf|mathit|mathsf|mathtt|mathcal|mathbb|mathfrak|boldsymbol|operatorname"
    r"|mbox|text|textrm|textsf|textbf|textit|left|right|big|Big|bigl|bigr|,|;|!)\b\s*"
)
# Dashes and dots written as commands are punctuation, not words ("\emdash", "\ldots").
PUNCTUATION = compile_on_use(
    r"\\(?:emdash|endash|textemdash|textendash|ldots|dots|cdots|textellipsis|quad|qquad"
    r"|textquotedblleft|textquotedblright|textquoteleft|textquoteright|textbar|slash)(?![A-Za-z])"
)
PUNCTUATION_HINTS = ("dash", "dots", "quad", "textquote", "textbar", "slash", "textellipsis")
SOFT_HYPHEN = compile_on_use(r"\\-")
GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega"
).split()
# upgreek's \upOmega, as Crossref writes it, is the letter omega.
GREEK_UPRIGHT = {"up" + letter: letter for letter in GREEK}
# Unicode Greek letters and math signs spelled as their LaTeX names, so "α-Nets" meets
# "$\alpha$-Nets".
UNICODE_NAMES = {
    **{chr(0x3B1 + index): name for index, name in enumerate(GREEK[:17])},  # α ... ρ
    "ς": "sigma", **{chr(0x3C3 + index): name for index, name in enumerate(GREEK[17:])},
    **{chr(0x391 + index): name for index, name in enumerate(GREEK[:17])},  # Α ... Ρ
    **{chr(0x3A3 + index): name for index, name in enumerate(GREEK[17:])},
    "⊕": "oplus", "⊗": "otimes", "∞": "infty", "≤": "leq", "≥": "geq",
}  # fmt: skip
# "... - Extended Version", "(Extended Abstract)", "Full version": one work, however labelled.
VERSION_SUFFIX = compile_on_use(
    r"\s+(extended abstract|extended version|full version|long version|technical report"
    r"|tech report|preprint|journal version|conference version)$"
)
VERSION_SUFFIX_MINIMUM = 3  # words left: "Technical Report" alone is a title


@lru_cache(maxsize=131072)
def comparable_title(latex: str) -> str:
    """A title's LaTeX spelled out for comparing titles (latex.plain_title after math,
    DBLP's escapes, punctuation commands and soft hyphens are taken care of)."""
    if "\\" not in latex and "$" not in latex:
        return plain_title(latex)
    if "\\text" in latex or "{\\^{}}" in latex or "\\{" in latex:
        for escaped, plain in DBLP_ESCAPES:
            latex = latex.replace(escaped, plain)
    if "$" in latex or "\\(" in latex:
        latex = MATH.sub(lambda match: _math_words(match.group(1) or match.group(2) or ""), latex)
        latex = latex.replace("$", " ")
    if "\\" in latex:
        if any(name in latex for name in PUNCTUATION_HINTS):
            latex = PUNCTUATION.sub(" ", latex)
        if "\\-" in latex:
            latex = SOFT_HYPHEN.sub("", latex)
    return plain_title(latex)


def _math_words(math: str) -> str:
    """Math as DBLP's plain copies spell it: "AC^0[\\oplus]" -> "AC0[\\oplus]", "_2" -> "2"."""
    if "\\" in math:
        math = MATH_FORMATTING.sub("", math)
    return math.replace("^", "").replace("_", "")


@lru_cache(maxsize=131072)
def fold_text(text: str) -> str:
    """Lower case, accents folded (people.fold, letter by letter), punctuation turned into spaces."""
    if not text.isascii():
        text = "".join(char if char.isascii() else _folded_char(char) for char in text)
    return " ".join(WORD_BREAK.sub(" ", text.lower()).split())


@lru_cache(maxsize=4096)
def _folded_char(char: str) -> str:
    """A letter as people.fold spells it ("ü" -> "u", "ł" -> "l", "™" -> "tm"); a lone accent
    or a soft hyphen vanishes; a Greek letter is its name; any other sign separates words."""
    if unicodedata.combining(char) or char in "\u00ad\u200b":
        return ""
    if char in UNICODE_NAMES:
        return f" {UNICODE_NAMES[char]} "
    folded = fold(char.lower())  # lower first: people.fold's ł/ø/đ chain sees only small letters
    return folded if any(letter.isalnum() for letter in folded) else " "


def title_words(title: str) -> tuple[str, ...]:
    """The folded words of a (plain) title, without a label naming its version."""
    # Interned: a library's titles share their words (at 100k entries, 35 MB of dedupe's peak).
    words = list(map(sys.intern, fold_text(title).split()))
    if not GREEK_UPRIGHT.keys().isdisjoint(words):
        words = [GREEK_UPRIGHT.get(word, word) for word in words]
    if len(words) > VERSION_SUFFIX_MINIMUM and words[-1] in VERSION_LAST_WORDS:
        text = " ".join(words)
        stripped = VERSION_SUFFIX.sub("", text)
        if stripped != text and len(stripped.split()) >= VERSION_SUFFIX_MINIMUM:
            return tuple(map(sys.intern, stripped.split()))
    return tuple(words)


VERSION_LAST_WORDS = frozenset({"abstract", "version", "report", "preprint"})

"""LaTeX to text (latex.py): every fast path agrees with pylatexenc's whole decoder."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from publist import latex

# A % or & with an even run of backslashes before it: bare, so literal in BibTeX field text.
BARE = re.compile(r"(\\*)([%&])")


def escaped(value: str) -> str:
    """The value as TeX source: BibTeX field text is not TeX line by line, and a bare % or &
    in it is a literal percent or ampersand, never a comment or an alignment tab."""
    return BARE.sub(lambda m: m[1] + ("" if len(m[1]) % 2 else "\\") + m[2], value)


def whole(value: str) -> str:
    """What pylatexenc makes of the whole value, fed as TeX source: the reference (with a
    Greek letter in text keeping the space after it, which TeX has no rule for)."""
    decoder, context = latex._decoder()
    text = decoder.latex_to_text(escaped(latex.spaced_greek(value)), latex_context=context)
    return " ".join(text.replace("\xa0", " ").translate(latex.CONTROLS).split())


SAMPLES = [
    "1--10", "A---B", "``Quoted''", "a~b", "{GPU} {--} x", "-{}-", "?`Que?", "plain", "!```",
    "Klimovi{\\'c}", "L{\\\"a}hnemann", "Gr{\\'{e}}goire", "\\aa b", "\\v c", "{Cu$_2$O}",
    "$\\alpha$-Fe", "4\\textendash{}12", "R\\&D \\$5 \\%", "\\'\\i", "\\emph{a b} c",
    "see \\href{http://x}{y}", "\\k\\vphantom  E", "\\textbf---", "x\\begin{verbatim}y",
]  # fmt: skip
ATOMS = [
    "a", "E", "é", " ", "\n", "\r\n", "\n\n", "{", "}", "-", "--", "`", "'", "!", "?", "~",
    "\\'", '\\"', "\\`", "\\^", "\\~", "\\v", "\\c", "\\aa", "\\o", "\\i", "\\ss",
    "\\&", "\\$", "\\_", "\\{", "\\}", "\\,", "\\ ", "\\-", "\\textendash", "\\emph",
    "\\mathrm", "\\alpha", "$", "$x$", "$_2$", "\\url", "\\slash", "\\foo", "\\TeX", "\\ldots",
    "\\frac", "\\vphantom", "\\", "%", "&", "^", "_", "[", "]", "\\sqrt", "\\hspace", "*", "\\BibTeX",
]  # fmt: skip


def test_plain_values_and_simple_commands_read_as_the_decoder_reads_them():
    for value in SAMPLES:
        assert latex.latex_to_text(value) == whole(value), value
    assert latex.latex_to_text("50% of R&D") == "50% of R&D"


def test_percent_and_ampersand_next_to_latex_are_literal():
    assert latex.latex_to_text("50% faster with $O(n)$ memory") == "50% faster with O(n) memory"
    assert latex.latex_to_text("R&D on $\\alpha$-Nets") == "R&D on \u03b1-Nets"
    assert latex.latex_to_text("100\\% and 50% \\emph{x}") == "100% and 50% x"
    assert latex.latex_to_text("line\\\\% b $x$") == "line % b x"  # \\ then a bare %
    assert latex.plain_title("50% Faster $k$-Means") != latex.plain_title("50% Less $k$-Nets")


# A braced value with up to two levels of inner braces (what titles and names hold).
VALUE = re.compile(r"\b[\w+-]+\s*=\s*\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")


def test_every_latex_value_of_the_corpus_decodes_as_pylatexenc_reads_it_escaped(corpus):
    """The differential test: every value with commands or math in ../shared/corpus/bib,
    decoded by publist (fast path and all), against pylatexenc fed the escaped value."""
    values = set()
    for path in sorted((corpus / "bib").rglob("*.bib")):
        text = path.read_text(encoding="utf-8", errors="replace")
        values.update(v for v in VALUE.findall(text) if "\\" in v or "$" in v)
    checked = with_specials = 0
    for value in sorted(values):
        try:
            expected = whole(value)
        except Exception:  # pylatexenc gives up; publist only promises not to crash
            latex.latex_to_text(value)
            continue
        assert latex.latex_to_text(value) == expected, value
        checked += 1
        with_specials += "%" in value or "&" in value
    assert checked > 7000 and with_specials > 1000


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=10).map("".join))
@example("$\\frac$a")  # the fraction's arguments are read past the math's end
def test_decoding_piece_by_piece_equals_decoding_the_whole(value):
    latex._latex_value.cache_clear()
    try:
        expected = whole(value)
    except Exception:  # pylatexenc gives up; we only promise not to crash
        latex.latex_to_text(value)
        return
    assert latex.latex_to_text(value) == expected


def test_logos_read_as_their_names():
    """pylatexenc drops macros it does not know, and it knows no logo: a title lost its word."""
    assert latex.latex_to_text("\\TeX: The Program") == "TeX: The Program"
    assert latex.latex_to_text("{JabRef}: {\\BibTeX}-based") == "JabRef: BibTeX-based"
    assert latex.latex_to_text("Journal of \\LaTeX{} Stuff") == "Journal of LaTeX Stuff"
    assert (
        latex.latex_to_text("\\LaTeXe, \\XeLaTeX{} and \\LuaTeX") == "LaTeX2e, XeLaTeX and LuaTeX"
    )
    for name, text in latex.LOGOS.items():
        assert latex.latex_to_text(f"a \\{name}{{}} b") == f"a {text} b", name


def test_a_greek_letter_in_text_keeps_the_space_after_it():
    """SolomonCang's "HIP 7666 with \\delta Scuti pulsations": TeX rejects \\delta outside math,
    so the author's space stands; in math, and before anything but a space, it goes."""
    assert latex.latex_to_text("with \\delta Scuti") == "with \u03b4 Scuti"
    assert latex.latex_to_text("$\\alpha b$ and \\alpha b") == "\u03b1b and \u03b1 b"
    assert latex.latex_to_text("\\Delta-Scuti \\beta{}x \\alphabet x") == "\u0394-Scuti \u03b2x x"


@given(st.text(st.sampled_from(["a", " ", "\t", "\n", "\x00", "\x1b", "\x7f", "\x85", "\x9f",
                                "\xa0", "é", "\u2003", "\u2028", "\u200b", "{"]), max_size=12))  # fmt: skip
def test_squashing_reads_controls_as_spaces_whether_or_not_it_looks_for_them(text):
    """The quick return for text without control characters agrees with the translation."""
    assert latex.without_controls(text) == text.translate(latex.CONTROLS)
    assert latex._squash(text) == " ".join(text.translate(latex.CONTROLS).split())


@given(st.text(st.sampled_from(["-", "`", "'", "~", "!", "?", "a", " ", "{", "}"]), max_size=10))
def test_the_quick_test_for_specials_misses_none(text):
    """_plain_text looks for the specials only in values that hold one of four marks: it
    spells every value as the pattern alone would."""
    spelled = latex.SPECIAL_PATTERN.sub(lambda match: latex._SPECIAL_TEXT[match.group()], text)
    assert latex._plain_text(text) == spelled.replace("{", "").replace("}", "")

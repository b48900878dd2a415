"""Backends only spell and escape: nothing from a field can become markup or code."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publist.kinds import VenueType
from publist.render import html, latex, markdown
from publist.render.core import Item, Kind, Piece

DANGEROUS = ("input", "include", "write", "immediate", "openout", "catcode", "def", "edef",
             "gdef", "let", "csname", "read", "openin", "special", "directlua", "usepackage")  # fmt: skip


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (r"Klimovi{\'c}", r"Klimovi{\'c}"),
        (r"Fast {GPU} Kernels", r"Fast {GPU} Kernels"),
        (r"Design \& Implementation", r"Design \& Implementation"),
        (r"at $\approx$ 2\texttimes", r"at $\approx$ 2\texttimes"),
        (r"\textbf{Bold} and \emph{it}", r"\textbf{Bold} and \emph{it}"),
        (r"100% & C# x_1 ^y", r"100\% \& C\# x\_1 \textasciicircum{}y"),
        # Any other command is written as the text the other formats show for it.
        (r"\input{/etc/passwd}", ""),
        (r"\write18{rm -rf /}", r"18{rm -rf /}"),
        (r"\catcode`\@=0", r"`=0"),
        (r"\def\x{boom}", r"{boom}"),
        (r"Goelles\hspace{0.167em}", r"Goelles"),
        (r"Tr\"{u}gler\hspace{0.167em}", r"Tr\"{u}gler"),  # the field's own LaTeX kept
        (r"with \delta Scuti", "with \u03b4{} Scuti"),  # item_text sets it as math
        (r"\hspace*{1em}\emph{x}", "x"),  # not self-contained: the field's text
        (r"{\BibTeX}, \XeLaTeX{} and \LaTeXe", r"{Bib\TeX}, Xe\LaTeX{} and \LaTeXe"),
        (r"\ConTeXt\ and \emph{\LyX}", r"ConTeXt\ and \emph{LyX}"),
        (r"^^5cinput{/etc/passwd}", r"\textasciicircum{}\textasciicircum{}5cinput/etc/passwd"),
        (r"$\input{x}$ y", " y"),  # unsafe math becomes its decoded text
        (r"price $5", r"price \$5"),
        ("unbalanced } brace {open", r"unbalanced \} brace {open}"),
        ("trailing \\", "trailing"),
    ],
)
def test_latex_sanitize(field, expected):
    assert latex.sanitize(field) == expected


def test_every_logo_the_decoder_knows_is_spelt_with_the_kernels_logos_or_as_its_text():
    from publist import latex as decoder

    for name, text in decoder.LOGOS.items():
        spelt = latex.sanitize(f"\\{name}")
        assert decoder.latex_to_text(spelt) == text, name
        assert set(re.findall(r"\\\\([A-Za-z]+)", spelt)) <= {"TeX", "LaTeX", "LaTeXe"}, name


def test_latex_url_keeps_the_address_and_escapes_tex():
    assert latex.url("https://e.org/a_b~c?x=1&y=%20#top") == (
        r"https://e.org/a\%5Fb\%7Ec?x=1\&y=\%20\#top"
    )


def balanced(text: str) -> bool:
    depth = 0
    for token in re.findall(r"\\.|[{}]", text, re.DOTALL):
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            return False
    return depth == 0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "\\",
                "{",
                "}",
                "$",
                "%",
                "#",
                "&",
                "_",
                "^",
                "~",
                "`",
                "@",
                "input",
                "write18",
                "catcode",
                "def",
                "x",
                " ",
                "\\'",
                "\\&",
                "e",
                "approx",
                "1",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_latex_sanitize_never_leaves_a_command_or_open_brace(field):
    out = latex.sanitize(field)
    assert balanced(out)
    for name in DANGEROUS:
        assert not re.search(rf"\\{name}(?![A-Za-z])", out), out
    assert "^^" not in out and not re.search(r"(?<!\\)[%#&]", out.replace("\\\\", ""))


# Text with and without LaTeX's specials, controls, spacing, Greek and math characters.
_LATEX_TEXT = st.text(st.sampled_from(["a", "Z", " ", "\t", "\n", "\x00", "\x85", "é", "β",
                                       "∑", "→", "{", "}", "\\", "$", "%", "&", "#", "_", "^",
                                       "~", "-"]), max_size=20)  # fmt: skip


@settings(max_examples=400)
@given(_LATEX_TEXT)
def test_latex_quick_returns_answer_as_the_character_loops(text):
    """escape, sanitize and as_math return text without specials at once: as their loops."""
    assert latex.escape(text) == "".join(latex.PLAIN_SPECIALS.get(c, c) for c in text)
    if "^^" not in text:
        read = latex.spaced_greek(" ".join(latex.without_controls(text).split()))
        assert latex.sanitize(text) == latex._sanitized(read)
    spelt = "".join(f"\\ensuremath{{{latex.MATH_CHARACTERS_TEXT[c]}}}"
                    if c in latex.MATH_CHARACTERS_TEXT else c for c in text)  # fmt: skip
    assert latex.as_math(text) == spelt


def test_markdown_escapes_what_would_become_markup():
    text = "*a* _b_ [x](javascript:alert(1)) <script> `c` back\\slash"
    assert markdown.escape(text) == (
        "\\*a\\* \\_b\\_ \\[x\\](javascript:alert(1)) \\<script\\> \\`c\\` back\\\\slash"
    )
    assert markdown.escape("# Heading") == "\\# Heading"
    assert markdown.escape("1. not a list") == "1\\. not a list"
    assert markdown.escape("C# in the middle") == "C# in the middle"


_PIECES = st.lists(
    st.builds(
        lambda kind, text, italic: Piece(kind, text, italic=italic),
        st.sampled_from([Kind.TEXT, Kind.TITLE, Kind.VENUE, Kind.AUTHOR, Kind.DATE]),
        st.text(alphabet="ab *_.", max_size=4),
        st.booleans(),
    ),
    max_size=8,
)


@given(_PIECES)
def test_markdown_opens_each_run_of_italic_pieces_once(pieces):
    """Consecutive italic pieces share one pair of stars, whatever their kinds and texts."""
    from itertools import groupby

    item = Item("k", 1, "1", VenueType.OTHER, tuple(pieces), None, False)  # type: ignore[arg-type]
    runs = [(italic, "".join(markdown.spell(piece) for piece in run))
            for italic, run in groupby(pieces, lambda piece: piece.italic)]  # fmt: skip
    assert markdown.item_text(item) == "".join(f"*{text}*" if on else text for on, text in runs)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="<>\"'&=/ abscriptimgonerror:()", max_size=60))
def test_html_escape_never_makes_a_tag(text):
    from publist.render.core import Kind, Piece

    parser = Tags()
    parser.feed(html.spell(Piece(Kind.TITLE, text)))
    assert [tag for tag, _ in parser.tags] == ["span"]

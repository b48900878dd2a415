"""LaTeX: fields keep their LaTeX, but only a small allow-list of macros survives.

A BibTeX field is data, not code: `\\input`, `\\write18`, `\\catcode`, `\\def` and any
other command outside the allow-list is written as the text the other formats show for it
(`\\hspace{1em}` as nothing, `\\delta` as δ), never executed. Braces are
balanced, stray `%`, `#`, `&`, `_`, `^` are escaped, and math is kept only when every
command in it is allowed (otherwise its decoded text is printed).
"""

from __future__ import annotations

import re

from publist.latex import command_end, latex_to_text, spaced_greek, without_controls
from publist.render.core import Document, Item, Kind, Piece, runs

TEXT_COMMANDS = frozenset(
    """u v H c d b r k t ss o O l L ae AE oe OE aa AA i j dh DH th TH ng NG
    textbf textit emph textsc texttt textrm textsf textsl textup textnormal mbox
    textsuperscript textsubscript textendash textemdash textquoteleft textquoteright
    textquotedblleft textquotedblright ldots dots textregistered texttrademark textcopyright
    S P dag ddag textbackslash textasciitilde textasciicircum textbar textless textgreater
    LaTeX TeX LaTeXe guillemotleft guillemotright quad qquad texttimes textdegree textpm""".split()
)
MATH_COMMANDS = frozenset(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu
    nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta
    Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega approx times leq geq le ge neq ne sim
    simeq cdot cdots ldots pm mp infty to rightarrow leftarrow Rightarrow Leftarrow
    leftrightarrow mathcal mathrm mathbf mathit mathsf mathtt log ln exp sqrt frac in notin
    subset subseteq cup cap ell prime circ star ast bullet mid vert partial nabla sum prod
    int lfloor rfloor lceil rceil langle rangle emptyset forall exists neg land lor oplus
    otimes propto equiv div max min sin cos lim""".split()
)
# The logos the LaTeX kernel lacks (latex.LOGOS), spelt with its own \TeX and \LaTeX: a CV
# need not load hologo or metalogo. Those not listed are written as their text.
LOGOS = {
    "BibTeX": r"Bib\TeX", "BibLaTeX": r"Bib\LaTeX", "XeTeX": r"Xe\TeX", "XeLaTeX": r"Xe\LaTeX",
    "LuaTeX": r"Lua\TeX", "LuaLaTeX": r"Lua\LaTeX", "pdfTeX": r"pdf\TeX", "pdfLaTeX": r"pdf\LaTeX",
    "eTeX": r"e-\TeX", "AmSTeX": r"AMS-\TeX", "AmSLaTeX": r"AMS-\LaTeX", "SliTeX": r"Sli\TeX",
}  # fmt: skip
# Control symbols: escaped specials, accents, spacing, discretionary hyphen, italic correction.
TEXT_SYMBOLS = frozenset("&%#_${} ,-/'`^\"~=.")
MATH_SYMBOLS = frozenset("&%#_${} ,;!|")
PLAIN_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
MATH_CHARACTERS = re.compile(r"[A-Za-z0-9\s+\-=<>()\[\],.;:/!'*|{}^_]")


def escape(text: str) -> str:
    """Plain text as LaTeX that prints exactly that text."""
    if not _SPECIAL.search(text):  # most texts: a character loop over them bought nothing
        return text
    return "".join(PLAIN_SPECIALS.get(char, char) for char in text)


_SPECIAL = re.compile("[" + re.escape("".join(PLAIN_SPECIALS)) + "]")


def as_math(latex: str) -> str:
    """Greek letters and math signs as math commands (β as \\ensuremath{\\beta}): a CV built
    with pdflatex has them without any declaration; LuaLaTeX shows them the same."""
    if latex.isascii() or not _MATH_TEXT.search(latex):
        return latex
    return "".join(
        f"\\ensuremath{{{MATH_CHARACTERS_TEXT[char]}}}" if char in MATH_CHARACTERS_TEXT else char
        for char in latex
    )


def sanitize(latex: str) -> str:
    """LaTeX from a field, with every command outside the allow-list turned into text."""
    if not _SPECIAL.search(latex):  # most names, titles and venues: no command, no brace
        return " ".join(without_controls(latex).split())  # what the loop makes of them
    if "^^" in latex:  # TeX reads ^^5c as a backslash before anything else can see it
        return escape(latex_to_text(latex))
    return _sanitized(spaced_greek(" ".join(without_controls(latex).split())))


def _sanitized(latex: str) -> str:
    """sanitize, character by character: its text, spaced as the decoder reads it."""
    out: list[str] = []
    depth, index = 0, 0
    while index < len(latex):
        char = latex[index]
        if char == "\\":
            token, after = _command(latex, index)
            if _allowed(token, TEXT_COMMANDS, TEXT_SYMBOLS):  # without its argument, as text
                out.append(token if _has_argument(token, latex, after) else escape(token))
            elif token[1:] in LOGOS:
                out.append(LOGOS[token[1:]])
            else:  # what the other formats show: \hspace{1em} nothing, \delta δ (math below)
                piece_end = command_end(latex, index)
                if piece_end is None:  # not self-contained: the whole field as text
                    return escape(latex_to_text(latex))
                out.append(escape(latex_to_text(latex[index:piece_end])))
                after = piece_end
            index = after
            continue
        if char == "$":
            end = _math_end(latex, index + 1)
            if end is None:
                out.append(r"\$")
                index += 1
                continue
            body = latex[index + 1 : end]
            out.append(f"${body}$" if _safe_math(body) else escape(latex_to_text(f"${body}$")))
            index = end + 1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                out.append(r"\}")
                index += 1
                continue
            depth -= 1
        out.append(char if char in "{}~" else PLAIN_SPECIALS.get(char, char))
        index += 1
    out.append("}" * depth)
    return "".join(out)


_CONTROL = re.compile(r"\\([A-Za-z]+|.?)", re.DOTALL)


def _command(latex: str, index: int) -> tuple[str, int]:
    """The control word or symbol starting at index (a backslash), and where it ends."""
    match = _CONTROL.match(latex, index)
    token = match.group(0) if match else "\\"  # the pattern matches at any backslash
    return token, index + len(token)


def _allowed(token: str, words: frozenset[str], symbols: frozenset[str]) -> bool:
    name = token[1:]
    if not name:
        return False
    if name.isalpha():
        return name in words
    return name in symbols


# Commands that take one argument: kept only when it follows, else TeX would take the next
# token or brace as one (`\textbf}` stops a CV with "Argument of \textbf has an extra }").
TEXT_ARGUMENT_WORDS = frozenset(
    """textbf textit emph textsc texttt textrm textsf textsl textup textnormal mbox
    textsuperscript textsubscript""".split()
)
ACCENT_WORDS = frozenset("u v H c d b r k t".split())
ACCENT_SYMBOLS = frozenset("'`^\"~=.")
MATH_ARGUMENTS = {"sqrt": 1, "frac": 2, "mathcal": 1, "mathrm": 1, "mathbf": 1, "mathit": 1,
                  "mathsf": 1, "mathtt": 1}  # fmt: skip


def _has_argument(token: str, latex: str, index: int) -> bool:
    """Whether a kept command has what it takes: a braced argument after a word like
    \\textbf, a letter (or \\i, \\j, a brace) after an accent; others take nothing."""
    name = token[1:]
    if name not in TEXT_ARGUMENT_WORDS and name not in ACCENT_WORDS and name not in ACCENT_SYMBOLS:
        return True
    while index < len(latex) and latex[index] == " ":
        index += 1
    following = latex[index : index + 1]
    if name in TEXT_ARGUMENT_WORDS:
        return following == "{"
    if following == "{" or (following.isascii() and following.isalpha()):
        return following == "{" or name in ACCENT_SYMBOLS or latex[index - 1] == " "
    return latex.startswith(("\\i", "\\j"), index) and not latex[index + 2 : index + 3].isalpha()


def _math_argument(body: str, index: int) -> int | None:
    """Where one math argument starting at index ends: {...}, a letter or digit, a command."""
    while index < len(body) and body[index] == " ":
        index += 1
    if index >= len(body):
        return None
    if body[index] == "{":
        depth = 0
        for position in range(index, len(body)):
            depth += {"{": 1, "}": -1}.get(body[position], 0)
            if depth == 0:
                return position + 1
        return None
    if body[index] == "\\":
        return _command(body, index)[1]
    return index + 1 if body[index].isalnum() else None


def _math_end(latex: str, start: int) -> int | None:
    index = start
    while index < len(latex):
        if latex[index] == "\\":
            index += 2
            continue
        if latex[index] == "$":
            return index if index > start else None
        index += 1
    return None


def _safe_math(body: str) -> bool:
    depth, index = 0, 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            token, index = _command(body, index)
            if not _allowed(token, MATH_COMMANDS, MATH_SYMBOLS):
                return False
            if token[1:] == "sqrt" and body.startswith("[", index):
                index = body.find("]", index) + 1 or len(body)
            for _ in range(MATH_ARGUMENTS.get(token[1:], 0)):
                if (end := _math_argument(body, index)) is None:
                    return False  # $\frac$, $\sqrt$: a command without its argument
                index = end
            continue
        if char in "^_" and _math_argument(body, index + 1) is None:
            return False  # $x^$
        if not MATH_CHARACTERS.match(char):
            return False
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
        index += 1
    return depth == 0


def url(address: str) -> str:
    """A URL inside \\href: TeX's specials escaped or percent-encoded (the same URL)."""
    for char, code in (("\\", "%5C"), ("{", "%7B"), ("}", "%7D"), ("^", "%5E"),
                       ("~", "%7E"), ("_", "%5F"), ("$", "%24"), ("`", "%60")):  # fmt: skip
        address = address.replace(char, code)
    return address.replace("%", r"\%").replace("#", r"\#").replace("&", r"\&")


def spell(piece: Piece) -> str:
    if piece.kind is Kind.LINK:
        return rf"\href{{{url(piece.url)}}}{{{escape(piece.text)}}}"
    if piece.kind is Kind.NOTE:
        return r"\textsuperscript{*}" + escape(piece.text)
    text = sanitize(piece.latex) if piece.latex is not None else escape(piece.text)
    if piece.kind is Kind.AUTHOR:
        text += r"\textsuperscript{*}" if piece.equal else ""
        return rf"\textbf{{{text}}}" if piece.owner else text
    return text


def item_text(item: Item) -> str:
    parts = []
    for italic, group in runs(item.pieces):
        text = "".join(map(spell, group))
        parts.append(rf"\emph{{{text}}}" if italic else text)
    return as_math("".join(parts))


def render(document: Document, standalone: bool = False) -> str:
    blocks = []
    for section in document.sections:
        numbered = any(item.number is not None for item in section.items)
        environment = "enumerate" if numbered else "itemize"
        lines = [rf"\section*{{{as_math(escape(section.title))}}}", rf"\begin{{{environment}}}"]
        for item in section.items:
            label = f"[{escape(item.label)}.]" if item.label else ""
            lines.append(rf"  \item{label} {item_text(item)}")
        lines.append(rf"\end{{{environment}}}")
        blocks.append("\n".join(lines))
    body = "\n\n".join(blocks) + "\n" if blocks else ""
    if not standalone:
        return body
    title = f"Publications of {document.owner}" if document.owner else "Publications"
    heading = f"\\begin{{center}}\\Large {escape(title)}\\end{{center}}\n\n"
    text = heading + body
    return (
        "\\documentclass[11pt]{article}\n"
        + _preamble(sorted(set(text + title) - {" "}))
        + "\\usepackage[margin=2.5cm]{geometry}\n"
        "\\usepackage[hidelinks]{hyperref}\n"
        f"\\hypersetup{{pdftitle={{{escape(title)}}}}}\n"
        "\\begin{document}\n"
        f"{text}"
        "\\end{document}\n"
    )


# --- any Unicode in a standalone document ---

# Non-ASCII characters pdflatex typesets with [T1]{fontenc} and utf8 inputenc: those LaTeX's
# t1enc, ts1enc, utf8enc and omsenc .dfu files declare, each checked by compiling them with
# pdflatex -halt-on-error (TeX Live 2022). Anything else stops pdflatex ("Unicode character
# not set up"), so the document declares it: as math where math has it, else as a marked box.
PDFLATEX_RANGES = (
    (0x00A0, 0x0125), (0x0128, 0x0137), (0x0139, 0x013E), (0x0141, 0x0148), (0x014A, 0x0165),
    (0x0168, 0x017E), (0x0192, 0x0192), (0x01C4, 0x01D4), (0x01E2, 0x01E3), (0x01E6, 0x01EB),
    (0x01F0, 0x01F0), (0x01F4, 0x01F5), (0x0218, 0x021B), (0x0232, 0x0233), (0x0237, 0x0237),
    (0x02C6, 0x02C7), (0x02D8, 0x02D9), (0x02DB, 0x02DD), (0x0E3F, 0x0E3F), (0x1E02, 0x1E03),
    (0x1E0D, 0x1E0D), (0x1E1E, 0x1E21), (0x1E25, 0x1E25), (0x1E30, 0x1E31), (0x1E37, 0x1E37),
    (0x1E43, 0x1E43), (0x1E45, 0x1E45), (0x1E47, 0x1E47), (0x1E5B, 0x1E5B), (0x1E63, 0x1E63),
    (0x1E6D, 0x1E6D), (0x1E8E, 0x1E91), (0x1E9E, 0x1E9E), (0x1EF2, 0x1EF3), (0x200C, 0x200C),
    (0x2010, 0x2016), (0x2018, 0x201A), (0x201C, 0x201E), (0x2020, 0x2022), (0x2026, 0x2026),
    (0x2030, 0x2031), (0x2039, 0x203B), (0x203D, 0x203D), (0x2044, 0x2044), (0x204E, 0x204E),
    (0x2052, 0x2052), (0x20A1, 0x20A1), (0x20A4, 0x20A4), (0x20A6, 0x20A6), (0x20A9, 0x20A9),
    (0x20AB, 0x20AC), (0x20B1, 0x20B1), (0x2103, 0x2103), (0x2116, 0x2117), (0x211E, 0x211E),
    (0x2120, 0x2120), (0x2122, 0x2122), (0x2126, 0x2127), (0x212E, 0x212E), (0x2190, 0x2193),
    (0x2329, 0x232A), (0x2422, 0x2423), (0x25E6, 0x25E6), (0x25EF, 0x25EF), (0x266A, 0x266A),
    (0x27E8, 0x27E9), (0x3008, 0x3009), (0xFB00, 0xFB06), (0xFEFF, 0xFEFF),
)  # fmt: skip
_GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi o pi rho "
    "varsigma sigma tau upsilon phi chi psi omega"
).split()
_GREEK_CAPITALS = dict(
    zip(
        "ΓΔΘΛΞΠΣΥΦΨΩ",
        "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(),
        strict=True,
    )
)
MATH_CHARACTERS_TEXT = {
    **{chr(0x03B1 + index): ("" if name == "o" else "\\") + name for index, name in enumerate(_GREEK)},
    **{capital: "\\" + name for capital, name in _GREEK_CAPITALS.items()},
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX", strict=True)),
    "ϵ": "\\epsilon", "ϑ": "\\vartheta", "ϕ": "\\phi", "ϱ": "\\varrho", "ϖ": "\\varpi",
    "≤": "\\leq", "≥": "\\geq", "≠": "\\neq", "≈": "\\approx", "∞": "\\infty", "∈": "\\in",
    "∉": "\\notin", "∑": "\\sum", "∏": "\\prod", "∫": "\\int", "∂": "\\partial", "∇": "\\nabla",
    "√": "\\surd", "∀": "\\forall", "∃": "\\exists", "∧": "\\wedge", "∨": "\\vee", "⊂": "\\subset",
    "⊆": "\\subseteq", "∪": "\\cup", "∩": "\\cap", "⊕": "\\oplus", "⊗": "\\otimes", "∼": "\\sim",
    "≡": "\\equiv", "∝": "\\propto", "∘": "\\circ", "⋅": "\\cdot", "−": "-", "′": "\\prime",
    "⇒": "\\Rightarrow", "⇐": "\\Leftarrow", "↔": "\\leftrightarrow", "⇔": "\\Leftrightarrow",
    "ℓ": "\\ell", "∅": "\\emptyset", "⊥": "\\perp", "∥": "\\parallel", "≪": "\\ll", "≫": "\\gg",
}  # fmt: skip
# Fonts LuaLaTeX may fall back on for what Latin Modern lacks, used when installed.
FALLBACK_FONTS = (
    "DejaVu Serif", "DejaVu Sans", "Noto Serif CJK SC", "Noto Sans CJK SC",
    "WenQuanYi Micro Hei", "Noto Serif", "Noto Sans", "Noto Sans Symbols2",
    "FreeSerif", "Noto Color Emoji",
)  # fmt: skip


_MATH_TEXT = re.compile("[" + re.escape("".join(MATH_CHARACTERS_TEXT)) + "]")


def pdflatex_can(char: str) -> bool:
    """Whether pdflatex typesets the character as it is (printable ASCII, or declared)."""
    import bisect

    code = ord(char)
    if 0x20 <= code < 0x7F or char in "\n\t":
        return True
    index = bisect.bisect_right(PDFLATEX_RANGES, (code, 0x10FFFF)) - 1
    return index >= 0 and PDFLATEX_RANGES[index][0] <= code <= PDFLATEX_RANGES[index][1]


def beyond_pdflatex(text: str) -> list[str]:
    """The characters of a text that pdflatex cannot show (it prints a box for them): a
    standalone document with them builds best with LuaLaTeX."""
    return sorted(  # each distinct character once: a 10k list is 2.7M characters, 153 distinct
        char for char in set(text) if not pdflatex_can(char) and char not in MATH_CHARACTERS_TEXT
    )


def _preamble(characters: list[str]) -> str:
    """Fonts for pdflatex, or fontspec under LuaLaTeX and XeLaTeX: one document for both.

    Under pdflatex each character it lacks is declared (math or a box naming its code
    point), so any Unicode text compiles; LuaLaTeX shows them with installed fonts that
    have them (Latin Modern first, then FALLBACK_FONTS)."""
    declared = []
    for char in characters:
        if pdflatex_can(char) or ord(char) < 0x20:
            continue
        math = MATH_CHARACTERS_TEXT.get(char)
        shown = f"\\ensuremath{{{math}}}" if math else f"\\publistmissing{{U+{ord(char):04X}}}"
        declared.append(f"  \\DeclareUnicodeCharacter{{{ord(char):04X}}}{{{shown}}}\n")
    fonts = "".join(f"\\publistfont{{{name}}}" for name in FALLBACK_FONTS)
    return (
        "\\ifdefined\\directlua\\def\\publistunicode{}\\fi\n"
        "\\ifdefined\\XeTeXrevision\\def\\publistunicode{}\\fi\n"
        "\\ifdefined\\publistunicode\n"
        "  \\usepackage{fontspec}\n"
        "  \\ifdefined\\directlua\n"
        "    \\def\\publistfonts{}\n"
        "    \\def\\publistfont#1{\\IfFontExistsTF{#1}"
        '{\\edef\\publistfonts{\\publistfonts"#1:mode=harf;",}}{}}\n'
        f"    {fonts}\n"
        '    \\directlua{luaotfload.add_fallback("publist", {\\publistfonts})}\n'
        "    \\setmainfont{Latin Modern Roman}[RawFeature={fallback=publist}]\n"
        "  \\fi\n"
        "\\else\n"
        "  \\usepackage[utf8]{inputenc}\n"
        "  \\usepackage[T1]{fontenc}\n"
        "  \\IfFileExists{lmodern.sty}{\\usepackage{lmodern}}{}\n"
        "  \\newcommand\\publistmissing[1]{\\fbox{\\tiny #1}}\n" + "".join(declared) + "\\fi\n"
    )

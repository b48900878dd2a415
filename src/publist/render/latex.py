"""LaTeX: fields keep their LaTeX, but only a small allow-list of macros survives.

A BibTeX field is data, not code: `\\input`, `\\write18`, `\\catcode`, `\\def` and any
other command outside the allow-list is printed as text, never executed. Braces are
balanced, stray `%`, `#`, `&`, `_`, `^` are escaped, and math is kept only when every
command in it is allowed (otherwise its decoded text is printed).
"""

from __future__ import annotations

import re

from publist.latex import latex_to_text
from publist.render.core import Document, Item, Kind, Piece, runs

TEXT_COMMANDS = frozenset(
    """u v H c d b r k t ss o O l L ae AE oe OE aa AA i j dh DH th TH ng NG
    textbf textit emph textsc texttt textrm textsf textsl textup textnormal mbox
    textsuperscript textsubscript textendash textemdash textquoteleft textquoteright
    textquotedblleft textquotedblright ldots dots textregistered texttrademark textcopyright
    S P dag ddag textbackslash textasciitilde textasciicircum textbar textless textgreater
    LaTeX TeX guillemotleft guillemotright quad qquad texttimes textdegree textpm""".split()
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
    return "".join(PLAIN_SPECIALS.get(char, char) for char in text)


def sanitize(latex: str) -> str:
    """LaTeX from a field, with every command outside the allow-list turned into text."""
    if "^^" in latex:  # TeX reads ^^5c as a backslash before anything else can see it
        return escape(latex_to_text(latex))
    latex = " ".join(latex.split())
    out: list[str] = []
    depth, index = 0, 0
    while index < len(latex):
        char = latex[index]
        if char == "\\":
            token, index = _command(latex, index)
            out.append(token if _allowed(token, TEXT_COMMANDS, TEXT_SYMBOLS) else escape(token))
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
            continue
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
    return "".join(parts)


def render(document: Document, standalone: bool = False) -> str:
    blocks = []
    for section in document.sections:
        numbered = any(item.number is not None for item in section.items)
        environment = "enumerate" if numbered else "itemize"
        lines = [rf"\section*{{{escape(section.title)}}}", rf"\begin{{{environment}}}"]
        for item in section.items:
            label = f"[{escape(item.label)}.]" if item.label else ""
            lines.append(rf"  \item{label} {item_text(item)}")
        lines.append(rf"\end{{{environment}}}")
        blocks.append("\n".join(lines))
    body = "\n\n".join(blocks) + "\n" if blocks else ""
    if not standalone:
        return body
    title = f"Publications of {document.owner}" if document.owner else "Publications"
    return (
        "\\documentclass[11pt]{article}\n"
        "\\usepackage[utf8]{inputenc}\n"
        "\\usepackage[T1]{fontenc}\n"
        "\\IfFileExists{lmodern.sty}{\\usepackage{lmodern}}{}\n"
        "\\usepackage[margin=2.5cm]{geometry}\n"
        "\\usepackage[hidelinks]{hyperref}\n"
        f"\\hypersetup{{pdftitle={{{escape(title)}}}}}\n"
        "\\begin{document}\n"
        f"\\begin{{center}}\\Large {escape(title)}\\end{{center}}\n\n"
        f"{body}"
        "\\end{document}\n"
    )

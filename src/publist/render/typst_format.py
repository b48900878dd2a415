"""Typst: a section to #include in a Typst CV, or a whole document with --standalone.

Every ASCII punctuation character of a field is escaped with a backslash, which Typst
reads as that character itself: no title or name can open markup, a function call,
a comment, a label or math, and a function call never runs on into the next text.
"""

from __future__ import annotations

import re
import string

from publist.render.core import Document, Item, Kind, Piece, Section, runs

_PUNCTUATION = frozenset(string.punctuation)
_BREAKS = re.compile(r"[\t\r\n\f\v\u2028\u2029]+")


def escape(text: str) -> str:
    """Text as Typst markup that shows exactly that text (line breaks become spaces)."""
    text = _BREAKS.sub(" ", text)
    return "".join("\\" + char if char in _PUNCTUATION else char for char in text)


def string_literal(text: str) -> str:
    """A Typst string literal: only backslash and double quote need escaping."""
    text = _BREAKS.sub(" ", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


STAR = "#super[\\*]"


def spell(piece: Piece) -> str:
    if piece.kind is Kind.LINK:
        return f"#link({string_literal(piece.url)})[{escape(piece.text)}]"
    if piece.kind is Kind.NOTE:
        return STAR + escape(piece.text)
    text = escape(piece.text)
    if piece.kind is Kind.AUTHOR:
        text += STAR if piece.equal else ""
        return f"#strong[{text}]" if piece.owner else text
    return text


def item_text(item: Item) -> str:
    parts = []
    for italic, group in runs(item.pieces):
        text = "".join(map(spell, group))
        parts.append(f"#emph[{text}]" if italic else text)
    return "".join(parts)


def section_text(section: Section) -> str:
    """A heading and a list: `+` items, `N.` when the numbers are not 1, 2, 3...,
    a term list for lettered labels (C1, J2), `-` when unnumbered."""
    lines = [f"== {escape(section.title)}", ""]
    counting = [item.number for item in section.items] == list(range(1, len(section.items) + 1))
    for item in section.items:
        if item.number is None:
            marker = "-"
        elif item.label != str(item.number):
            marker = f"/ {escape(item.label)}.:"
        else:
            marker = "+" if counting else f"{item.number}."
        lines.append(f"{marker} {item_text(item)}")
    return "\n".join(lines)


def render(document: Document, standalone: bool = False) -> str:
    body = "\n\n".join(section_text(section) for section in document.sections)
    head = "// publist: the publication list, to #include in a Typst CV\n"
    if not standalone:
        return head + "\n" + body + "\n" if body else head
    title = f"Publications of {document.owner}" if document.owner else "Publications"
    return (
        f"#set document(title: {string_literal(title)})\n"
        '#set page(paper: "a4", margin: 2.5cm)\n'
        '#set text(lang: "en")\n'
        f"#align(center, text(size: 1.4em)[{escape(title)}])\n\n"
        f"{body}\n"
    )

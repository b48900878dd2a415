"""RenderCV: the publication sections of a RenderCV CV (its PublicationEntry), as YAML.

Without --standalone: the sections, to paste under `cv: sections:` of a CV file; with it,
a whole RenderCV input (`cv: name, sections`). One RenderCV section per publist section.
RenderCV reads every field as Markdown and passes `#` on to Typst as code, so fields are
escaped for both (see `markdown`).
"""

from __future__ import annotations

import re

from publist.render import parts, yaml_text
from publist.render.core import Document, Item, Piece

_MARKUP = re.compile(r"([\\*_\[\]])")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
WORD_JOINER = "\u2060"  # invisible; splits what RenderCV would read as code, math or a tag
EQUAL_MARK = "\\*"


def markdown(text: str) -> str:
    """Text that RenderCV shows as written: Markdown escaped, `#` and `$$` cut by a word
    joiner (RenderCV would run `#name` as Typst code and read `$$` as math), and a
    backtick written as the opening quote it is in LaTeX (RenderCV hands a lone one on
    to Typst, where it opens raw text that never closes)."""
    text = _MARKUP.sub(r"\\\1", " ".join(text.split())).replace("`", "\u2018")
    text = text.replace("#", "#" + WORD_JOINER).replace("$$", "$" + WORD_JOINER + "$")
    return _TAG.sub("<" + WORD_JOINER, text)


def author(piece: Piece) -> str:
    name = markdown(piece.text) + (EQUAL_MARK if piece.equal else "")
    return f"**{name}**" if piece.owner else name


def entry(item: Item) -> dict:
    data: dict = {
        "title": markdown(item.publication.title) or "Untitled",
        "authors": [author(piece) for piece in parts.author_pieces(item)],
    }
    date = parts.iso_date(item)
    if date:
        data["date"] = date
    venue = parts.venue_text(item)
    if venue:
        data["journal"] = markdown(venue)
    for _, url in parts.links(item):
        if url.startswith("https://doi.org/10."):
            data.setdefault("doi", url.removeprefix("https://doi.org/"))
        else:
            data.setdefault("url", url)
    if parts.has_equal(item):
        data["summary"] = markdown("* Equal contribution").replace("\\*", EQUAL_MARK, 1)
    return data


def sections(document: Document) -> dict:
    return {section.title: [entry(item) for item in section.items] for section in document.sections}


def render(document: Document, standalone: bool = False) -> str:
    found = sections(document)
    if standalone:
        cv: dict = {"name": document.owner} if document.owner else {}
        cv["sections"] = found
        return "# A RenderCV input made by publist\n" + yaml_text.dump({"cv": cv})
    if not found:
        return "# publist: no publications selected\n"
    return "# publist: RenderCV sections, to paste under `cv: sections:`\n" + yaml_text.dump(found)

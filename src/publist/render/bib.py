"""BibTeX: the selected entries exactly as stored, after the @string definitions they may
use, and before the crossref/xref parents they name (BibTeX wants a parent after its children)."""

from __future__ import annotations

from publist.bibfile import LibraryFile
from publist.blocks import Block
from publist.inheritance import PARENT_FIELDS
from publist.render.core import Document


def render(document: Document, library: LibraryFile) -> str:
    macros = [library.raw_text(block) for block in library.blocks if block.kind == "string"]
    chosen = [library.entry(item.key) for item in document.items]
    named = parents(library, chosen)  # listed ones too: an edited volume is its papers' parent
    blocks = [block for block in chosen if block not in named] + named
    chunks = [text.strip("\r\n") for text in [*macros, *map(library.raw_text, blocks)]]
    return "\n\n".join(chunks) + "\n" if chunks else ""


def parents(library: LibraryFile, blocks: list[Block]) -> list[Block]:
    """The stored parents these entries name, and theirs, nearest first."""
    by_key = {(block.key or "").casefold(): block for block in library.entries()}
    found: list[Block] = []
    queue = list(blocks)
    while queue:
        block = queue.pop(0)
        for name, raw in block.fields:
            parent = by_key.get(raw.strip().strip('{}"').strip().casefold())
            if name.lower() in PARENT_FIELDS and parent is not None:
                if parent is not block and parent not in found:
                    found.append(parent)
                    queue.append(parent)
    return found

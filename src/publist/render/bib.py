"""BibTeX: the selected entries exactly as stored, after the @string definitions they may
use, and before the crossref/xref parents they name (BibTeX wants a parent after its children)."""

from __future__ import annotations

from publist.bibfile import LibraryFile
from publist.inheritance import PARENT_FIELDS
from publist.render.core import Document


def render(document: Document, library: LibraryFile) -> str:
    macros = [library.raw_text(block) for block in library.blocks if block.kind == "string"]
    keys = [item.key for item in document.items]
    blocks = [library.entry(key) for key in keys] + parents(library, keys)
    chunks = [text.strip("\r\n") for text in [*macros, *map(library.raw_text, blocks)]]
    return "\n\n".join(chunks) + "\n" if chunks else ""


def parents(library: LibraryFile, keys: list[str]) -> list:
    """The stored parents of these entries (and theirs) that are not among them."""
    by_key = {(block.key or "").casefold(): block for block in library.entries()}
    seen = {key.casefold() for key in keys}
    found = []
    queue = [by_key[key.casefold()] for key in keys if key.casefold() in by_key]
    while queue:
        block = queue.pop(0)
        for name, raw in block.fields:
            if name.lower() in PARENT_FIELDS:
                key = raw.strip().strip('{}"').strip().casefold()
                if key and key not in seen and key in by_key:
                    seen.add(key)
                    found.append(by_key[key])
                    queue.append(by_key[key])
    return found

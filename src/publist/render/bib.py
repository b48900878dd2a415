"""BibTeX: the selected entries exactly as stored, after the @string definitions they may use."""

from __future__ import annotations

from publist.bibfile import LibraryFile
from publist.render.core import Document


def render(document: Document, library: LibraryFile) -> str:
    macros = [library.raw_text(block) for block in library.blocks if block.kind == "string"]
    keys = [item.key for item in document.items]
    entries = [library.raw_text(library.entry(key)) for key in keys]
    chunks = [text.strip("\r\n") for text in [*macros, *entries]]
    return "\n\n".join(chunks) + "\n" if chunks else ""

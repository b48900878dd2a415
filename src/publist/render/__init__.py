"""Export formats: one core (core.py) and a thin backend per format."""

from __future__ import annotations

import importlib
from enum import StrEnum
from pathlib import Path

from publist.bibfile import LibraryFile
from publist.errors import UsageProblem
from publist.render.core import Document


class Format(StrEnum):
    MARKDOWN = "md"
    LATEX = "latex"
    HTML = "html"
    TEXT = "txt"
    JSON = "json"
    BIB = "bib"


SUFFIXES = {
    ".md": Format.MARKDOWN, ".markdown": Format.MARKDOWN, ".tex": Format.LATEX,
    ".html": Format.HTML, ".htm": Format.HTML, ".txt": Format.TEXT, ".json": Format.JSON,
    ".bib": Format.BIB,
}  # fmt: skip
ALIASES = {
    "markdown": Format.MARKDOWN,
    "tex": Format.LATEX,
    "text": Format.TEXT,
    "htm": Format.HTML,
}
BACKENDS = {
    Format.MARKDOWN: "markdown", Format.LATEX: "latex", Format.HTML: "html",
    Format.TEXT: "plain", Format.JSON: "json_format",
}  # fmt: skip


def choose_format(name: str | None, output: Path | None) -> Format:
    """The format asked for, else the one the output file's suffix names, else Markdown."""
    if name:
        try:
            return ALIASES.get(name.lower()) or Format(name.lower())
        except ValueError:
            choices = ", ".join(item.value for item in Format)
            raise UsageProblem(f"unknown format '{name}' (choose {choices})") from None
    if output is None:
        return Format.MARKDOWN
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageProblem(f"cannot tell the format from '{output.name}'; pass --format")
    return SUFFIXES[suffix]


def render(document: Document, kind: Format, library: LibraryFile, standalone: bool) -> str:
    if kind is Format.BIB:
        from publist.render import bib

        return bib.render(document, library)
    backend = importlib.import_module(f"publist.render.{BACKENDS[kind]}")
    return backend.render(document, standalone)

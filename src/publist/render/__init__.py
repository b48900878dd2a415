"""Export formats: one core (core.py) and a thin backend per format."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from publist.bibfile import LibraryFile
from publist.errors import UsageProblem
from publist.render.core import Document, Options


class Format(StrEnum):
    MARKDOWN = "md"
    LATEX = "latex"
    HTML = "html"
    TEXT = "txt"
    JSON = "json"
    BIB = "bib"
    TYPST = "typst"
    RENDERCV = "rendercv"
    JSONRESUME = "jsonresume"
    CSLJSON = "csljson"
    ALFOLIO = "al-folio"
    HUGO = "hugo"


SUFFIXES = {
    ".md": Format.MARKDOWN, ".markdown": Format.MARKDOWN, ".tex": Format.LATEX,
    ".html": Format.HTML, ".htm": Format.HTML, ".txt": Format.TEXT, ".json": Format.JSON,
    ".bib": Format.BIB, ".typ": Format.TYPST,
}  # fmt: skip
ALIASES = {
    "markdown": Format.MARKDOWN,
    "tex": Format.LATEX,
    "text": Format.TEXT,
    "htm": Format.HTML,
    "typ": Format.TYPST,
    "json-resume": Format.JSONRESUME,
    "csl-json": Format.CSLJSON,
    "csl": Format.CSLJSON,
    "alfolio": Format.ALFOLIO,
    "hugo-blox": Format.HUGO,
}
BACKENDS = {
    Format.MARKDOWN: "markdown", Format.LATEX: "latex", Format.HTML: "html",
    Format.TEXT: "plain", Format.JSON: "json_format", Format.TYPST: "typst_format",
    Format.RENDERCV: "rendercv", Format.JSONRESUME: "jsonresume", Format.CSLJSON: "csljson",
}  # fmt: skip
# Citation data keeps every author: a style or a site shortens the list its own way.
WHOLE_AUTHOR_LISTS = frozenset({Format.BIB, Format.CSLJSON, Format.ALFOLIO, Format.HUGO})
# BibTeX out: entries as stored, so a site file named by its name ('pdf = {paper.pdf}') stays
# for the site (al-folio resolves it) and no base_url is needed.
AS_STORED = frozenset({Format.BIB, Format.ALFOLIO})
# Formats that are a folder of files rather than one text.
FOLDERS = frozenset({Format.HUGO})
# Formats whose backend makes its text line by line (`lines`), for render_lines.
LINE_BY_LINE = frozenset({Format.MARKDOWN, Format.TEXT})
# The settings of one format, with their types (`options` of an output in publist.toml).
FORMAT_OPTIONS: dict[Format, dict[str, type]] = {
    Format.HUGO: {"owner_profile": str},
    Format.ALFOLIO: {"bibtex_show": bool},
}


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


def options_for(kind: Format, options: Options) -> Options:
    """The options as this format takes them: citation data keeps every author; a format
    that writes the entries as stored needs no item text."""
    if kind in WHOLE_AUTHOR_LISTS:
        options = replace(options, max_authors=0)
    return replace(options, pieces=False) if kind in AS_STORED else options


def check_settings(kind: Format, settings: Mapping[str, object]) -> None:
    """A format's own settings: known names, values of the right type."""
    known = FORMAT_OPTIONS.get(kind, {})
    for name, value in settings.items():
        if name not in known:
            choices = ", ".join(known) or "none"
            raise UsageProblem(f"{kind.value} has no setting '{name}' (it has: {choices})")
        if not isinstance(value, known[name]):
            raise UsageProblem(f"{kind.value} setting '{name}' must be {known[name].__name__}")


def render(
    document: Document,
    kind: Format,
    library: LibraryFile,
    standalone: bool,
    settings: Mapping[str, object] | None = None,
) -> str:
    """One format's text; a folder format (hugo) is refused: see render_files."""
    settings = settings or {}
    check_settings(kind, settings)
    if kind is Format.BIB:
        from publist.render import bib

        return bib.render(document, library)
    if kind is Format.ALFOLIO:
        from publist.render import alfolio

        return alfolio.render(document, library, bool(settings.get("bibtex_show", False)))
    if kind in FOLDERS:
        raise UsageProblem(f"{kind.value} writes a folder of files: give it one with -o FOLDER")
    backend = importlib.import_module(f"publist.render.{BACKENDS[kind]}")
    return backend.render(document, standalone)


def render_lines(document: Document, kind: Format, standalone: bool) -> Iterator[str]:
    """render's text line by line as it is made, for a format of LINE_BY_LINE. Written as
    they come, the lines are never all held at once: an export of 100k entries peaked at
    872 MB with the whole text, 750 MB without."""
    if kind not in LINE_BY_LINE:
        raise ValueError(f"{kind.value} is made whole: see render")
    return importlib.import_module(f"publist.render.{BACKENDS[kind]}").lines(document, standalone)


def render_files(
    document: Document,
    kind: Format,
    library: LibraryFile,
    standalone: bool,
    settings: Mapping[str, object] | None = None,
) -> dict[str, str]:
    """Relative path -> text: every file of a folder format, or {"": text} for the others."""
    if kind is Format.HUGO:
        from publist.render import hugo

        settings = settings or {}
        check_settings(kind, settings)
        return hugo.bundles(document, library, str(settings.get("owner_profile", "")))
    return {"": render(document, kind, library, standalone, settings)}

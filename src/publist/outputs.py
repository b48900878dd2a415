"""The [[build.outputs]] of publist.toml: what `publist build` writes, checked for shape.

Kept apart from config.py (the settings every command reads): only `publist build` and
`publist init --build-example` need these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publist.config import CONFIG_NAME, author_limit, config_path, parse_toml, read_config_text
from publist.errors import ConfigError
from publist.kinds import VENUE_TYPES, VenueType

OUTPUT_KEYS = frozenset(
    """format path types since until tags selected standalone group_by numbering
    reverse_numbers labels links max_authors citations options""".split()
)


@dataclass(frozen=True)
class OutputSettings:
    """One [[build.outputs]] table, checked for shape; build.py checks the format's names."""

    format: str
    path: str  # relative to the folder of publist.toml
    types: tuple[VenueType, ...] = ()
    since: int | None = None
    until: int | None = None
    tags: tuple[str, ...] = ()
    selected: bool = False  # only entries with `selected = {true}`
    standalone: bool = False
    group_by: str | None = None
    numbering: str | None = None
    reverse_numbers: bool | None = None
    labels: bool = False
    links: bool = True
    max_authors: int | None = None
    citations: bool | None = None  # "Cited by N" on each item; None: [export] citations
    options: dict[str, object] = field(default_factory=dict)  # the format's own settings


def load_build(library_path: Path) -> tuple[OutputSettings, ...]:
    """The [build] outputs declared beside a library (none without a publist.toml)."""
    path = config_path(library_path)
    text = read_config_text(path)
    return () if text is None else parse_build(parse_toml(text, path), path)


def parse_build(data: dict, path: Path | None = None) -> tuple[OutputSettings, ...]:
    """[[build.outputs]]: each a table with a format and a path, and optional selection
    and format options; a mistake is one ConfigError naming the output."""
    build = data.get("build", {})
    where = path or CONFIG_NAME
    if not isinstance(build, dict):
        raise ConfigError(f"{where}: [build] must be a table")
    outputs = build.get("outputs", [])
    if not isinstance(outputs, list) or not all(isinstance(item, dict) for item in outputs):
        raise ConfigError(f"{where}: [build] outputs must be [[build.outputs]] tables")
    unknown = sorted(set(build) - {"outputs"})
    if unknown:
        raise ConfigError(f"{where}: unknown setting [build] {unknown[0]}")
    result = []
    for number, table in enumerate(outputs, start=1):
        try:
            result.append(_output(table))
        except (TypeError, ValueError) as error:
            name = table.get("path", f"number {number}")
            raise ConfigError(f"{where}: [[build.outputs]] {name}: {error}") from None
    return tuple(result)


def _output(table: dict) -> OutputSettings:
    unknown = sorted(set(table) - OUTPUT_KEYS)
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r}")
    for key in ("format", "path"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise ValueError(f"needs a {key} (text)")
    types = _strings(table, "types")
    wrong = [name for name in types if name not in VENUE_TYPES]
    if wrong:
        raise ValueError(f"unknown venue type {wrong[0]!r}")
    since, until = _year(table, "since"), _year(table, "until")
    if since is not None and until is not None and since > until:
        raise ValueError(f"since {since} is after until {until}")
    options = table.get("options", {})
    if not isinstance(options, dict):
        raise ValueError("options must be a table")
    limit = table.get("max_authors")
    return OutputSettings(
        format=table["format"].strip(),
        path=table["path"].strip(),
        types=tuple(VenueType(name) for name in types),
        since=since,
        until=until,
        tags=tuple(tag.strip() for tag in _strings(table, "tags") if tag.strip()),
        selected=_flag(table, "selected", False),
        standalone=_flag(table, "standalone", False),
        group_by=_text(table, "group_by"),
        numbering=_text(table, "numbering"),
        reverse_numbers=_flag(table, "reverse_numbers", False)
        if "reverse_numbers" in table
        else None,
        labels=_flag(table, "labels", False),
        links=_flag(table, "links", True),
        max_authors=None if limit is None else author_limit(limit, "max_authors"),
        citations=_flag(table, "citations", False) if "citations" in table else None,
        options=dict(options),
    )


def _strings(table: dict, key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{key} must be a list of text")
    return value


def _year(table: dict, key: str) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
        raise ValueError(f"{key} must be a year such as 2019, not {value!r}")
    return value


def _flag(table: dict, key: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be true or false, not {value!r}")
    return value


def _text(table: dict, key: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} must be text, not {value!r}")
    return value


# What `publist init --build-example` adds to publist.toml: every line commented out, so
# nothing is built until you take the `#` off the outputs you want.
BUILD_EXAMPLE = """
# [[build.outputs]]: the files `publist build` keeps up to date (paths are relative to
# this file). Each has a format and a path; optional: types, since, until, tags,
# selected (only entries with `selected = {true}`), standalone, group_by, numbering,
# reverse_numbers, labels, links, max_authors, citations (the counts `publist refresh`
# keeps, as "Cited by N"), and options (the format's own settings).
#
# [[build.outputs]]
# format = "typst"                 # a section to #include in a Typst CV
# path = "cv/publications.typ"
# max_authors = 8                  # "A, B, …, **You**, et al."
#
# [[build.outputs]]
# format = "latex"
# path = "cv/publications.tex"
# types = ["conference", "journal"]
# since = 2018
#
# [[build.outputs]]
# format = "rendercv"              # the sections of a RenderCV CV
# path = "cv/publications.yaml"
#
# [[build.outputs]]
# format = "jsonresume"            # the publications of a resume.json
# path = "resume/publications.json"
#
# [[build.outputs]]
# format = "csljson"               # for pandoc --citeproc, Zotero, Quarto
# path = "publications.json"
#
# [[build.outputs]]
# format = "al-folio"              # _bibliography/papers.bib of an al-folio site
# path = "site/_bibliography/papers.bib"
# options = { bibtex_show = true }
#
# [[build.outputs]]
# format = "hugo"                  # Hugo Blox publication bundles
# path = "site/content/publication"
# options = { owner_profile = "me" }
#
# [[build.outputs]]
# format = "html"                  # the selected papers for a home page
# path = "site/selected.html"
# selected = true
# numbering = "none"
"""


def with_build_example(text: str) -> str | None:
    """publist.toml's text with the commented example added; None when it has [build]."""
    if "build" in parse_toml(text, Path(CONFIG_NAME)) or "[[build.outputs]]" in text:
        return None
    return text.rstrip("\n") + "\n" + BUILD_EXAMPLE

"""`publist build`: every output declared in publist.toml, rewritten only when its text changed.

An output is a format, a path (relative to publist.toml), a selection and format options.
Its wanted text is compared with the file on disk byte for byte: an unchanged file is
never written (its time stamp stays, so site generators and make see nothing new), and
`--check` reports the outputs whose files differ. A Hugo output is a folder of bundles;
a bundle publist made for an entry that is gone is removed (only the files it wrote).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from publist import citations, files
from publist.config import Numbering
from publist.errors import ConfigError, PublistError
from publist.kinds import member
from publist.library import Library
from publist.outputs import OutputSettings
from publist.own_files import own_file
from publist.render import FOLDERS, Format, choose_format, cited, options_for, render_files
from publist.render.core import GroupBy, Options, build
from publist.selection import Selection


@dataclass(frozen=True)
class Target:
    """One output, resolved: its format, where it goes, and the options of its list."""

    settings: OutputSettings
    kind: Format
    path: Path
    options: Options


@dataclass
class Outcome:
    """What one output needs: the files to write (their text differs) and to remove."""

    target: Target
    wanted: dict[Path, str]
    changed: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        return bool(self.changed or self.removed)


def targets(
    library: Library, outputs: tuple[OutputSettings, ...], cache_folder: Path | None = None
) -> list[Target]:
    """The outputs checked against each other, the library and publist's other files (its
    settings, citation counts, lock, cache); one ConfigError otherwise."""
    base = (library.config.path or library.path.resolve()).parent
    found: list[Target] = []
    seen: dict[Path, str] = {}
    for settings in outputs:
        try:
            target = _target(settings, base)
        except PublistError as error:
            raise ConfigError(f"[[build.outputs]] {settings.path}: {error}") from None
        real = Path(os.path.realpath(target.path))
        what = own_file(target.path, library.path, cache_folder)
        if what:
            raise ConfigError(f"[[build.outputs]] {settings.path} is {what}")
        if real in seen:
            raise ConfigError(f"[[build.outputs]] {settings.path} is declared twice")
        seen[real] = settings.path
        found.append(target)
    return found


def _target(settings: OutputSettings, base: Path) -> Target:
    kind = choose_format(settings.format, None)
    options = Options(
        selection=Selection(settings.types, settings.since, settings.until, settings.tags),
        group_by=member(GroupBy, settings.group_by or "type", "group_by", ConfigError),
        numbering=member(Numbering, settings.numbering, "numbering", ConfigError)
        if settings.numbering
        else None,
        reverse_numbers=settings.reverse_numbers,
        labels=settings.labels,
        links=settings.links,
        max_authors=settings.max_authors,
    )
    return Target(settings, kind, base / settings.path, options_for(kind, options))


def outcome(library: Library, target: Target) -> Outcome:
    """The files this output should hold, and which of them differ from the disk."""
    items = library.publications
    if target.settings.selected:
        from publist.render.parts import is_selected  # parts loads stats: 3-4 ms of a build

        items = [item for item in items if is_selected(item)]
    document = build(items, library.config, target.options, library.matcher)
    wanted_counts = target.settings.citations
    if library.config.export_citations if wanted_counts is None else wanted_counts:
        counts = citations.load(citations.path_for(library.path))
        if counts.problem:
            raise ConfigError(f"[[build.outputs]] {target.settings.path}: {counts.problem}")
        document = cited.with_counts(document, counts)
    try:
        texts = render_files(
            document, target.kind, library.file, target.settings.standalone,
            target.settings.options,
        )  # fmt: skip
    except PublistError as error:
        raise ConfigError(f"[[build.outputs]] {target.settings.path}: {error}") from None
    if target.kind in FOLDERS:
        wanted = {target.path / name: text for name, text in texts.items()}
    else:
        wanted = {target.path: texts[""]}
    result = Outcome(target, wanted)
    result.changed = [path for path, text in wanted.items() if differs(path, text)]
    if target.kind in FOLDERS:
        result.removed = _left_behind(target.path, set(wanted))
    return result


def plan(
    library: Library, outputs: tuple[OutputSettings, ...], cache_folder: Path | None = None
) -> list[Outcome]:
    return [outcome(library, target) for target in targets(library, outputs, cache_folder)]


def differs(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() != text.encode("utf-8")
    except FileNotFoundError:
        return True
    except IsADirectoryError:
        raise ConfigError(f"{path} is a folder; an output file cannot go there") from None
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from None


def _left_behind(folder: Path, wanted: set[Path]) -> list[Path]:
    """Files of bundles publist made (their page carries its mark) that are no longer wanted."""
    # Only a Hugo output has bundles: render.hugo, parts and stats are 4-5 ms of another build.
    from publist.render.hugo import CITATION, PAGE

    if not folder.is_dir():
        return []
    stale: list[Path] = []
    for bundle in sorted(folder.iterdir()):
        page = bundle / PAGE
        if page in wanted or not _made_by_publist(page):
            continue
        stale.extend(path for path in (page, bundle / CITATION) if path.is_file())
    return stale


def _made_by_publist(page: Path) -> bool:
    from publist.render.hugo import EARLIER_MARKERS, MARKER

    try:
        with page.open("rb") as stream:
            head = stream.read(max(map(len, (MARKER, *EARLIER_MARKERS))) + 8)
    except OSError:
        return False
    head = head.replace(b"\r\n", b"\n")
    return any(head.startswith(f"---\n{mark}".encode()) for mark in (MARKER, *EARLIER_MARKERS))


def apply(outcomes: list[Outcome]) -> None:
    """Write the changed files (atomically, folders made as needed); remove left-behind ones."""
    for result in outcomes:
        for path in result.changed:
            files.write_output(path, result.wanted[path])
        for path in result.removed:
            files.remove_output(path)
            if path.parent.is_dir() and not any(path.parent.iterdir()):
                files.remove_output(path.parent)

"""The public face for scripts: open a library, read its publications, render a list.

import publist

library = publist.open_library("library.bib")
for item in library.publications:
    print(item.year, item.title, item.venue_type)
print(library.render("md"))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from publist import bibfile, memo_files, reading
from publist.bibfile import LibraryFile
from publist.config import Config, load_config
from publist.memo import Memo
from publist.model import Publication
from publist.people import NameMatcher

if TYPE_CHECKING:  # the formatting core loads only for a command that renders (14 ms)
    from publist.render.core import Document, Options


@dataclass
class Library:
    """A library read from disk with its settings; read-only (commands edit through plans)."""

    file: LibraryFile
    config: Config
    memo: Memo = field(default_factory=Memo)

    @classmethod
    def open(
        cls,
        path: str | Path = "library.bib",
        *,
        owner: str | None = None,
        encoding: str | None = None,
        cache_folder: Path | None = None,
    ) -> Library:
        """Read a library and the publist.toml beside it; `owner` overrides its owner."""
        path = Path(path)
        config = load_config(path).with_owner(owner)
        file = bibfile.load(path, encoding, cache_folder=cache_folder)
        return cls(file, config, memo_files.read_memo(file.cache_file))

    @property
    def path(self) -> Path:
        return self.file.path

    @cached_property
    def matcher(self) -> NameMatcher:
        """The owner in every spelling of the settings."""
        return NameMatcher.of(self.config.owner_names, self.memo.people_of)

    @cached_property
    def publications(self) -> list[Publication]:
        """Every entry, decoded and classified, in file order."""
        return reading.publications(self.file, self.memo)

    def document(self, options: Options | None = None) -> Document:
        """The numbered, grouped list every format spells (render.core)."""
        from publist.render.core import Options, build

        return build(self.publications, self.config, options or Options(), self.matcher, self.memo)

    def render(
        self, format: str = "md", *, standalone: bool = False, options: Options | None = None
    ) -> str:
        """The list in a format (md, latex, html, txt, json, bib)."""
        from dataclasses import replace

        from publist import render
        from publist.render.core import Options

        options = options or Options()
        kind = render.choose_format(format, None)
        if options.details is None:
            options = replace(options, details=self.config.details_for(kind.value))
        options = render.options_for(kind, options)  # as export makes it
        return render.render(self.document(options), kind, self.file, standalone)

    def keep_memo(self) -> None:
        """Keep what this run decoded for the next run on the same text (see memo_files.py)."""
        if self.file.cache_file is None:
            return  # no parse cache (small, or the cache is off): nothing to keep it beside
        if "publications" not in self.__dict__:  # not read: what the library holds is unknown
            memo_files.keep_memo(self.file.cache_file, self.memo)
            return
        entries = {item.digest for item in self.publications}
        memo_files.keep_memo(self.file.cache_file, self.memo, self._values, entries)

    def _values(self) -> set[str]:
        """Every value the library holds, and the owner's names (the memo keeps their people)."""
        values = {value for item in self.publications for value in item.latex_fields.values()}
        values.update(name.strip() for name in self.config.owner_names if name)
        return values


def open_library(path: str | Path = "library.bib", **options) -> Library:
    """Library.open: read a library and its settings."""
    return Library.open(path, **options)

"""publist: a publication list kept in one BibTeX file.

The face for scripts (loaded on first use, so the command line starts fast):
`open_library(path)` gives a `Library` with its `publications` and `render(format)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from publist.version import __version__

__all__ = ["Library", "Publication", "open_library", "__version__"]

if TYPE_CHECKING:
    from publist.library import Library, open_library
    from publist.model import Publication


def __getattr__(name: str):
    if name in ("Library", "open_library"):
        from publist import library

        return getattr(library, name)
    if name == "Publication":
        from publist.model import Publication

        return Publication
    raise AttributeError(f"module 'publist' has no attribute {name!r}")

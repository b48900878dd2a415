"""The files publist keeps for a library (the library, its settings, its citation counts,
its lock) and the cache folder: an export or a build output must never replace one."""

from __future__ import annotations

import os
from pathlib import Path

from publist import citations, files
from publist.config import CONFIG_NAME, config_path


def own_file(target: Path, library: Path, cache_folder: Path | None = None) -> str | None:
    """What of publist's the target is ('the library itself', ...), or None.

    Paths are compared once resolved (links, '..', the working folder) and, for files that
    exist, by identity too, so a hard link or a second name of the same file is caught."""
    named = {
        library: "the library itself",
        config_path(library): f"publist's settings file ({CONFIG_NAME})",
        citations.path_for(library): "publist's citation counts file",
        files.lock_file(library): "the library's lock file",
    }
    real = _real(target)
    for path, what in named.items():
        if real == _real(path) or _same_file(target, path):
            return what
    if cache_folder is not None:
        folder = _real(cache_folder)
        if real == folder or folder in real.parents:
            return f"inside publist's cache folder ({cache_folder})"
    return None


def _real(path: Path) -> Path:
    return Path(os.path.realpath(os.path.abspath(path)))


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist (yet)
        return False

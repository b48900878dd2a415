"""`publist init`: create the library and its settings, or update the owner."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from publist import bibfile, config, files

LIBRARY_HEADER = "% publist library: one entry per publication. See `publist --help`.\n"


def init(library_path: Path, owner: str | None, aliases: list[str], email: str | None) -> list[str]:
    """Create what is missing; returns messages for the user."""
    messages = []
    if ensure_library(library_path):
        messages.append(f"Created {library_path}")
    else:
        bibfile.load(library_path)  # an unreadable library is reported now, not later
        messages.append(f"Kept {library_path} as it is")
    path = config.config_path(library_path)
    if owner or aliases or email or not path.exists():
        messages.append(set_owner(library_path, owner, aliases, email))
    else:
        messages.append(f"Kept {path} as it is")
    return messages


def ensure_library(library_path: Path) -> bool:
    """Create the library with its header line when it is missing; True when created."""
    return files.create_exclusive(library_path, LIBRARY_HEADER)


def set_owner(
    library_path: Path, owner: str | None, aliases: Sequence[str] = (), email: str | None = None
) -> str:
    """Create publist.toml with these settings, or set them in the existing one (checked
    before and after, so a broken file is never made worse); a message for the user."""
    path = config.config_path(library_path)
    fresh = config.render_config(owner or "", list(aliases), email or "")
    config.parse_config(config.parse_toml(fresh, path), path)
    if files.create_exclusive(path, fresh):
        return f"Created {path}"
    current = config.read_config_text(path) or ""
    config.parse_config(config.parse_toml(current, path), path)
    updated = config.update_config(current, owner, list(aliases), email)
    config.parse_config(config.parse_toml(updated, path), path)
    if updated != current:
        files.write_text_atomic(path, updated)
    return f"Updated the owner settings in {path}"


def add_build_example(library_path: Path) -> str:
    """Add the commented [[build.outputs]] example to publist.toml; a message for the user."""
    from publist.outputs import with_build_example

    path = config.config_path(library_path)
    current = config.read_config_text(path) or ""
    updated = with_build_example(current)
    if updated is None:
        return f"Kept {path}: it has [build] outputs, or their example, already"
    config.parse_config(config.parse_toml(updated, path), path)
    files.write_text_atomic(path, updated)
    return f"Added a commented [[build.outputs]] example to {path}"

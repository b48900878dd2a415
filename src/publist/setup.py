"""`publist init`: create the library and its settings, or update the owner."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from publist import bibfile, config

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
    return bibfile.create_exclusive(library_path, LIBRARY_HEADER)


def set_owner(
    library_path: Path, owner: str | None, aliases: Sequence[str] = (), email: str | None = None
) -> str:
    """Create publist.toml with these settings, or set them in the existing one (checked
    before and after, so a broken file is never made worse); a message for the user."""
    path = config.config_path(library_path)
    if bibfile.create_exclusive(
        path, config.render_config(owner or "", list(aliases), email or "")
    ):
        return f"Created {path}"
    current = _read(path)
    config.parse_config(_toml(current, path), path)
    updated = update_owner(current, owner, list(aliases), email)
    config.parse_config(_toml(updated, path), path)
    if updated != current:
        bibfile.write_text_atomic(path, updated)
    return f"Updated the owner settings in {path}"


def _read(path: Path) -> str:
    """publist.toml's text; read as config.load_config reads it, errors as one line."""
    from publist.errors import ConfigError

    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None


def _toml(text: str, path: Path) -> dict:
    import tomllib

    from publist.errors import ConfigError

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None


def update_owner(text: str, owner: str | None, aliases: list[str], email: str | None) -> str:
    """Set keys in the [owner] and [network] tables, keeping every other line."""
    quote = config._escape
    if owner:
        text = _set_key(text, "owner", "name", f'"{quote(owner)}"')
    if aliases:
        text = _set_key(
            text, "owner", "aliases", "[" + ", ".join(f'"{quote(a)}"' for a in aliases) + "]"
        )
    if email:
        text = _set_key(text, "network", "email", f'"{quote(email)}"')
    return text


def _set_key(text: str, table: str, key: str, value: str) -> str:
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == f"[{table}]"), None)
    if start is None:
        prefix = "" if not text or text.endswith("\n") else "\n"
        return text + f"{prefix}\n[{table}]\n{key} = {value}\n"
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines)
    )
    for index in range(start + 1, end):
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[index]):
            lines[index] = f"{key} = {value}\n"
            return "".join(lines)
    lines.insert(start + 1, f"{key} = {value}\n")
    return "".join(lines)

"""`publist init`: create the library and its settings, or update the owner."""

from __future__ import annotations

import re
from pathlib import Path

from publist import bibfile, config

LIBRARY_HEADER = "% publist library: one entry per publication. See `publist --help`.\n"


def init(library_path: Path, owner: str | None, aliases: list[str], email: str | None) -> list[str]:
    """Create what is missing; returns messages for the user."""
    messages = []
    if bibfile.create_exclusive(library_path, LIBRARY_HEADER):
        messages.append(f"Created {library_path}")
    else:
        bibfile.load(library_path)  # an unreadable library is reported now, not later
        messages.append(f"Kept {library_path} as it is")
    path = config.config_path(library_path)
    text = config.render_config(owner or "", aliases, email or "")
    if bibfile.create_exclusive(path, text):
        messages.append(f"Created {path}")
    elif owner or aliases or email:
        current = path.read_text(encoding="utf-8")
        config.parse_config(_toml(current, path), path)
        updated = update_owner(current, owner, aliases, email)
        config.parse_config(_toml(updated, path), path)
        bibfile.write_text_atomic(path, updated)
        messages.append(f"Updated the owner settings in {path}")
    else:
        messages.append(f"Kept {path} as it is")
    return messages


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

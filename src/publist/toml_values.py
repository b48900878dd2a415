"""Typed values from parsed TOML (publist.toml): each reader names the key and what it
must be in one line when the value is of another kind; unknown keys get a suggestion."""

from __future__ import annotations


def known(settings: dict, allowed: tuple[str, ...], where: str, noun: str) -> None:
    """Every key is one of `allowed`; else the key, the closest valid one and all of them."""
    import difflib

    for name in settings:
        if name not in allowed:
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(
                f"{where}unknown {noun} '{name}'{hint}; the {noun}s are {', '.join(allowed)}"
            )


def table(data: dict, key: str, name: str = "") -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"{name or f'[{key}]'} must be a table, not {kind(value)}")
    return value


def listed(data: dict, key: str, name: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{name} must be an array, not {kind(value)}")
    return value


def string(data: dict, key: str, name: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string in quotes, not {kind(value)}")
    return value


def strings(data: dict, key: str, name: str) -> list[str]:
    values = listed(data, key, name)
    if not all(isinstance(value, str) for value in values):
        raise ValueError(f"{name} must be an array of strings")
    return values


def boolean(data: dict, key: str, name: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):  # "false" in quotes is a string, and true to Python
        raise ValueError(f"{name} must be true or false (without quotes), not {kind(value)}")
    return value


def kind(value: object) -> str:
    if isinstance(value, str):
        return f"the string {value!r}"
    names = {bool: "a boolean", int: "a number", float: "a number", list: "an array",
             dict: "a table"}  # fmt: skip
    return f"{names.get(type(value), 'a date or time')} ({value!r})"[:80]

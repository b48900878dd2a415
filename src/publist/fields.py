"""Edits of an entry's raw field list: set or drop a field (at its place in the house
order), and the keywords, edited as the user spells them (pure)."""

from __future__ import annotations

from collections.abc import Callable

from publist.bibtex import (
    RawField,
    braced,
    ends_in_escape,
    evaluate,
    has_top_level_hash,
    split_list,
)
from publist.errors import LibraryError, UsageProblem
from publist.house import field_rank
from publist.kinds import VENUE_TYPES, VenueType
from publist.patterns import compile_on_use

__all__ = ["check_tag", "get_raw", "set_field", "with_tag", "with_venue_type", "without_tag",
           "without_venue_type"]  # fmt: skip


def set_field(fields: list[RawField], name: str, raw: str | None) -> list[RawField]:
    """Replace a field in place, drop it when raw is None; a new field goes to its place in
    the house order (before the first field that ranks after it), so fmt agrees."""
    result: list[RawField] = []
    found = False
    for existing, value in fields:
        if existing.lower() == name.lower():
            if raw is not None and not found:
                result.append((existing, raw))
            found = True
        else:
            result.append((existing, value))
    if not found and raw is not None:
        rank = field_rank(name)
        place = next(
            (index for index, (other, _) in enumerate(result) if field_rank(other) > rank),
            len(result),
        )
        result.insert(place, (name, raw))
    return result


def get_raw(fields: list[RawField], name: str) -> str | None:
    for existing, value in fields:
        if existing.lower() == name.lower():
            return value
    return None


def _keyword_list(fields: list[RawField]) -> list[str]:
    raw = get_raw(fields, "keywords")
    if not raw:
        return []
    macros: list[str] = []
    words = split_list(evaluate(raw, {}, macros))
    if macros:
        # Rewritten, the list would hold the macro's name instead of its words.
        raise LibraryError(
            f"keywords = {raw} uses @string macros; publist changes only keywords written "
            "out, so nothing was written (write the words out in keywords)"
        )
    return words


def _with_keywords(fields: list[RawField], words: list[str]) -> list[RawField]:
    # A word ending in a backslash keeps a space after it: `ml\, x` would read as a thin space.
    text = ", ".join(word + " " if ends_in_escape(word) else word for word in words)
    return set_field(fields, "keywords", braced(text) if words else None)


# Keywords are edited in the user's own spelling: a word added with the list's separator
# ('a; b' stays ';'), a word taken out with its separator, everything else as written.
_SEPARATOR = compile_on_use(r"\s*[,;]\s*")
_ITEM = compile_on_use(r"[^,;\s](?:[^,;]*[^,;\s])?")  # one word of the list, without its spaces


def _edit_keywords(
    fields: list[RawField], drop: Callable[[str], bool], first: str = "", last: str = ""
) -> list[RawField]:
    """The keywords without the words `drop` picks, `first` put in front (in place of the
    first dropped one), `last` added at the end."""
    raw = get_raw(fields, "keywords")
    if raw is None or not _one_string(raw):
        words = [word for word in _keyword_list(fields) if not drop(word)]
        return _with_keywords(fields, [word for word in (first, *words, last) if word])
    inner = raw[1:-1]
    items = [match.span() for match in _ITEM.finditer(inner)]
    separator = _SEPARATOR.search(inner)
    joint = separator.group() if separator and separator.group().strip() else ", "
    words = [inner[a:b] for a, b in items]
    kept = [index for index, word in enumerate(words) if not drop(word)]
    pieces = [words[index] for index in kept]
    if first:
        pieces.insert(0, first)
    if last:
        pieces.append(last)
    if not pieces:
        return set_field(fields, "keywords", None)
    if not items:
        return set_field(fields, "keywords", raw[0] + joint.join(pieces) + raw[-1])
    text = inner
    for index in reversed(range(len(items))):
        if index in kept:
            continue
        start, end = items[index]
        following = items[index + 1][0] if index + 1 < len(items) else None
        previous = items[index - 1][1] if index > 0 else None
        if following is not None and (previous is None or index - 1 not in kept):
            text = text[:start] + text[following:]
        elif previous is not None:
            text = text[:previous] + text[end:]
        else:
            text = text[:start] + text[end:]
    begin = len(text) - len(text.lstrip())
    if first:
        rest = text[begin:]
        text = text[:begin] + first + (joint if rest.strip() else "") + rest
    if last:
        close = len(text.rstrip())
        head = text[:close] + (" " if ends_in_escape(text[:close]) else "")  # `ml\ ` stays
        text = head + (joint if head.strip() else "") + last + text[close:]
    return set_field(fields, "keywords", raw[0] + text + raw[-1])


def _one_string(raw: str) -> bool:
    """A value that is one braced or quoted string (no macro, no '#')."""
    return (
        len(raw) >= 2
        and (raw[0], raw[-1]) in (("{", "}"), ('"', '"'))
        and ("#" not in raw or not has_top_level_hash(raw))
    )


def _is_type(word: str) -> bool:
    return word.strip().lower() in VENUE_TYPES


def with_venue_type(fields: list[RawField], kind: VenueType) -> list[RawField]:
    words = _keyword_list(fields)
    if words and words[0].lower() == kind.value and sum(map(_is_type, words)) == 1:
        return fields  # already so
    return _edit_keywords(fields, _is_type, first=kind.value)


def without_venue_type(fields: list[RawField]) -> list[RawField]:
    return _edit_keywords(fields, _is_type)


def check_tag(tag: str) -> None:
    """A free tag is one keyword: no list separators, no braces, not a venue type."""
    if not tag.strip() or any(mark in tag for mark in ",;{}"):
        raise UsageProblem(f"'{tag}' is not a tag (no commas, semicolons or braces)")
    if ends_in_escape(tag.strip()):
        raise UsageProblem(
            f"the tag '{tag}' ends in a backslash, which would escape the closing brace "
            "(write \\textbackslash{} for a backslash)"
        )
    if tag.strip().lower() in VENUE_TYPES:
        raise UsageProblem(f"'{tag}' is a venue type; set it with --type {tag.strip().lower()}")


def with_tag(fields: list[RawField], tag: str) -> list[RawField]:
    check_tag(tag)
    tag = tag.strip()
    words = _keyword_list(fields)
    if tag.lower() in (word.lower() for word in words):
        return fields
    return _edit_keywords(fields, lambda _: False, last=tag)


def without_tag(fields: list[RawField], tag: str) -> list[RawField]:
    if tag.lower() not in (word.lower() for word in _keyword_list(fields)):
        return fields
    return _edit_keywords(fields, lambda word: word.strip().lower() == tag.lower())

"""Field-level edits of one entry's text: only the bytes of the fields that change.

`tag`, `tag --auto`, `dedupe --distinct` and every other edit of a few fields go through
here, so the rest of the entry stays exactly as the user wrote it. A new field follows the
entry's own layout: its indentation, the spacing around `=`, the alignment of `=` (pure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from publist.bibtex import RawField
from publist.house import field_rank
from publist.patterns import compile_on_use


@dataclass(frozen=True)
class FieldSpan:
    """Where one field is in an entry's text (offsets into that text)."""

    name: str
    start: int  # the field name
    value_start: int
    value_end: int
    end: int  # after its comma, or value_end when it has none
    comma: bool


_HEAD = re.compile(r"\s*@\s*[A-Za-z][\w-]*\s*([{(])")
_NAME = re.compile(r"[^\s=,{}()\"#%']+")
_BARE = compile_on_use(r"[^\s,#{}()\"]+")
_SPACE = re.compile(r"\s*")


def field_spans(text: str) -> list[FieldSpan] | None:
    """The fields of an entry's text, as BibTeX reads them; None when it cannot be read."""
    head = _HEAD.match(text)
    if not head:
        return None
    closing = "}" if head.group(1) == "{" else ")"
    comma = text.find(",", head.end())
    if comma < 0:
        return [] if text.rstrip().endswith(closing) else None
    spans: list[FieldSpan] = []
    position = comma + 1
    while True:
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        if position >= len(text):
            return None
        if text[position] == closing:
            return spans
        name = _NAME.match(text, position)
        if not name:
            return None
        equals = _SPACE.match(text, name.end()).end()  # type: ignore[union-attr]
        if text[equals : equals + 1] != "=":
            return None
        value_start = _SPACE.match(text, equals + 1).end()  # type: ignore[union-attr]
        value_end = _value_end(text, value_start)
        if value_end is None:
            return None
        after = _SPACE.match(text, value_end).end()  # type: ignore[union-attr]
        has_comma = text[after : after + 1] == ","
        end = after + 1 if has_comma else value_end
        spans.append(FieldSpan(name.group(), position, value_start, value_end, end, has_comma))
        if not has_comma:
            return spans if text[after : after + 1] == closing else None
        position = end


def _value_end(text: str, position: int) -> int | None:
    """The end of a value: braced and quoted strings and bare words, joined by '#'."""
    while True:
        if position >= len(text):
            return None
        char = text[position]
        if char == "{":
            end = _closing_brace(text, position)
        elif char == '"':
            end = _closing_quote(text, position)
        else:
            bare = _BARE.match(text, position)
            end = bare.end() if bare else None
        if end is None:
            return None
        after = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if text[after : after + 1] != "#":
            return end
        position = _SPACE.match(text, after + 1).end()  # type: ignore[union-attr]


def _closing_brace(text: str, position: int) -> int | None:
    depth = 0
    for index in range(position, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def _closing_quote(text: str, position: int) -> int | None:
    depth = 0
    for index in range(position + 1, len(text)):
        char = text[index]
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == '"' and depth == 0:
            return index + 1
    return None


# --- the edit ---


def splice_fields(text: str, old: list[RawField], new: list[RawField], newline: str) -> str | None:
    """The entry's text with the fields `new` instead of `old`: changed values replaced in
    place, removed fields cut out with their line, new fields inserted where the house order
    puts them. None when the text cannot be edited field by field (it is not as `old` says,
    or a field repeats)."""
    spans = field_spans(text)
    names = [name.lower() for name, _ in old]
    if spans is None or len(set(names)) != len(names) or len(spans) != len(old):
        return None
    for span, (name, raw) in zip(spans, old, strict=True):
        if span.name.lower() != name.lower() or text[span.value_start : span.value_end] != raw:
            return None
    wanted = {name.lower(): raw for name, raw in new}
    if len(wanted) != len(new):
        return None
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    kept = []
    for span in spans:
        value = wanted.get(span.name.lower())
        if value is None:
            edits.append(_removal(text, span))
            continue
        kept.append(span)
        if value != text[span.value_start : span.value_end]:
            edits.append((span.value_start, span.value_end, value))
    present = {span.name.lower() for span in spans}
    for name, raw in new:
        if name.lower() not in present:
            edits.append(_insertion(text, kept, name, raw, newline))
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _own_line(text: str, span: FieldSpan) -> bool:
    """The field starts its line (only indentation before it, and not the '@' line)."""
    start = _line_start(text, span.start)
    return start > 0 and not text[start : span.start].strip()


def _removal(text: str, span: FieldSpan) -> tuple[int, int, str]:
    """Cut a field: its whole line when it has one to itself, else up to the next field."""
    rest = _SPACE.match(text, span.end).end()  # type: ignore[union-attr]
    line_end = text.find("\n", span.end)
    if _own_line(text, span) and line_end >= 0 and not text[span.end : line_end].strip():
        return _line_start(text, span.start), line_end + 1, ""
    return span.start, rest, ""


def _insertion(
    text: str, spans: list[FieldSpan], name: str, raw: str, newline: str
) -> tuple[int, int, str]:
    """A new field before the first field that ranks after it in the house order; else after
    the last field when it ends with a comma, else before the last field (so that no
    other field's bytes change)."""
    if not spans:
        return _into_empty(text, name, raw, newline)
    rank = field_rank(name)
    after = next((span for span in spans if field_rank(span.name) > rank), None)
    if after is None and not spans[-1].comma:
        after = spans[-1]
    template = after or spans[-1]
    prefix = _prefix(text, spans, template, name)
    if after is not None:
        if _own_line(text, after):
            place = _line_start(text, after.start)
            return place, place, f"{prefix}{raw},{_line_ending(text, after.start, newline)}"
        return after.start, after.start, f"{prefix.lstrip()}{raw}, "
    last = spans[-1]
    line_end = text.find("\n", last.end)
    if _own_line(text, last) and line_end >= 0:  # a line of its own, after the last one's
        if text[line_end - 1] == "\r":
            line_end -= 1
        ending = _line_ending(text, last.start, newline)
        return line_end, line_end, f"{ending}{prefix}{raw},"
    return last.end, last.end, f" {prefix.lstrip()}{raw},"


def _line_ending(text: str, position: int, newline: str) -> str:
    end = text.find("\n", position)
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n" if end >= 0 else newline


def _prefix(text: str, spans: list[FieldSpan], template: FieldSpan, name: str) -> str:
    """Indentation, name and '=' for a new field, in the template field's layout; aligned
    with the others when their '=' signs line up."""
    start = _line_start(text, template.start)
    indent = text[start : template.start] if _own_line(text, template) else ""
    before, equals, after = text[template.start : template.value_start].partition("=")
    gap_before = before[len(template.name) :]
    width = _aligned_width(text, spans)
    if gap_before and width is not None:
        gap_before = " " * max(width - len(name), 1)
    elif gap_before:
        gap_before = " "
    return f"{indent}{name}{gap_before}={after}"


def _aligned_width(text: str, spans: list[FieldSpan]) -> int | None:
    """The width of name and gap when most fields on their own lines put '=' in one
    column (a long name may stick out)."""
    widths = [
        len(text[span.start : span.value_start].partition("=")[0])
        for span in spans
        if _own_line(text, span)
    ]
    if len(widths) < 2:
        return None
    common = max(set(widths), key=widths.count)
    return common if widths.count(common) * 2 > len(widths) else None


def _into_empty(text: str, name: str, raw: str, newline: str) -> tuple[int, int, str]:
    """The first field of an entry that has none: after its key, on a line of its own."""
    head = _HEAD.match(text)
    comma = text.find(",", head.end()) if head else -1
    if comma >= 0:
        return comma + 1, comma + 1, f"{newline}  {name} = {raw},"
    closing = text.rstrip().rfind("}" if "{" in text[: head.end()] else ")") if head else -1
    return closing, closing, f",{newline}  {name} = {raw},{newline}"

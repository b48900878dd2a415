"""Field values as a merge compares and unites them: equal values, the same people, keyword
and mark lists, and the `<field>_alt` fields that keep a contradicted value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from publist import storage
from publist.bibtex import RawField, braced, evaluate
from publist.dedupe.titles import fold_text
from publist.model import Publication
from publist.patterns import compile_on_use
from publist.people import Person, fold, same_person, split_people

ALT_FIELD = compile_on_use(r"_alt\d*$")
NAME_FIELDS = frozenset({"author", "editor"})
# Fields where a value inside another is another value ("12" in "123"), not the same one.
EXACT_FIELDS = frozenset(
    "doi eprint isbn issn year volume number pages url month day date edition pmid".split()
)
CONTAINED_MINIMUM = 12  # characters: a shorter value inside a longer one says little


@dataclass(frozen=True)
class Conflict:
    """A value of a removed entry that the kept entry does not carry as it is."""

    field: str
    kept: str
    dropped: str  # the other record's value
    source: str  # key of the removed entry
    kept_as: str = ""  # the field that now holds it ("year_alt"); "" when it is not kept


def plain(raw: str) -> str:
    return " ".join(evaluate(raw, {}).split())


def same_value(first: str, second: str, name: str = "") -> bool:
    """Equal once case, accents, braces and punctuation are folded; or, for text, the kept
    value says all the other does ("... Pattern Recognition (CVPR)" holds "... pattern
    recognition"). Names are compared person by person."""
    if name in NAME_FIELDS:
        return same_people(first, second)
    kept, other = (
        fold_text(plain(raw).replace("{", "").replace("}", "")) for raw in (first, second)
    )
    if kept == other:
        return True
    return (
        name not in EXACT_FIELDS and len(other) >= CONTAINED_MINIMUM and f" {other} " in f" {kept} "
    )


def same_people(first: str, second: str) -> bool:
    """ "Gyeong-In Yu" and "Yu, Gyeong-In" are one person, and so are "X. Zhang" and
    "Xiangyu Zhang"; "A and B and others" is the start of the full list, not another list."""
    people = [list(split_people(plain(raw))) for raw in (first, second)]
    truncated = [bool(group) and fold(group[-1].last) == "others" for group in people]
    for index, cut in enumerate(truncated):
        if cut:
            people[index] = people[index][:-1]
    if len(people[0]) != len(people[1]):
        shorter = 0 if len(people[0]) < len(people[1]) else 1
        if not truncated[shorter]:
            return False
        people[1 - shorter] = people[1 - shorter][: len(people[shorter])]
    return all(
        _name_parts(a) == _name_parts(b) or same_person(a, b) or same_person(b, a)
        for a, b in zip(*people, strict=True)
    )


def _name_parts(person: Person) -> tuple[str, ...]:
    return tuple(fold(part) for part in (person.first, person.von, person.last, person.jr))


def keep_alternative(fields: list[RawField], base: str, raw: str) -> tuple[list[RawField], str]:
    """The value as `base_alt` (`base_alt2`, ...) unless the field or one of its
    alternatives holds it already; returns the fields and the name used ("" for none)."""
    pattern = re.compile(re.escape(base) + r"(_alt\d*)?", re.IGNORECASE)
    if any(pattern.fullmatch(name) and same_value(value, raw, base) for name, value in fields):
        return fields, ""
    number = 1
    while storage.get_raw(fields, name := base + "_alt" + (str(number) if number > 1 else "")):
        number += 1
    return fields + [(name, raw)], name


def text_of(fields: list[RawField], name: str) -> str:
    raw = storage.get_raw(fields, name)
    return evaluate(raw, {}) if raw else ""


def with_list(fields: list[RawField], name: str, values: list[str]) -> list[RawField]:
    current = storage.split_list(text_of(fields, name))
    lowered = {value.lower() for value in current}
    for value in values:
        if value.lower() not in lowered:
            current.append(value)
            lowered.add(value.lower())
    return storage.set_field(fields, name, braced(", ".join(current)) if current else None)


def with_joined(fields: list[RawField], name: str, raw: str) -> list[RawField]:
    existing = storage.get_raw(fields, name)
    if existing is None:
        return fields + [(name, raw)]
    if same_value(existing, raw) or fold_text(plain(raw)) in fold_text(plain(existing)):
        return fields
    return storage.set_field(fields, name, braced(f"{plain(existing)}; {plain(raw)}"))


def merge_keywords(
    fields: list[RawField], raw: str, source: str
) -> tuple[list[RawField], list[Conflict]]:
    """Keywords united; the kept record's venue type wins (another one is a Conflict)."""
    words = storage.split_list(evaluate(raw, {}))
    current = storage.split_list(text_of(fields, "keywords"))
    kept_type = next((word for word in current if word.lower() in storage.VENUE_TYPES), None)
    conflicts: list[Conflict] = []
    added = []
    for word in words:
        if word.lower() in storage.VENUE_TYPES and kept_type is not None:
            if word.lower() != kept_type.lower():
                conflicts.append(Conflict("keywords", kept_type, word, source))
            continue
        added.append(word)
    return with_list(fields, "keywords", added), conflicts


def merge_marks(
    fields: list[RawField], kept: Publication, source: Publication, raw: str
) -> tuple[list[RawField], list[Conflict]]:
    """Equal-contribution and highlight marks, moved to the same person in the kept author list."""
    marks = storage.parse_annotations(text_of(fields, storage.ANNOTATION_FIELD))
    conflicts: list[Conflict] = []
    for position, values in storage.parse_annotations(evaluate(raw, {})).items():
        target = None
        if 0 < position <= len(source.authors):
            person = source.authors[position - 1]
            target = next(
                (
                    index
                    for index, author in enumerate(kept.authors, start=1)
                    if same_person(author, person)
                ),
                None,
            )
        if target is None and len(kept.authors) == len(source.authors):
            target = position
        if target is None:
            mark = f"{position}={','.join(sorted(values))}"
            conflicts.append(Conflict(storage.ANNOTATION_FIELD, "", mark, source.key))
            continue
        marks.setdefault(target, set()).update(values)
    text = storage.format_annotations(marks)
    return storage.set_field(
        fields, storage.ANNOTATION_FIELD, braced(text) if text else None
    ), conflicts

"""The Markdown export of the bundled library reproduces the owner's hand-written CV list.

Both documents are parsed into items (authors with bold and equal marks, title, venue in
italics, award, date, links) and compared item by item. Only the known, intended
differences are normalised: months the CV leaves out, links where the CV has a bare
"[paper]", and the CV's own slip in conference item 3 (no bold, no italics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The CV omits these months; the library records them.
MONTHS_THE_CV_LEAVES_OUT = {("Conference Publications", 1): "September 2022"}
# The CV forgot the bold and the italics here; the export must not copy the slip.
CV_SLIPS = {("Conference Publications", 3)}


@dataclass(frozen=True)
class Entry:
    authors: tuple[tuple[str, bool, bool], ...]  # name, bold, equal
    equal_note: bool
    title: str
    venue: str
    italic: bool
    date: str
    links: tuple[str, ...]  # link labels; "[paper]" in the CV counts as a label too


def parse(text: str) -> dict[str, list[tuple[int, str]]]:
    sections: dict[str, list[tuple[int, str]]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = []
        elif current and (match := re.match(r"^(\d+)\. (.*)$", line)):
            sections[current].append((int(match.group(1)), match.group(2)))
    return sections


def entry(text: str) -> Entry:
    links = tuple(re.findall(r"\[(\w+)\](?:\([^)]*\))?", text))
    text = re.sub(r"\s*\[\w+\](\([^)]*\))?", "", text).strip()
    note = "(\\*equal contribution)" in text
    text = text.replace(" (\\*equal contribution)", "")
    author_text, _, rest = text.partition(". ")
    authors = []
    for name in author_text.split(", "):
        bold = name.startswith("**") and name.endswith("**")
        name = name[2:-2] if bold else name
        equal = name.endswith("\\*")
        authors.append((name.removesuffix("\\*"), bold, equal))
    title, _, tail = rest.partition(". ")
    italic_match = re.match(r"^\*(.+?)\.?\*(?:, (.*?))?\.?$", tail)
    if italic_match:
        venue, date, italic = italic_match.group(1), italic_match.group(2) or "", True
    else:
        venue, _, date = tail.rstrip(".").rpartition(", ")
        italic = False
    return Entry(tuple(authors), note, title, venue.rstrip("."), italic, date, links)


def test_markdown_export_reproduces_the_cv(cli, library, shared):
    cv = parse((shared / "owner" / "cv-publications.md").read_text(encoding="utf-8"))
    result = cli("-l", library, "export", "--format", "md")
    assert result.exit_code == 0 and result.stderr == ""
    export = parse(result.stdout)
    assert list(export) == list(cv) == ["Conference Publications", "Other Publications", "Patents"]
    compared = 0
    for section, cv_items in cv.items():
        assert [number for number, _ in export[section]] == list(range(1, len(cv_items) + 1))
        assert len(export[section]) == len(cv_items), section
        for (number, cv_text), (_, out_text) in zip(cv_items, export[section], strict=True):
            place = (section, number)
            want, got = entry(cv_text), entry(out_text)
            assert got.title == want.title, place
            assert got.venue == want.venue, place
            assert got.equal_note == want.equal_note, place
            assert [(n, e) for n, _, e in got.authors] == [(n, e) for n, _, e in want.authors]
            if place in CV_SLIPS:
                assert not any(bold for _, bold, _ in want.authors) and not want.italic
                assert [n for n, bold, _ in got.authors if bold] == ["Gyeong-In Yu"], place
                assert got.italic, place
            else:
                assert got.authors == want.authors, place
                assert got.italic == want.italic, place
            assert got.date == (want.date or MONTHS_THE_CV_LEAVES_OUT.get(place)), place
            # A link is shown only where the library has a URL (none is invented), and
            # always with the CV's label.
            assert set(got.links) <= {"paper"}, place
            assert not got.links or want.links, place
            compared += 1
    assert compared == 18
    nimble = entry(cv["Conference Publications"][3][1])
    assert nimble.authors[:2] == (("Woosuk Kwon", False, True), ("Gyeong-In Yu", True, True))


def test_export_links_are_real_web_links(cli, library):
    out = cli("-l", library, "export").stdout
    urls = re.findall(r"\]\(([^)]*)\)", out)
    assert len(urls) == 9 and all(url.startswith("https://") for url in urls)
    assert "Nimble: Lightweight and Efficient GPU Task Scheduling" in out


def test_award_is_inside_the_italic_venue(cli, library):
    out = cli("-l", library, "export").stdout
    assert (
        "*34th Conference on Neural Information Processing Systems (NeurIPS 2020) (Spotlight)*"
        in out
    )
    assert (
        "4. Woosuk Kwon\\*, **Gyeong-In Yu\\***, Eunji Jeong, Byung-Gon Chun (\\*equal contribution)."
        in out
    )

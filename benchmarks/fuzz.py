"""Fuzz the library loader, the decoded view, the export, the write path and the identifier
parser.

Hypothesis at a high example count, bounded in time (not a test: run it by hand or in a
nightly job). Each target states the property it checks; a failure prints the smallest input.

    python benchmarks/fuzz.py --seconds 60
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publist import bibfile, identifiers, normalize, reading, storage
from publist.bibtex import braced
from publist.config import Config
from publist.errors import PublistError
from publist.render import core

# Text that looks like BibTeX often enough to reach deep into the parser.
TOKENS = st.sampled_from(
    ["@article{", "@string{", "@comment{", "@preamble{", "@misc{k,", "}", "{", "\"", ",", "=",
     " title = ", " author = ", " and ", "#", "\\'", "\\\"o", "$", "\\textbf{", "%", "\n", "\r\n",
     "\ufeff", "k1", "2020", "jan", "~", "--", "\x00", "é", "\\", " "]
)  # fmt: skip
BIBTEX_LIKE = st.lists(st.one_of(TOKENS, st.text(max_size=5)), max_size=60).map("".join)


def loader_round_trips(text: str) -> None:
    library = bibfile.load_text(text)
    assert library.to_text() == text  # an untouched library is written back as it was
    items = reading.publications(library)
    document = core.build(items, Config(owner="Ada Lovelace"), core.Options())
    for section in document.sections:  # per-group numbering: 1..n in each section
        assert [item.number for item in section.items] == list(range(1, len(section.items) + 1))


WRITE_BASE = "@misc{first, title = {First}}\n\n@misc{a, title = {Notes}, year = {1843}}\n"
WRITE_FOLDER = Path(tempfile.mkdtemp(prefix="publist-fuzz-"))


def written_or_refused(value: str) -> None:
    """Any value, through each way one reaches the file (a tag, an award, typed or fetched
    text, a raw value, a pasted entry), reads back exactly or is refused with the file as
    it was."""
    path = WRITE_FOLDER / "library.bib"
    ways = [
        lambda lib: ("a", "award", storage.with_text(lib.entry("a").fields, "award", value)),
        lambda lib: ("a", "keywords", storage.with_tag(lib.entry("a").fields, value)),
        lambda lib: ("new", "title", [("title", braced(normalize.escape(value)))]),
        lambda lib: ("new", "note", [("note", braced(value))]),
        lambda lib: ("new", "title", normalize.clean("misc", normalize.parse_entries(
            "@misc{p, title = {" + value + "}}", "pasted")[0][2])[1]),
    ]  # fmt: skip
    for way in ways:
        path.write_text(WRITE_BASE, encoding="utf-8")
        try:
            with bibfile.edit(path) as library:
                key, name, fields = way(library)
                if key == "a":
                    library.replace_entry(key, "misc", fields)
                else:
                    library.add_entry(key, "misc", fields)
        except (PublistError, ValueError, IndexError):
            assert path.read_text(encoding="utf-8") == WRITE_BASE, value
            continue
        again = bibfile.load(path)
        assert not again.problems, (value, again.problems)
        assert dict(again.entry(key).fields).get(name) == dict(fields).get(name), value
        assert again.text.startswith("@misc{first, title = {First}}\n"), value


def identifier_is_safe(text: str) -> None:
    found = identifiers.parse(text)
    if found is None:
        return
    value = found.value
    assert not any(char.isspace() for char in value), value
    assert "?" not in value and "#" not in value and "/../" not in f"/{value}/", value


def run(target, strategy, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    runs = 0
    while time.monotonic() < deadline:

        @settings(max_examples=2000, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(strategy)
        def check(value):
            target(value)

        check()
        runs += 2000
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="per target")
    args = parser.parse_args()
    targets = [
        ("loader, view and export", loader_round_trips, st.one_of(BIBTEX_LIKE, st.text())),
        ("write path", written_or_refused, st.one_of(BIBTEX_LIKE, st.text())),
        ("identifier parser", identifier_is_safe, st.one_of(st.text(), st.from_regex(
            r"(doi:|https://doi\.org/|arXiv:|https://arxiv\.org/abs/)?10\.\d{4}/[\x21-\x7e]{0,20}"))),
    ]  # fmt: skip
    for name, target, strategy in targets:
        started = time.monotonic()
        runs = run(target, strategy, args.seconds)
        print(f"{name:<26} {runs:>8} inputs in {time.monotonic() - started:5.1f} s: no failure")


if __name__ == "__main__":
    main()

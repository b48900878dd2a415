"""The citations file and its figures: the file's shape, counts that no longer fit their
entry, the h- and i10-index, and read commands with a missing or broken file."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publist import bibfile, citations, impact, reading
from publist.citations import Citations, Count

ENTRIES = """@article{a, title = {A}, year = {2020}, doi = {10.1000/a}, keywords = {journal}}
@inproceedings{b, title = {B}, year = {2021}, booktitle = {Proc. X}, eprint = {2101.00001},
  archiveprefix = {arXiv}, keywords = {conference}}
@article{c, title = {C}, year = {2021}, url = {https://api.semanticscholar.org/CorpusID:42}}
@misc{d, title = {D}, year = {2022}}
"""


def items():
    return reading.publications(bibfile.load_text(ENTRIES))


def test_identifiers_an_entry_is_counted_by():
    found = {item.key: citations.identifiers(item) for item in items()}
    assert found == {
        "a": ["doi:10.1000/a"],
        "b": ["arxiv:2101.00001"],
        "c": ["s2:CorpusId:42"],
        "d": [],
    }


def test_a_count_whose_identifier_the_entry_lost_is_not_shown():
    counts = Citations({"a": Count(5, "OpenAlex", "2026-03-01", "doi:10.1000/a"),
                        "b": Count(3, "OpenAlex", "2026-03-01", "doi:10.1000/old")})  # fmt: skip
    shown = {item.key: counts.of(item) for item in items()}
    assert shown["a"] == counts.counts["a"] and shown["b"] is None


keys = st.from_regex(r"[A-Za-z][A-Za-z0-9:_\-]{0,20}", fullmatch=True)
counts_strategy = st.dictionaries(
    keys,
    st.builds(
        Count,
        st.integers(0, 10**6),
        st.sampled_from(["OpenAlex", "Crossref"]),
        st.just("2026-03-01"),
        st.sampled_from(["doi:10.1000/x", "arxiv:2101.00001"]),
    ),  # fmt: skip
    max_size=8,
)


@given(counts_strategy)
def test_the_file_reads_back_sorted_one_entry_per_line(counts):
    text = citations.render(counts, "library.bib")
    data = json.loads(text)
    assert data["format"] == 1 and list(data["counts"]) == sorted(counts)
    body = text.splitlines()[4:-2]
    assert len(body) == len(counts) and all(line.startswith('    "') for line in body)


def test_a_written_file_loads_and_a_broken_one_says_why(tmp_path):
    path = citations.path_for(tmp_path / "cv.bib")
    assert path.name == "cv.citations.json"
    assert citations.load(path) == Citations()
    counts = {"a": Count(5, "OpenAlex", "2026-03-01", "doi:10.1000/a")}
    path.write_text(citations.render(counts, "cv.bib"))
    assert citations.load(path).counts == counts
    path.write_text('{"counts": {"a": {"cited_by": "many"}}}')
    broken = citations.load(path)
    assert not broken and broken.problem.startswith(f"{path} is not a citations file")


@pytest.mark.parametrize(
    ("counts", "h", "i10"),
    [([], 0, 0), ([0], 0, 0), ([1], 1, 0), ([10, 10, 10], 3, 3), ([25, 8, 5, 3, 3], 3, 1),
     ([100, 9], 2, 1), ([4, 4, 4, 4], 4, 0)],
)  # fmt: skip
def test_h_and_i10_index(counts, h, i10):
    figures = impact.figures(counts)
    assert (figures.h_index, figures.i10_index, figures.total) == (h, i10, sum(counts))


def test_figures_per_venue_type_year_and_most_cited():
    counts = Citations({"a": Count(12, "OpenAlex", "2026-03-01", "doi:10.1000/a"),
                        "b": Count(3, "Semantic Scholar", "2026-03-02", "arxiv:2101.00001"),
                        "c": Count(40, "Semantic Scholar", "2026-03-02", "s2:CorpusId:42")})  # fmt: skip
    found = impact.compute(items(), counts, top=2)
    assert found.provenance == "as of 2026-03-01 to 2026-03-02, Semantic Scholar 2, OpenAlex 1"
    assert (found.overall.total, found.overall.h_index, found.overall.i10_index) == (55, 3, 2)
    assert {kind: f.total for kind, f in found.by_type.items()} == {"conference": 3, "journal": 52}
    assert found.by_year == {"2020": 12, "2021": 43}
    assert [cited.key for cited in found.most_cited] == ["c", "a"]
    assert impact.compute(items(), Citations()) is None


# --- read commands with and without the file ---


def test_stats_and_export_are_unchanged_without_a_file(cli, library):
    plain = cli("--library", library, "stats", "--json")
    assert "citations" not in json.loads(plain.stdout)
    exported = cli("--library", library, "export", "--citations")
    assert exported.exit_code == 0 and "Cited by" not in exported.stdout
    assert "no citation counts in" in exported.stderr


def test_a_broken_file_is_a_warning_and_the_commands_still_work(cli, library):
    citations.path_for(library).write_text("{ not json")
    stats = cli("--library", library, "stats", "--json")
    assert stats.exit_code == 0 and "is not a citations file" in stats.stderr
    exported = cli("--library", library, "export", "--citations", "-f", "txt")
    assert exported.exit_code == 0 and "exporting without citation counts" in exported.stderr


def test_the_export_setting_and_its_override(cli, library):
    counts = {
        "yu2022windtunnel": Count(1234, "OpenAlex", "2026-03-01", "doi:10.14778/3485450.3485452"),
        "yu2022orca": Count(321, "OpenAlex", "2026-03-01", "doi:10.5555/not-its-doi"),
    }
    citations.path_for(library).write_text(citations.render(counts, "library.bib"))
    settings = library.parent / "publist.toml"
    text = settings.read_text()
    settings.write_text(text.replace("[export]\n", "[export]\ncitations = true\n", 1))
    shown = cli("--library", library, "export").stdout
    assert (
        shown.count("Cited by") == 1
        and "[paper](https://www.vldb.org/pvldb/vol15/p11-yu.pdf) Cited by 1,234." in shown
    )
    assert "Cited by" not in cli("--library", library, "export", "--no-citations").stdout

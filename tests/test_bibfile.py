"""The library file: byte preservation, atomic and locked writes, refusal on parse failures."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publist import bibfile, house
from publist.bibtex import braced
from publist.errors import EncodingProblem, LibraryError, ParseError

SAMPLE = textwrap.dedent(
    """\
    % a comment the user wrote
    @string{osdi = "USENIX OSDI"}

    @inproceedings{a,
        title = {First},
      booktitle = osdi,
      year = 2022}

    stray text between entries
    @article{b, title = "Second", year = {2021}}
    """
)


def write(tmp_path: Path, text: str, name: str = "library.bib", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def test_untouched_save_is_byte_identical(tmp_path):
    path = write(tmp_path, SAMPLE)
    library = bibfile.load(path)
    assert bibfile.encode(library) == path.read_bytes()


def test_every_corpus_file_round_trips(corpus):
    checked = 0
    for path in sorted((corpus / "bib").rglob("*.bib")):
        try:
            library = bibfile.load(path)
        except EncodingProblem:
            continue  # non-UTF-8 files are refused with a clear line; see test below
        assert bibfile.encode(library) == path.read_bytes(), path
        checked += 1
    assert checked > 1000


def test_non_utf8_corpus_files_are_refused_with_advice(corpus):
    path = corpus / "bib/python-bibtexparser-v2/gbk_test.bib"
    with pytest.raises(EncodingProblem, match="--encoding"):
        bibfile.load(path)
    library = bibfile.load(path, encoding="gbk")
    assert bibfile.encode(library) == path.read_bytes()


def test_editing_one_entry_changes_only_its_bytes(tmp_path):
    path = write(tmp_path, SAMPLE)
    with bibfile.edit(path) as library:
        block = library.entry("b")
        library.replace_entry("b", "article", [*block.fields, ("keywords", braced("journal"))])
    after = path.read_text()
    before_b = 'stray text between entries\n@article{b, title = "Second", year = {2021}}\n'
    assert after.startswith(SAMPLE[: SAMPLE.index("@article{b")])
    assert "keywords = {journal}" in after
    assert before_b not in after
    assert after.endswith("}\n")


def test_new_entries_follow_crlf_and_bom(tmp_path):
    path = tmp_path / "library.bib"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode())
    with bibfile.edit(path) as library:
        library.add_entry("c", "misc", [("title", braced("Third"))])
        library.replace_entry("a", "inproceedings", [("title", braced("Changed"))])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"@misc{c,\r\n  title = {Third},\r\n}\r\n" in data


def test_removing_an_entry_keeps_the_rest(tmp_path):
    path = write(tmp_path, SAMPLE)
    with bibfile.edit(path) as library:
        library.remove_entry("a")
    text = path.read_text()
    assert "@inproceedings{a" not in text
    assert text.startswith('% a comment the user wrote\n@string{osdi = "USENIX OSDI"}\n\n')
    assert 'stray text between entries\n@article{b, title = "Second", year = {2021}}\n' in text


def test_a_malformed_library_is_never_written(tmp_path):
    text = SAMPLE + "@article{broken, title = {x}\n\n@misc{after, title={ok}}\n"
    path = write(tmp_path, text)
    library = bibfile.load(path)
    assert [p.line for p in library.problems] == [11]
    with pytest.raises(ParseError, match=r"library.bib:11: cannot parse"):
        with bibfile.edit(path) as library:
            library.add_entry("new", "misc", [])
    assert path.read_text() == text


def test_duplicate_keys_are_problems(tmp_path):
    path = write(tmp_path, SAMPLE + "@misc{a, title = {again}}\n")
    library = bibfile.load(path)
    assert library.problems[0].message == "duplicate citation key 'a'"
    assert library.problems[0].line == 11


def test_binary_and_utf16_without_bom_are_refused(tmp_path):
    path = tmp_path / "library.bib"
    path.write_bytes("@misc{a}".encode("utf-16-le"))
    with pytest.raises(EncodingProblem, match="NUL bytes"):
        bibfile.load(path)


def test_utf16_with_bom_round_trips(tmp_path):
    path = tmp_path / "library.bib"
    path.write_bytes(b"\xff\xfe" + SAMPLE.encode("utf-16-le"))
    with bibfile.edit(path) as library:
        library.add_entry("c", "misc", [("title", braced("Größe"))])
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe")
    assert "Größe" in data[2:].decode("utf-16-le")


def test_permissions_and_symlink_survive_a_save(tmp_path):
    real = write(tmp_path, SAMPLE, "real.bib")
    os.chmod(real, 0o640)
    link = tmp_path / "library.bib"
    link.symlink_to(real)
    with bibfile.edit(link) as library:
        library.add_entry("c", "misc", [])
    assert link.is_symlink()
    assert os.stat(real).st_mode & 0o777 == 0o640
    assert "@misc{c," in real.read_text()


def test_read_only_file_gives_clear_error(tmp_path):
    path = write(tmp_path, SAMPLE)
    os.chmod(path, 0o444)
    with pytest.raises(LibraryError, match="read-only"):
        with bibfile.edit(path) as library:
            library.add_entry("c", "misc", [])


def test_full_disk_leaves_the_file_intact(tmp_path, monkeypatch):
    path = write(tmp_path, SAMPLE)

    def no_space(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(LibraryError, match="the disk is full"):
        with bibfile.edit(path) as library:
            library.add_entry("c", "misc", [])
    assert path.read_text() == SAMPLE
    assert [p.name for p in tmp_path.iterdir()] == ["library.bib"]


KILLED_WRITER = """
import os, sys
from pathlib import Path
from publist import bibfile
path = Path(sys.argv[1])
big = "x" * 200_000
n = 0
while True:
    with bibfile.edit(path) as library:
        library.add_entry(f"k{n}", "misc", [("note", "{" + big + "}")])
    n += 1
"""


def test_sigkill_during_writes_never_tears_the_file(tmp_path):
    path = write(tmp_path, SAMPLE)
    for delay in (0.15, 0.3, 0.45):
        process = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        library = bibfile.load(path)
        assert not library.problems
        assert bibfile.encode(library) == path.read_bytes()
        assert path.read_text().startswith(SAMPLE)
    # a lock left behind by a killed process never blocks the next run
    with bibfile.edit(path) as library:
        library.add_entry("after", "misc", [])
    assert "@misc{after," in path.read_text()


def _add_entries(path: str, worker: int, count: int) -> None:
    for index in range(count):
        with bibfile.edit(Path(path)) as library:
            library.add_entry(
                f"w{worker}n{index}", "misc", [("title", braced(f"{worker}-{index}"))]
            )


@pytest.mark.parametrize("workers", [2, 10])
def test_concurrent_writers_lose_nothing(tmp_path, workers):
    path = write(tmp_path, SAMPLE)
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_add_entries, args=(str(path), worker, 5))
        for worker in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    library = bibfile.load(path)
    keys = {block.key for block in library.entries()}
    assert {f"w{w}n{i}" for w in range(workers) for i in range(5)} <= keys
    assert not library.problems


# --- properties ---

field_value = st.text(
    alphabet=st.characters(blacklist_characters="{}\\@", blacklist_categories=("Cs", "Cc")),
    max_size=30,
)
entry = st.tuples(
    st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True),
    st.sampled_from(["article", "inproceedings", "misc"]),
    st.lists(
        st.tuples(st.sampled_from(["title", "year", "note", "journal"]), field_value),
        max_size=4,
        unique_by=lambda f: f[0],
    ),
)
separator = st.sampled_from(["\n", "\n\n", "\n% note\n", "\r\n", "\n  junk text \n"])


def render_library(entries, separators, style) -> str:
    pieces = []
    for (key, kind, fields), gap in zip(entries, separators, strict=False):
        body = ", ".join(f"{name} = {{{value}}}" for name, value in fields)
        text = (
            f"@{kind}{{{key}, {body}}}"
            if style
            else house.render_entry(kind, key, [(n, braced(v)) for n, v in fields])
        )
        pieces.append(text + gap)
    return "".join(pieces)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(entry, max_size=6, unique_by=lambda e: e[0]),
    st.lists(separator, min_size=6, max_size=6),
    st.booleans(),
)
def test_property_untouched_save_is_identical(tmp_path_factory, entries, separators, style):
    text = render_library(entries, separators, style)
    path = tmp_path_factory.mktemp("lib") / "library.bib"
    path.write_bytes(text.encode())
    library = bibfile.load(path)
    assert bibfile.encode(library) == text.encode()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(entry, min_size=2, max_size=6, unique_by=lambda e: e[0]),
    st.lists(separator, min_size=6, max_size=6),
    st.data(),
)
def test_property_an_edit_changes_only_that_entry(tmp_path_factory, entries, separators, data):
    text = render_library(entries, separators, True)
    path = tmp_path_factory.mktemp("lib") / "library.bib"
    path.write_bytes(text.encode())
    library = bibfile.load(path)
    target = data.draw(st.sampled_from(library.entries()))
    others = [library.raw_text(b) for b in library.entries() if b is not target]
    before, after = text[: target.start], text[target.end :]
    library.replace_entry(target.key, "misc", [("note", braced("edited"))])
    new_text = library.to_text()
    assert new_text.startswith(before) and new_text.endswith(after)
    for raw in others:
        assert raw in new_text
    assert json.dumps(sorted(b.key for b in bibfile.load_text(new_text).entries())) == json.dumps(
        sorted(e[0] for e in entries)
    )


def test_a_lock_left_by_a_killed_process_is_recovered_with_a_message(library):
    from conftest import run_publist

    # A writer that dies while holding the lock leaves the lock file behind.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom publist import files\n"
         "with files.locked(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)\n",
         str(library)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert library.with_name("library.bib.lock").exists()
    result = run_publist("-l", library, "tag", "yu2022orca", "--tag", "serving")
    assert result.returncode == 0, result.stderr
    assert (
        f"recovered the lock {library}.lock left by a publist process that stopped (pid {holder.pid})"
        in result.stderr
    )
    assert not library.with_name("library.bib.lock").exists()


@pytest.mark.parametrize(
    "text",
    [
        "@article{@article{",
        "@article{@article{@article{@article{",
        "@article{@article{\n@misc{k, title={x}}\n",
        "@comment{ @misc{k, title={x}} }\n@misc{k, title={x}}\n",
    ],
)
def test_overlapping_failed_blocks_found_by_the_fuzzer(text):
    library = bibfile.load_text(text)
    assert library.to_text() == text
    spans = [(block.start, block.end) for block in library.blocks]
    assert spans == sorted(spans) and all(
        a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)
    )
    for block in library.entries():
        assert text[block.start : block.end].startswith("@misc{k")


def test_the_load_under_the_lock_takes_over_a_load_only_of_the_same_text(tmp_path):
    """carry_out hands bibfile.edit the library it planned on: its blocks serve only while
    the file still holds that very text (an editor may save in between)."""
    path = tmp_path / "library.bib"
    path.write_text("@misc{a, title = {A}}\n\n@misc{b, title = {B}}\n")
    planned = bibfile.load(path)
    with bibfile.edit(path, known=planned) as library:
        assert library.blocks == planned.blocks
        assert library.blocks[0] is not planned.blocks[0]  # copies: the edit changes them
        library.edit_entry("a", [("title", "{A2}")])
    assert planned.entry("a").fields == [("title", "{A}")]  # the plan's library is untouched
    path.write_text("@misc{b, title = {B}}\n\n@misc{c, title = {C}}\n")  # saved meanwhile
    with bibfile.edit(path, known=planned) as library:
        assert [block.key for block in library.entries()] == ["b", "c"]


class _NoScan(list):
    """Blocks that refuse to be searched: each edit must find its block by the maps."""

    def index(self, *arguments):
        raise AssertionError("a scan of the blocks")

    def __contains__(self, item):
        raise AssertionError("a scan of the blocks")


def test_editing_every_entry_never_scans_the_blocks(tmp_path):
    """tag --auto edits every entry of a library field by field: finding each entry's block
    by a scan made it grow with the square of the library."""
    path = tmp_path / "library.bib"
    path.write_text("".join(f"@misc{{k{index},\n  title = {{T}},\n}}\n\n" for index in range(300)))
    library = bibfile.load(path)
    library.blocks = _NoScan(library.blocks)
    for index in range(300):
        library.edit_entry(f"k{index}", [("title", "{T}"), ("keywords", "{workshop}")])
    assert library.to_text().count("keywords = {workshop}") == 300

"""The blocks of an edited text from those of the text before (revision.py): always what a
whole parse of the new text gives, however the edit cuts through the blocks."""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publist import blocks, revision

ENTRY = "@article{{k{0},\n  author = {{A{0} and B}},\n  title  = {{T {{{0}}} \\'e}},\n  year = 2020,\n}}"
BASE = (
    "% notes\n@string{jc = {J. Comp.}}\n\n"
    + "\n\n".join(ENTRY.format(index) for index in range(12))
    + "\n@comment{tail}\n"
)
PIECES = st.sampled_from(
    ["", "x", "}", "{", "\n", "@misc{k3, title = {d}}\n", "@misc{new, title = {n}}\n", ",",
     "\\\n", '"', "@", "\n@", "title = {x},", "% c\n", "@article{k1,\n", "=", "\r\n"]
)  # fmt: skip


def parsed(text: str):
    return blocks.parse_text(text)


def revised(before: str, after: str):
    old = copy.deepcopy(parsed(before)[0])
    return revision.reparse(before, old, after)


@st.composite
def edits(draw, base=BASE):
    """A text, and that text after a few cuts, insertions and replacements."""
    text = base
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        text = text[:start] + draw(PIECES) + text[end:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits())
def test_an_edited_text_gets_the_blocks_a_whole_parse_gives(after):
    found = revised(BASE, after)
    assert found is not None  # BASE parses without a problem
    assert found == parsed(after)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits(), st.data())
def test_edits_after_edits_too(before, data):
    after = data.draw(edits(before))
    found = revised(before, after)
    if found is None:  # the text before had a failed block: parse it whole
        assert parsed(before)[1]
    else:
        assert found == parsed(after)


def split_again(monkeypatch, after: str) -> list[str]:
    """The start of each entry that reparsing BASE into `after` splits again (and the
    reparse equals a whole parse of `after`)."""
    expected, old = parsed(after), parsed(BASE)[0]
    read = []
    plain = blocks.plain_entry

    def counted(text, start):
        read.append(text[start : start + 12])
        return plain(text, start)

    monkeypatch.setattr(blocks, "plain_entry", counted)
    assert revision.reparse(BASE, old, after) == expected
    return read


def test_only_the_stretch_around_the_change_is_split_again(monkeypatch):
    after = BASE.replace("T {5}", "T {5, retitled}")
    assert split_again(monkeypatch, after) == ["@article{k5,"]


def test_scattered_edits_split_only_the_entries_they_change(monkeypatch):
    after = BASE.replace("T {2}", "T {2, retitled}").replace(ENTRY.format(6) + "\n\n", "")
    after = after.replace("T {9}", "T {9}, note = {n}") + "@misc{added, title = {x}}\n"
    assert split_again(monkeypatch, after) == [
        "@article{k2,", "@article{k7,", "@article{k9,", "@misc{added,"
    ]  # fmt: skip


def test_the_common_run_of_two_texts():
    long = "a" * 200_000
    assert revision.common_run(long + "b", 0, long + "c", 0) == 200_000
    assert revision.common_run("xabc", 1, "abc", 0) == 3
    assert revision.common_run("abc", 0, "abd", 0) == 2 and revision.common_run("", 0, "x", 0) == 0
    assert revision.common_run("x" + long + "y", 1, long + "z", 0) == 200_000


def test_renamed_keys_never_leave_an_old_block_behind():
    """Renamed keys change the length of the text before each later entry; an old block
    taken over is moved, and the walk must still compare against the old text where that
    block stood (a run once kept k262 beside its new name: a publication twice)."""
    entries = [
        f"@{'article' if index % 3 == 1 else 'misc'}{{k{index}, author = {{A and B}},"
        f" title = {{Paper {index}}}, year = {2000 + index % 20}}}"
        for index in range(400)
    ]
    before = "\n\n".join(entries) + "\n"
    for longer in ("new", "n", "renamed"):
        after = before.replace("@article{k", "@article{" + longer)
        assert revised(before, after) == parsed(after)

"""An edited library's blocks from those of the text before the edit: what an edit did not
touch is taken over, and only the entries it changed are split again.

The splitter reads left to right and starts afresh after every block that closed with its
brace. So where the new text, from such a place, goes on exactly as the old text did from
such a place, up to the end of a closed block, the blocks between are the same (moved by
the change of length). The new text is walked through once: each unchanged stretch is
taken over from the old blocks, each changed one is split, and after a split the walk
looks for the rest where the old text had the entry of the same key. Duplicate keys are
looked for again over the whole file.
"""

from __future__ import annotations

from bisect import bisect_right

from publist.blocks import (
    Block,
    Problem,
    closes_cleanly,
    mark_duplicate_keys,
    problems_of,
    split_next,
)
from publist.scanner import Lines

_FIRST_CHUNK = 256  # characters compared at first; doubled while they agree


def reparse(before: str, old: list[Block], text: str) -> tuple[list[Block], list[Problem]] | None:
    """blocks.parse_text(text), given the blocks `old` of `before` (which it may change);
    None when `before` had problems: blocks that failed (their spans depend on what follows)
    or entries read with a problem (a repeated key is one only while the first stands)."""
    if any(block.kind == "failed" or block.error for block in old):
        return None
    closed = [index for index, block in enumerate(old) if closes_cleanly(before, block)]
    ends = [old[index].end for index in closed]
    # Where each old block stood in `before`: a block taken over is moved to the new text,
    # and the walk goes on comparing the old text from its old end (a run that read moved
    # ends kept an entry under its old key beside its new one).
    spans = [(block.start, block.end, block.line) for block in old]
    of_key = {block.key: index for index, block in reversed(list(enumerate(old)))
              if block.kind == "entry"}  # fmt: skip
    blocks: list[Block] = []
    lines = Lines(text)
    position = 0
    expected: int | None = 0  # the old block the text here may go on with
    unused = 0  # old blocks before this one are taken over already
    while position < len(text):
        if expected is not None and expected >= unused:
            start = spans[expected - 1][1] if expected else 0
            same = common_run(text, position, before, start)
            last = bisect_right(ends, start + same) - 1
            if last >= 0 and ends[last] > start:
                taken = closed[last]
                moved = position - start
                lines_moved = lines.at(position) - _line_after(before, spans, expected)
                for block in old[expected : taken + 1]:
                    block.start += moved
                    block.end += moved
                    block.line += lines_moved
                blocks += old[expected : taken + 1]
                position = ends[last] + moved
                expected = unused = taken + 1
                continue
        count = len(blocks)
        position = split_next(text, position, blocks, lines)
        keys = [block.key for block in blocks[count:] if block.kind == "entry"]
        if keys and keys[-1] in of_key:
            expected = of_key[keys[-1]] + 1  # where the old text had this entry
    mark_duplicate_keys(blocks)
    return blocks, problems_of(blocks)


def _line_after(before: str, spans: list[tuple[int, int, int]], index: int) -> int:
    """The line the splitter counts at the start of old[index:] (after old[index - 1])."""
    if not index:
        return 1
    start, end, line = spans[index - 1]
    return line + before.count("\n", start, end) - before.count("\\\n", start, end)


def common_run(first: str, start: int, second: str, other: int) -> int:
    """How many characters first[start:] and second[other:] have in common at their start."""
    limit = min(len(first) - start, len(second) - other)
    done, size = 0, _FIRST_CHUNK
    while done < limit:
        size = min(size, limit - done)
        if first[start + done : start + done + size] != second[other + done : other + done + size]:
            break
        done += size
        size *= 2
    else:
        return limit
    low, high = done, done + size  # the first difference lies in [done, done + size)
    while low < high:
        middle = (low + high + 1) // 2
        if first[start + done : start + middle] == second[other + done : other + middle]:
            low = middle
        else:
            high = middle - 1
    return low

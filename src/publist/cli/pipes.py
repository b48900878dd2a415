"""Whether anyone still reads publist's output: a change is saved only while someone does.

`publist tag KEY --tag x 2>&1 | true`: the reader has gone before publist saves, so its
report could never arrive. A pipe or socket whose reader has closed it says so to poll(2)
(POLLERR, POLLHUP) without a byte being written; a terminal or a file is always heard.
"""

from __future__ import annotations

import os
import select
import stat
import sys


class ReaderGone(BrokenPipeError):
    """The reader of stdout or stderr left before a change was saved: nothing is written."""


def stop_if_unheard() -> None:
    """Raise ReaderGone when stdout or stderr is a pipe or socket that nobody reads."""
    for stream in (sys.stdout, sys.stderr):
        if _unread(stream):
            raise ReaderGone("the reader of publist's output has gone")


def _unread(stream) -> bool:
    try:
        descriptor = stream.fileno()
        mode = os.fstat(descriptor).st_mode
    except (AttributeError, OSError, ValueError):  # no descriptor (a test's capture): heard
        return False
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)) or not hasattr(select, "poll"):
        return False  # Windows has no poll(2); publist does not write there anyway
    poller = select.poll()
    poller.register(descriptor, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))

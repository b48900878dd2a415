"""Profile one publist command in-process with cProfile; print where the time goes.

Usage: python benchmarks/profile_command.py [--top N] -- --library FILE export --format md
(or without arguments: export --format md on the 10k library).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = ("--library", str(HERE / "data" / "library-10000.bib"), "export", "--format", "md")


def profile(args: Sequence[str], top: int = 25) -> str:
    """The top functions by cumulative and by own time, as pstats prints them."""
    from publist.cli.app import app

    profiler = cProfile.Profile()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        profiler.enable()
        try:
            app(args=list(args), prog_name="publist")
        except SystemExit:
            pass
        finally:
            profiler.disable()
    report = io.StringIO()
    stats = pstats.Stats(profiler, stream=report).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return report.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("args", nargs="*", help="publist's arguments (after --)")
    options = parser.parse_args()
    print(profile(options.args or DEFAULT, options.top))


if __name__ == "__main__":
    main()

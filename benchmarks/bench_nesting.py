"""Hostile nesting: one entry whose title is nested N braces deep, through every command
that reads values. Time should grow with the size of the file, not with its square (the
brace check took one regex pass per level: 2.2 s at 20,000 levels, 8.7 s at 40,000).

Usage: python benchmarks/bench_nesting.py [--depths 5000 10000 20000 40000] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from measure import Command, compare

COMMANDS = (("export", "--format", "md"), ("check",), ("fmt", "--check"), ("dedupe",),
            ("stats",), ("export", "--format", "latex"))  # fmt: skip


def nested_library(folder: Path, depth: int) -> Path:
    path = folder / f"nested-{depth}.bib"
    title = "{" * depth + "x" + "}" * depth
    path.write_text(f"@article{{deep, title = {{{title}}}, author = {{A B}}, year = 2020}}\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[5000, 10000, 20000, 40000])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        commands = [
            Command(
                f"{' '.join(argv)} @ {depth}",
                (
                    sys.executable,
                    "-m",
                    "publist",
                    "--library",
                    str(nested_library(Path(folder), depth)),
                    *argv,
                ),
                environment=(("PUBLIST_CACHE_DIR", "off"),),
            )  # fmt: skip
            for argv in COMMANDS
            for depth in options.depths
        ]
        timings = {timing.command.label: timing for timing in compare(commands, options.runs)}
    print(f"{'command':<24}" + "".join(f"{depth:>10}" for depth in options.depths) + "  growth")
    for argv in COMMANDS:
        name = " ".join(argv)
        medians = [timings[f"{name} @ {depth}"].median for depth in options.depths]
        cells = "".join(f"{m:>9.2f}s" if m is not None else f"{'failed':>10}" for m in medians)
        first, last = medians[0], medians[-1]
        growth = f"{last / first:.1f}x" if first and last else "-"
        print(f"{name:<24}{cells}  {growth} for {options.depths[-1] // options.depths[0]}x depth")


if __name__ == "__main__":
    main()

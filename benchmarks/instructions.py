"""Count the instructions of benchmark commands under callgrind: a measure that holds on a
busy machine, where wall-clock times do not. Compare source trees side by side.

Each command runs once untimed (to warm publist's cache, as the timed rounds of run_all.py
find it), then once under `valgrind --tool=callgrind`; its prepare steps run natively.

Usage: python benchmarks/instructions.py [--sizes 1000 ...] [--only TEXT ...]
           [--src NAME=PATH ...]   (PYTHONPATH for publist; default: as installed)
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shutil
from pathlib import Path

import commands
import measure
from measure import Command, run_once

HERE = Path(__file__).resolve().parent
CALLGRIND = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(command: Command) -> int | None:
    """Instructions of one run of the command, after one untimed run to warm the cache."""
    argv = command.argv
    if argv and argv[0] == commands.PUBLIST:  # valgrind runs the interpreter, not the script
        command = dataclasses.replace(command, argv=(commands.PYTHON, *argv))
    run_once(command, timeout=7200)
    run = run_once(command, timeout=7200, wrapper=CALLGRIND)
    found = [int(match.group(1)) for line in run.stderr if (match := _COLLECTED.search(line))]
    return found[-1] if found and not run.error else None


def chosen(sizes: list[int], only: list[str]) -> list[tuple[int, Command]]:
    picked = []
    for size in sizes:
        group = commands.startup_commands() if size == 0 else commands.size_commands(size, True)
        for command in group:
            if not only or any(text in command.label for text in only):
                picked.append((size, command))
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000], help="0: start-up")
    parser.add_argument("--only", nargs="*", default=[], help="labels containing these")
    parser.add_argument("--src", nargs="*", default=[], help="NAME=PATH of a src folder")
    options = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed")
    trees = [tuple(item.split("=", 1)) for item in options.src] or [("installed", "")]
    picked = chosen(options.sizes, options.only)
    print("| entries | command | " + " | ".join(name for name, _ in trees) + " |")
    print("| ---: | --- |" + " ---: |" * len(trees))
    for size, command in picked:
        cells = []
        for name, path in trees:
            if path:
                os.environ["PYTHONPATH"] = str(Path(path).resolve())
            measure.PARSE_CACHE = HERE / ".cache-instructions" / name  # one cache per tree
            count = instructions(command)
            cells.append("failed" if count is None else f"{count / 1e6:,.0f} M")
        print(f"| {size:,} | `{command.label}` | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()

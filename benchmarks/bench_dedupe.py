"""Time `publist dedupe --json` as a whole process at each size, beside `bibtex-tidy --duplicates`.

Prints wall time, peak memory (children's maxrss) and the recall of the injected
duplicates. Build the libraries first with make_libraries.py; bibtex-tidy runs
when installed with `npm install --prefix benchmarks/.node bibtex-tidy`.

Usage: python benchmarks/bench_dedupe.py [SIZE ...]
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SIZES = (1_000, 10_000, 100_000)


def measured(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds and peak MB of one child process (each run in a fresh child of its own)."""
    probe = [sys.executable, "-c", PROBE, *command]
    start = time.perf_counter()
    result = subprocess.run(probe, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kb, _, stdout = result.stdout.partition("\n")
    result.stdout = stdout
    return seconds, int(peak_kb or 0) / 1024, result


# A fresh interpreter per run, so RUSAGE_CHILDREN holds only that one command's peak.
PROBE = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stdout.write(result.stdout)
sys.stderr.write(result.stderr)
sys.exit(result.returncode)
"""


def recall(clusters: list[dict], truth: list[dict]) -> tuple[float, float]:
    """Share of injected pairs found automatically, and found at all."""
    automatic, every = set(), set()
    for cluster in clusters:
        pairs = {frozenset(pair) for pair in itertools.combinations(cluster["keys"], 2)}
        every |= pairs
        if cluster["automatic"]:
            automatic |= pairs
    wanted = [frozenset(item["keys"]) for item in truth]
    return (
        sum(pair in automatic for pair in wanted) / len(wanted),
        sum(pair in every for pair in wanted) / len(wanted),
    )


def publist_command() -> list[str]:
    found = shutil.which("publist")
    return [found] if found else [sys.executable, "-m", "publist"]


def tidy_command() -> list[str] | None:
    """bibtex-tidy where benchmarks/README.md installs it (run_all.py's commands.TIDY)."""
    from commands import TIDY

    return [str(TIDY)] if TIDY.exists() else None


def main() -> None:
    sizes = [int(size) for size in sys.argv[1:]] or list(SIZES)
    tidy = tidy_command()
    print(
        f"{'entries':>8} {'tool':<12} {'seconds':>8} {'peak MB':>8} {'auto recall':>12} {'any recall':>11}"
    )
    for size in sizes:
        library = DATA / f"library-{size}.bib"
        if not library.exists():
            sys.exit(f"{library} is missing: run python benchmarks/make_libraries.py {size}")
        truth = json.loads((DATA / f"truth-{size}.json").read_text())
        seconds, peak, result = measured(
            [*publist_command(), "--library", str(library), "dedupe", "--json"]
        )
        if result.returncode not in (0, 3):
            sys.exit(f"publist failed: {result.stderr.strip()}")
        automatic, every = recall(json.loads(result.stdout)["clusters"], truth)
        print(
            f"{size:>8} {'publist':<12} {seconds:>8.1f} {peak:>8.0f} {automatic:>12.2f} {every:>11.2f}"
        )
        if tidy:
            # --duplicates only reports (as warnings); --output keeps the library untouched.
            scratch = DATA / f"tidy-{size}.bib"
            arguments = ["--duplicates=doi,citation,abstract", f"--output={scratch}"]
            seconds, peak, result = measured([*tidy, *arguments, str(library)])
            status = "" if result.returncode == 0 else f"  (exit {result.returncode})"
            print(
                f"{size:>8} {'bibtex-tidy':<12} {seconds:>8.1f} {peak:>8.0f} {'-':>12} {'-':>11}{status}"
            )
    if not tidy:
        print("bibtex-tidy not installed: npm install --prefix benchmarks/.node bibtex-tidy")


if __name__ == "__main__":
    main()

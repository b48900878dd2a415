"""Run every benchmark of issue 9 and print the tables for README's "Performance" section.

Whole processes, warm-up round thrown away, several interleaved rounds, medians; each
child's peak memory from wait4. Inputs come from make_libraries.py (fixed seed); the
peers live in benchmarks/.peers (Python) and benchmarks/.node (bibtex-tidy), see
benchmarks/README.md.

Usage: python benchmarks/run_all.py [--quick] [--runs N] [--sizes 1000 10000 ...] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import answers
import imports_check
from commands import (
    AFTER,
    ANSWERS_CACHE,
    CHECK,
    DATA,
    DEDUPE,
    EDITS,
    EXPORT,
    FMT_CHECK,
    NO_CACHE,
    PAPIS,
    PARSE,
    PEERS_PASS,
    PYBTEX,
    PYTHON,
    STATS,
    TIDY,
    TIDY_LABEL,
    TYPER,
    refresh_command,
    size_commands,
    startup_commands,
)
from measure import Command, Timing, compare, run_once

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
GROWTH = 1.5  # issue 22: time per entry flat within this factor from one size to the next
STARTUP_ROUNDS = 15


@dataclass(frozen=True)
class Target:
    """One line of an issue: command / reference at most `ratio` (faster than: below 1)."""

    text: str
    command: str
    reference: str
    ratio: float
    size: int = 0  # 0: the start-up group on the bundled library


def targets(sizes: list[int], startup: list[Timing]) -> list[Target]:
    found = [
        Target("--version ≤ 1.3× import typer", "publist --version", TYPER, 1.3),
        Target("--help ≤ 1.3× import typer", "publist --help", TYPER, 1.3),
    ]
    for timing in startup:  # every command on the bundled library (issue 22, target 6)
        label = timing.command.label
        if label.startswith("publist ") and label not in ("publist --version", "publist --help"):
            found.append(Target(f"{label} ≤ 2× import typer", label, TYPER, 2.0))
            found.append(Target(f"{label} faster than papis --help", label, PAPIS, 1.0))
    for size in (size for size in sizes if size >= 10_000):
        name = f"{size // 1000}k"
        for label, ratio in ((EXPORT, 1.5), (STATS, 1.5), (DEDUPE, 2.0), (CHECK, 1.5),
                             (FMT_CHECK, 1.5), (EXPORT + NO_CACHE, 1.5)):  # fmt: skip
            found.append(
                Target(f"{name}: {label} ≤ {ratio}× bare parse", label, PARSE, ratio, size)
            )
        for label in EDITS:
            found.append(Target(f"{name}: {label} ≤ 1.5× bare parse", label, PARSE, 1.5, size))
            after = EXPORT + AFTER + label.removeprefix("publist ")
            found.append(
                Target(f"{name}: {after} ≤ 1.3× the warm export", after, EXPORT, 1.3, size)
            )
        for label in (EXPORT, STATS, EXPORT + NO_CACHE, STATS + NO_CACHE):
            found.append(Target(f"{name}: {label} faster than pybtex", label, PYBTEX, 1.0, size))
    for size in sizes:
        text = f"{size // 1000}k: {DEDUPE} faster than bibtex-tidy"
        found.append(Target(text, DEDUPE, TIDY_LABEL, 1.0, size))
    return found


def refresh_offline() -> list[Command]:
    """The refresh row, its answers kept by one run against a stand-in that is gone before
    the timed runs (answers.py); none when that run fails."""
    shutil.rmtree(ANSWERS_CACHE, ignore_errors=True)
    with answers.stand_in() as url:
        command = refresh_command(url)
        kept = run_once(command)
    if kept.exit_code != 0:
        print(f"Warning: no refresh row: {kept.error}", file=sys.stderr)
        return []
    return [command]


def ensure_libraries(sizes: list[int]) -> None:
    missing = [size for size in sizes if not (DATA / f"library-{size}.bib").exists()]
    if missing:
        maker = HERE / "make_libraries.py"
        subprocess.run([PYTHON, str(maker), *map(str, missing)], check=True)


# --- tables ---


def seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}" if value < 10 else f"{value:.1f}"


def ratio_text(timing: Timing, reference: Timing | None) -> str:
    if reference is None or timing.median is None or not reference.median:
        return ""
    return f"{timing.median / reference.median:.2f}×"


def note(timing: Timing) -> str:
    failed = timing.failed
    if not failed:
        return ""
    return "not built yet" if "not built yet" in failed.error else failed.error[:60]


def startup_table(timings: list[Timing]) -> str:
    reference = _find(timings, TYPER)
    lines = [
        "| command | median s | × import typer | peak MB | note |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for timing in timings:
        peak = "" if timing.peak_mib is None else f"{timing.peak_mib:.0f}"
        lines.append(
            f"| `{timing.command.label}` | {seconds(timing.median)} | "
            f"{ratio_text(timing, reference)} | {peak} | {note(timing)} |"
        )
    return "\n".join(lines)


def size_table(by_size: dict[int, list[Timing]]) -> str:
    lines = [
        "| entries | MB | command | median s | × bare parse | µs / entry | peak MB | note |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for size, timings in by_size.items():
        megabytes = (DATA / f"library-{size}.bib").stat().st_size / 1e6
        reference = _find(timings, PARSE)
        for timing in timings:
            per_entry = "" if timing.median is None else f"{timing.median / size * 1e6:.0f}"
            peak = "" if timing.peak_mib is None else f"{timing.peak_mib:.0f}"
            lines.append(
                f"| {size:,} | {megabytes:.1f} | `{timing.command.label}` | "
                f"{seconds(timing.median)} | {ratio_text(timing, reference)} | {per_entry} | "
                f"{peak} | {note(timing)} |"
            )
    return "\n".join(lines)


def growth_table(by_size: dict[int, list[Timing]]) -> str:
    """µs per entry with the start-up cost taken out, so the curve shows the work itself."""
    sizes = list(by_size)
    labels = [timing.command.label for timing in by_size[sizes[0]]]
    lines = [
        "| command | " + " | ".join(f"{size // 1000}k µs/entry" for size in sizes) + " |",
        "| --- |" + " ---: |" * len(sizes),
    ]
    for label in labels:
        cells = []
        for size in sizes:
            timing = _find(by_size[size], label)
            median = timing.median if timing else None
            cells.append("n/a" if median is None else f"{median / size * 1e6:.0f}")
        lines.append(f"| `{label}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def target_table(
    goals: list[Target], startup: list[Timing], by_size: dict[int, list[Timing]]
) -> list[tuple[str, str, str]]:
    rows = []
    for goal in goals:
        group = startup if goal.size == 0 else by_size.get(goal.size, [])
        timing, reference = _find(group, goal.command), _find(group, goal.reference)
        if not timing or not reference or timing.median is None or not reference.median:
            missing = timing if timing and timing.median is None else reference
            reason = note(missing) if missing else "not measured"
            rows.append((goal.text, "n/a", reason or "not measured"))
            continue
        measured = timing.median / reference.median
        verdict = "ok" if measured <= goal.ratio else "**MISS**"
        rows.append((goal.text, f"{measured:.2f}×", verdict))
    if 100_000 in by_size:
        for label in (DEDUPE, DEDUPE + NO_CACHE):
            dedupe = _find(by_size[100_000], label)
            if dedupe and dedupe.median is not None:
                verdict = "ok" if dedupe.median < 30 else "**MISS**"
                rows.append((f"100k: {label} under 30 s", f"{dedupe.median:.1f} s", verdict))
                verdict = "ok" if (dedupe.peak_mib or 0) < 2048 else "**MISS**"
                rows.append((f"100k: {label} under 2 GB", f"{dedupe.peak_mib:.0f} MB", verdict))
            else:
                reason = note(dedupe) if dedupe else ""
                rows.append((f"100k: {label} under 30 s and 2 GB", "n/a", reason))
    return rows


def growth_rows(by_size: dict[int, list[Timing]]) -> list[tuple[str, str, str]]:
    """Issue 22, target 1: each publist command's time per entry, from one size to the
    next, grows by at most GROWTH (start-up included: it only flatters the small size)."""
    rows = []
    sizes = sorted(by_size)
    for small, large in zip(sizes, sizes[1:], strict=False):
        for timing in by_size[large]:
            label = timing.command.label
            before = _find(by_size[small], label)
            if not label.startswith("publist") or before is None:
                continue
            if not timing.median or not before.median:
                rows.append((f"{label}: flat from {small:,} to {large:,}", "n/a", note(timing)))
                continue
            growth = (timing.median / large) / (before.median / small)
            verdict = "ok" if growth <= GROWTH else "**MISS**"
            text = f"{label}: time per entry from {small // 1000}k to {large // 1000}k ≤ {GROWTH}×"
            rows.append((text, f"{growth:.2f}×", verdict))
    return rows


def peers_note() -> str:
    """Which peers are missing from the tables, said in the output (not just left out)."""
    missing = []
    if not TIDY.exists():
        missing.append("bibtex-tidy is not installed (npm install --prefix benchmarks/.node "
                       "bibtex-tidy): its rows and targets are n/a")  # fmt: skip
    if not (HERE / ".peers" / "bin" / "python").exists():
        missing.append("benchmarks/.peers is not installed (pybtex, papis, pubs): their rows "
                       "and targets are n/a")  # fmt: skip
    return "**Peers**: " + ("; ".join(missing) if missing else "all installed") + "."


def in_venv() -> bool:
    return sys.prefix != sys.base_prefix


def environment_note(startup: list[Timing]) -> str:
    """Whether publist ran from a virtual environment, as the peers do: a base interpreter
    also runs the .pth files of its site-packages (on this machine one imports certifi, 40-50
    ms per process), a cost no user's venv or pipx install has and the peers' venv does not pay."""
    bare, peers = _find(startup, "python -c pass"), _find(startup, PEERS_PASS)
    starts = ", ".join(
        f"`{timing.command.label}` {seconds(timing.median)} s"
        for timing in (bare, peers)
        if timing is not None
    )
    starts = f" ({starts})" if starts else ""
    if in_venv():
        return f"**Interpreter**: publist ran from the virtual environment {sys.prefix}{starts}."
    return (
        f"**Interpreter**: publist ran from the base interpreter {sys.prefix}, not a virtual "
        f"environment as the peers'{starts}: start-up rows carry what its site-packages "
        "load. See benchmarks/README.md for the venv."
    )


def _find(timings: list[Timing], label: str) -> Timing | None:
    return next((timing for timing in timings if timing.command.label == label), None)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, 3 rounds")
    parser.add_argument("--runs", type=int, help="rounds after the warm-up (default 5, quick 3)")
    parser.add_argument("--sizes", type=int, nargs="*",
                        help="library sizes (default 1k 10k 100k; 0 alone: start-up only)")  # fmt: skip
    parser.add_argument("--profile", action="store_true", help="profile the slowest at 10k")
    options = parser.parse_args()
    sizes = options.sizes or ([1_000, 10_000] if options.quick else [1_000, 10_000, 100_000])
    sizes = [size for size in sizes if size > 0]  # --sizes 0: the start-up group alone
    runs = options.runs or (3 if options.quick else 5)
    ensure_libraries(sizes)

    print(f"Machine: {machine()}", file=sys.stderr)
    if not in_venv():
        print("Warning: not run from a virtual environment (see benchmarks/README.md): the "
              "start-up rows carry what the base site-packages load", file=sys.stderr)  # fmt: skip
    print("Start-up ...", file=sys.stderr)
    # Start-up rows last 0.05 to 0.4 s, so a busy moment of a shared host moves a median of 5
    # by a third (run 2 of 2026-12-04: `add --bib` 2.62x import typer, 1.87x in a quiet
    # hour); 15 rounds cost a minute more.
    startup_runs = max(runs, STARTUP_ROUNDS)
    group = startup_commands()
    after = 1 + max(i for i, command in enumerate(group) if command.label.startswith("publist "))
    group[after:after] = refresh_offline()  # beside the other publist rows, before the peers
    startup = compare(group, runs=startup_runs)
    by_size: dict[int, list[Timing]] = {}
    for size in sizes:
        print(f"{size:,} entries ...", file=sys.stderr)
        rounds = min(runs, 2) if size >= 100_000 else runs  # a 100k round takes minutes
        by_size[size] = compare(size_commands(size, options.quick), runs=rounds)
    outcomes = imports_check.check_all(ROOT)

    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = target_table(targets(sizes, startup), startup, by_size) + growth_rows(by_size)
    sections = [
        f"Measured {stamp} on {machine()}; medians of {runs} rounds after a warm-up "
        f"({startup_runs} at start-up, 2 at 100k; whole processes, interleaved; peak = the "
        "child's maximum resident memory). publist runs as installed, with its cache (the "
        "parse, and what the last run decoded) warm unless the row says 'no cache'.",
        "**Start-up** (the bundled 18-entry library)\n\n" + startup_table(startup),
    ]
    if by_size:  # not with --sizes 0
        sections += [
            "**Library sizes** (generated by benchmarks/make_libraries.py, 5% injected "
            "duplicates)\n\n" + size_table(by_size),
            "**Time per entry** (whole process, start-up included)\n\n" + growth_table(by_size),
        ]
    sections += [
        peers_note(),
        environment_note(startup),
        "**Targets** (issues 9 and 22)\n\n| target | measured | |\n| --- | ---: | --- |\n"
        + "\n".join(f"| {text} | {value} | {verdict} |" for text, value, verdict in rows),
        "**Imports** (no command loads what it does not need)\n\n"
        + imports_check.markdown(outcomes),
    ]
    report = "\n\n".join(sections)
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(report + "\n", encoding="utf-8")
    raw = {
        "machine": machine(),
        "when": stamp,
        "interpreter": sys.prefix,
        "startup": [_as_dict(timing) for timing in startup],
        "sizes": {
            size: [_as_dict(timing) for timing in timings] for size, timings in by_size.items()
        },
    }
    (RESULTS / "latest.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    if options.profile and 10_000 in by_size:
        publist = [t for t in by_size[10_000] if t.command.label.startswith("publist") and t.median]
        if publist:
            slowest = max(publist, key=lambda timing: timing.median or 0)
            import profile_command

            print("\n**Profile** of the slowest at 10k:", slowest.command.label)
            print(profile_command.profile(slowest.command.argv[1:]))


def _as_dict(timing: Timing) -> dict:
    return {
        "label": timing.command.label,
        "median": timing.median,
        "peak_mib": timing.peak_mib,
        "runs": [run.seconds for run in timing.runs],
        "error": timing.failed.error if timing.failed else "",
    }


if __name__ == "__main__":
    main()

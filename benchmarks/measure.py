"""Timing whole processes: interleaved rounds, medians, and each child's own peak memory."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Exit codes that still mean the command did its work (3: it found problems, as check does).
FINE_EXIT_CODES = (0, 3)
PYCACHE = Path(__file__).resolve().parent / ".pycache"
# publist's parse cache, kept out of ~/.cache; commands that must parse every time set "off".
PARSE_CACHE = Path(__file__).resolve().parent / ".cache"


def child_environment() -> dict[str, str]:
    """As a user's shell has it: compiled bytecode cached. A session that sets
    PYTHONDONTWRITEBYTECODE makes every run recompile publist (30 ms); the cache goes
    to benchmarks/.pycache so the source tree stays clean."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    environment["PUBLIST_CACHE_DIR"] = str(PARSE_CACHE)
    return environment


@dataclass(frozen=True)
class Command:
    """One thing to time: a label for the table and the argument vector to run."""

    label: str
    argv: tuple[str, ...]
    cwd: Path | None = None
    setup: tuple[str, ...] = ()  # files copied to a fresh folder before each run (see isolate)
    environment: tuple[tuple[str, str], ...] = ()  # set for this command only
    # Run untimed in the same folder first (an edit before "export right after an edit").
    prepare: tuple[tuple[str, ...], ...] = ()
    files: tuple[tuple[str, str], ...] = ()  # (name, text) written to the folder first


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_kib: int
    exit_code: int
    error: str = ""
    stderr: tuple[str, ...] = ()  # its last lines (valgrind's summary, for instructions.py)


@dataclass
class Timing:
    """All runs of one command, warm-up excluded."""

    command: Command
    runs: list[Run] = field(default_factory=list)

    @property
    def failed(self) -> Run | None:
        return next((run for run in self.runs if run.exit_code not in FINE_EXIT_CODES), None)

    @property
    def median(self) -> float | None:
        if not self.runs or self.failed:
            return None
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mib(self) -> float | None:
        if not self.runs or self.failed:
            return None
        return max(run.peak_kib for run in self.runs) / 1024


def run_once(command: Command, timeout: float = 600.0, wrapper: Sequence[str] = ()) -> Run:
    """Run a command to its end; wall time, and peak resident memory from wait4.

    `wrapper` goes before the timed argv only (valgrind, for instructions.py)."""
    with tempfile.TemporaryDirectory(prefix="publist-bench-") as folder:
        unique = f"{os.getpid()}.{time.time_ns()}"
        argv = isolate(command, Path(folder), unique)
        environment = environment_of(command, Path(folder))
        for step in command.prepare:
            prepared = subprocess.run(
                substitute(step, command, Path(folder), unique), cwd=command.cwd, env=environment,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
            if prepared.returncode not in FINE_EXIT_CODES:
                text = prepared.stderr.decode("utf-8", "replace").strip().splitlines()
                return Run(0.0, 0, -1, "prepare: " + (text[-1] if text else "failed"))
        with open(Path(folder) / "stderr", "w+b") as errors:
            start = time.perf_counter()
            process = subprocess.Popen(
                [*wrapper, *argv], cwd=command.cwd, env=environment, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=errors,
            )  # fmt: skip
            status, usage = _wait(process, timeout)
            seconds = time.perf_counter() - start
            errors.seek(0)
            text = errors.read().decode("utf-8", "replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status) if status is not None else -1
    error = "" if code in FINE_EXIT_CODES else (text[-1] if text else f"exit code {code}")
    if status is None:
        error = f"did not finish in {timeout:.0f} s"
    return Run(seconds, usage.ru_maxrss if usage else 0, code, error, tuple(text[-20:]))


def _wait(process: subprocess.Popen, timeout: float):
    """wait4 gives this one child's own rusage (RUSAGE_CHILDREN would mix all children);
    a blocking wait stops the clock the moment the child ends."""
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        killer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode == -signal.SIGKILL:
        return None, None
    return status, usage


def isolate(command: Command, folder: Path, unique: str = "") -> list[str]:
    """Copies of the inputs a command would modify (bibtex-tidy rewrites its input in place
    even with --no-modify, edits rewrite the library), and the files it reads; see substitute."""
    for source in command.setup:
        (folder / Path(source).name).write_bytes(Path(source).read_bytes())
    for name, text in command.files:
        (folder / name).write_text(text.replace("{unique}", unique), encoding="utf-8")
    return substitute(command.argv, command, folder, unique)


def substitute(argv: Sequence[str], command: Command, folder: Path, unique: str) -> list[str]:
    """'{copy:N}' names the copy of setup file N (under its own name, so a publist.toml stays
    beside its library), '{dir}' the run's folder, '{unique}' a text no other run has (so that
    each round's edit makes a text new to publist's cache)."""
    parts = list(argv)
    for index, source in enumerate(command.setup):
        copy = folder / Path(source).name
        parts = [part.replace(f"{{copy:{index}}}", str(copy)) for part in parts]
    return [part.replace("{dir}", str(folder)).replace("{unique}", unique) for part in parts]


def environment_of(command: Command, folder: Path) -> dict[str, str]:
    values = {name: value.replace("{dir}", str(folder)) for name, value in command.environment}
    return {**child_environment(), **values}


def compare(commands: Sequence[Command], runs: int, warmup: int = 1) -> list[Timing]:
    """Round-robin: every round runs each command once, so a busy moment of the machine
    falls on all of them alike and the ratios hold. Warm-up rounds are thrown away;
    a command that fails is not run again."""
    timings = [Timing(command) for command in commands]
    for round_number in range(warmup + runs):
        for timing in timings:
            if timing.failed:
                continue
            result = run_once(timing.command)
            if round_number >= warmup or result.exit_code not in FINE_EXIT_CODES:
                timing.runs.append(result)
    return timings

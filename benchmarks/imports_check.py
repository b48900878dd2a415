"""Which heavy packages each command loads: none it does not need (issue 9, target 1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HEAVY = ("requests", "rich", "bibtexparser", "pylatexenc", "rapidfuzz", "matplotlib")

# The command runs in-process so its sys.modules can be read when it ends.
CHILD = """
import json, os, sys
from publist.cli.app import app
try:
    app(args=sys.argv[1:], prog_name="publist")
except SystemExit:
    pass
with open(os.environ["BENCH_MODULES"], "w") as stream:
    json.dump(sorted(sys.modules), stream)
"""


@dataclass(frozen=True)
class Check:
    """A command and the packages it must not import."""

    args: tuple[str, ...]
    forbidden: tuple[str, ...]


CHECKS = (
    Check(("--version",), ("requests", "rich", "bibtexparser", "pylatexenc", "rapidfuzz")),
    Check(("--help",), ("requests", "rich", "bibtexparser", "pylatexenc", "rapidfuzz")),
    Check(("export", "--format", "md"), ("requests", "rich", "matplotlib")),
    Check(("list", "--json"), ("requests", "rich", "matplotlib")),
    Check(("stats", "--json"), ("requests", "rich", "matplotlib")),
    Check(("show", "yu2022orca", "--json"), ("requests", "rich", "matplotlib")),
    Check(("check",), ("requests", "matplotlib")),
    Check(("list",), ("requests", "matplotlib")),
)


@dataclass(frozen=True)
class Outcome:
    command: str
    loaded: tuple[str, ...]  # heavy packages that were imported
    offending: tuple[str, ...]  # of those, the ones this command must not import
    module_count: int


def loaded_modules(args: tuple[str, ...], cwd: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "modules.json"
        subprocess.run(
            [sys.executable, "-c", CHILD, *args],
            cwd=cwd,
            env={**os.environ, "BENCH_MODULES": str(target)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        return json.loads(target.read_text()) if target.exists() else []


def check_all(cwd: Path) -> list[Outcome]:
    outcomes = []
    for check in CHECKS:
        modules = loaded_modules(check.args, cwd)
        tops = {name.split(".")[0] for name in modules}
        loaded = tuple(name for name in HEAVY if name in tops)
        offending = tuple(name for name in loaded if name in check.forbidden)
        outcomes.append(Outcome("publist " + " ".join(check.args), loaded, offending, len(modules)))
    return outcomes


def slowest_imports(args: tuple[str, ...], cwd: Path, count: int = 8) -> list[tuple[str, float]]:
    """The top-level imports that cost most (cumulative), from python -X importtime."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", CHILD, *args],
        cwd=cwd,
        env={**os.environ, "BENCH_MODULES": os.devnull},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    costs = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split(":", 1)[1].split("|"))
        if cumulative.isdigit() and not name.startswith(" ") and "." not in name.strip():
            costs.append((name.strip(), int(cumulative) / 1e6))
    # Only top-level packages (importtime indents nested imports).
    return sorted(costs, key=lambda pair: -pair[1])[:count]


def markdown(outcomes: list[Outcome]) -> str:
    lines = [
        "| command | heavy packages imported | modules | must not import | |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for outcome in outcomes:
        check = next(c for c in CHECKS if "publist " + " ".join(c.args) == outcome.command)
        verdict = "ok" if not outcome.offending else "**MISS**: " + ", ".join(outcome.offending)
        lines.append(
            f"| `{outcome.command}` | {', '.join(outcome.loaded) or 'none'} | "
            f"{outcome.module_count} | {', '.join(check.forbidden)} | {verdict} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print(markdown(check_all(root)))
    for name, seconds in slowest_imports(("--help",), root):
        print(f"{name:<30} {seconds:.3f} s")

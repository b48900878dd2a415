"""What the benchmarks run: every row of issues 9 and 22, as measure.Command values.

run_all.py times them; instructions.py counts their instructions under callgrind. Each
edit runs on a fresh copy of the library with a cache of its own, warmed by an export
of the copy first, so it starts where a user starts: the last run's parse and memo kept.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import answers
from measure import Command

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
PEERS_PYTHON = HERE / ".peers" / "bin" / "python"
TIDY = HERE / ".node" / "node_modules" / ".bin" / "bibtex-tidy"
PYTHON = sys.executable
# The installed script itself, not a pyenv shim (a shim is a bash script that adds ~50 ms).
PUBLIST = str(Path(sys.executable).parent / "publist")

TYPER = 'python -c "import typer"'
PAPIS = "papis --help"
PEERS_PASS = "python -c pass (the peers' venv)"
# The "bare parse": bibtexparser 2 with its default stack (macros resolved, braces
# removed), no LaTeX decoding. The splitter alone (an empty stack) is shown beside it.
PARSE = "bibtexparser 2 parse"
SPLIT = "bibtexparser 2 split only"
PYBTEX = "pybtex parse"
PARSE_CODE = "import sys, bibtexparser; bibtexparser.parse_string(open(sys.argv[1], encoding='utf-8').read())"
SPLIT_CODE = (
    "import sys, bibtexparser; "
    "bibtexparser.parse_string(open(sys.argv[1], encoding='utf-8').read(), parse_stack=[])"
)
PYBTEX_CODE = (
    "import sys, pybtex.errors, pybtex.database; pybtex.errors.set_strict_mode(False); "
    "pybtex.database.parse_file(sys.argv[1], bib_format='bibtex')"
)
LEGACY_CODE = "import sys, bibtexparser; bibtexparser.load(open(sys.argv[1], encoding='utf-8'))"

EXPORT, STATS, DEDUPE = (
    "publist export --format md",
    "publist stats --json",
    "publist dedupe --json",
)
CHECK, FMT_CHECK, EXPORT_BIB = "publist check", "publist fmt --check", "publist export -f bib"
TAG_AUTO, FMT = "publist tag --auto", "publist fmt"
ADD, TAG = "publist add --bib (one entry)", "publist tag KEY --award X"
DEDUPE_APPLY = "publist dedupe --apply (a handful)"
EDITS = (ADD, TAG, DEDUPE_APPLY)
TIDY_LABEL = "bibtex-tidy --duplicates"
NO_CACHE = " (no cache)"
AFTER = ", right after "  # EXPORT + AFTER + an edit: the export that follows the edit
READS = (EXPORT, STATS, DEDUPE, CHECK)  # each also runs with no cache: a first run

# Written for `add --bib`: a new work each run, so every round's edit is new to the cache.
ONE_ENTRY = """@inproceedings{bench{unique},
  author    = {Ada Lovelace and Charles Babbage},
  title     = {Notes on the Analytical Engine, take {unique}},
  booktitle = {Proceedings of the Benchmark Workshop},
  year      = {2024},
}
"""
OWN_CACHE = (("PUBLIST_CACHE_DIR", "{dir}/cache"),)
BUILD, BUILD_CHECK = "publist build", "publist build --check"
REFRESH = "publist refresh --dry-run (answers kept)"
ANSWERS_CACHE = HERE / ".answers"  # the cache folder whose kept answers the refresh row reads
# Added to a publist.toml for `build`: a web page's list and a CV's.
OUTPUTS = """
[[build.outputs]]
format = "md"
path = "site/publications.md"

[[build.outputs]]
format = "latex"
path = "cv/publications.tex"
"""
OFF = (("PUBLIST_CACHE_DIR", "off"),)


def publist(library: str, *args: str) -> tuple[str, ...]:
    return (PUBLIST, "--library", library, *args)


def middle_key(library: Path) -> str:
    """The key of the entry in the middle of the file: an edit there moves half the file."""
    keys = re.findall(r"^@\w+\{([^,\s]+),", library.read_text(encoding="utf-8"), re.MULTILINE)
    return keys[len(keys) // 2]


def edit_argv(label: str, library: str, key: str) -> tuple[str, ...]:
    if label == ADD:
        return publist(library, "add", "--bib", "{dir}/one.bib")
    if label == TAG:
        return publist(library, "tag", key, "--award", "Award {unique}")
    if label == DEDUPE_APPLY:
        return publist(library, "dedupe", "--apply")
    if label == TAG_AUTO:
        return publist(library, "tag", "--auto")
    return publist(library, "fmt")


def edit_commands(source: Path) -> list[Command]:
    """Each edit on a fresh copy (its cache warmed by an export of the copy), then the
    export right after each of ADD, TAG and DEDUPE_APPLY."""
    commands = []
    key = middle_key(source)
    for label in (*EDITS, TAG_AUTO, FMT):
        origin = (
            DATA / f"handful-{source.stem.split('-')[-1]}.bib" if label == DEDUPE_APPLY else source
        )
        warm = publist("{copy:0}", "export", "--format", "md")
        edit = edit_argv(label, "{copy:0}", key)
        common = {"setup": (str(origin),), "environment": OWN_CACHE, "cwd": DATA}
        files = (("one.bib", ONE_ENTRY),) if label == ADD else ()
        commands.append(Command(label, edit, prepare=(warm,), files=files, **common))
        if label in EDITS:
            after = Command(EXPORT + AFTER + label.removeprefix("publist "), warm,
                            prepare=(warm, edit), files=files, **common)  # fmt: skip
            commands.append(after)
    return commands


def startup_commands() -> list[Command]:
    """On the bundled library: start-up is most of what each command costs there."""
    bundled = str(ROOT / "library.bib")
    commands = [
        Command("python -c pass", (PYTHON, "-c", "pass")),
        Command(TYPER, (PYTHON, "-c", "import typer")),
        Command("publist --version", (PUBLIST, "--version")),
        Command("publist --help", (PUBLIST, "--help")),
    ]
    for args in (("export", "--format", "md"), ("list",), ("show", "yu2022orca", "--json"),
                 ("stats", "--json"), ("check",), ("fmt", "--check"), ("dedupe", "--json")):  # fmt: skip
        commands.append(Command("publist " + " ".join(args), (PUBLIST, *args), cwd=ROOT))
    setup = (bundled, str(ROOT / "publist.toml"))
    for label in (TAG, ADD):
        argv = edit_argv(label, "{copy:0}", "yu2022orca")
        files = (("one.bib", ONE_ENTRY),) if label == ADD else ()
        commands.append(Command(label, argv, setup=setup, files=files, environment=OWN_CACHE))
    commands.append(build_check(bundled))
    if PEERS_PYTHON.exists():
        # The peers' interpreter starts bare (a venv of its own); publist's should too, see
        # run_all.environment_note.
        commands.append(Command(PEERS_PASS, (str(PEERS_PYTHON), "-c", "pass")))
        for name in ("papis", "pubs"):
            script = PEERS_PYTHON.parent / name
            if script.exists():
                commands.append(Command(f"{name} --help", (str(script), "--help")))
    if TIDY.exists():
        commands.append(Command("bibtex-tidy --help", (str(TIDY), "--help")))
    return commands


def build_check(bundled: str) -> Command:
    """`build --check` as CI and pre-commit run it: the outputs built (untimed), all current."""
    settings = (ROOT / "publist.toml").read_text(encoding="utf-8") + OUTPUTS
    build = publist("{copy:0}", "build")
    return Command(BUILD_CHECK, (*build, "--check"), setup=(bundled,), environment=OWN_CACHE,
                   files=(("publist.toml", settings),), prepare=(build,))  # fmt: skip


def refresh_command(url: str) -> Command:
    """`refresh --dry-run` on the bundled library, every answer kept by an earlier run (see
    answers.py): what a second refresh the same day costs, the network not asked."""
    bundled = (str(ROOT / "library.bib"), str(ROOT / "publist.toml"))
    argv = publist("{copy:0}", "refresh", "--dry-run")
    return Command(REFRESH, argv, setup=bundled,
                   environment=answers.environment(url, ANSWERS_CACHE))  # fmt: skip


def size_commands(size: int, quick: bool) -> list[Command]:
    source = DATA / f"library-{size}.bib"
    library = str(source)
    commands = [
        Command(PARSE, (PYTHON, "-c", PARSE_CODE, library)),
        Command(SPLIT, (PYTHON, "-c", SPLIT_CODE, library)),
    ]
    if PEERS_PYTHON.exists():
        commands.append(Command(PYBTEX, (str(PEERS_PYTHON), "-c", PYBTEX_CODE, library)))
        if size <= 10_000 and not quick:  # 0.2 MB/s: minutes at 100k
            commands.append(
                Command("bibtexparser 1 parse", (str(PEERS_PYTHON), "-c", LEGACY_CODE, library))
            )
    for label in (*READS, FMT_CHECK, EXPORT_BIB):
        argv = publist(library, *label.split()[1:])
        commands.append(Command(label, argv, cwd=DATA))
        if label in READS:
            # The first run on a library, before the cache has its parse and what a run decoded.
            commands.append(Command(label + NO_CACHE, argv, cwd=DATA, environment=OFF))
    commands += edit_commands(source)
    # The outputs written anew, as after an edit: a fresh copy whose cache an export warmed.
    warm = publist("{copy:0}", "export", "--format", "md")
    commands.append(Command(BUILD, publist("{copy:0}", "build"), setup=(library,), cwd=DATA,
                            environment=OWN_CACHE, prepare=(warm,),
                            files=(("publist.toml", OUTPUTS),)))  # fmt: skip
    if TIDY.exists():
        # bibtex-tidy rewrites its input even with --no-modify: it gets a copy, and -o.
        argv = (str(TIDY), "{copy:0}", "--v2", "--duplicates=doi,key,abstract,citation")
        argv += ("-o", "{dir}/tidy.bib")
        commands.append(Command(TIDY_LABEL, argv, setup=(library,)))
    return commands

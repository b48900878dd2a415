"""Every command against bad input: it works and warns, or stops with one line; never a traceback,
never a hang, never a changed library after a failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED
from publist.errors import ExitCode

VALID = "@inproceedings{good2022, author = {Ada Lovelace}, title = {A Good Paper}, booktitle = {OSDI}, year = 2022}\n"
NEW_ENTRY = "@misc{pasted2023, author = {Grace Hopper}, title = {Pasted}, year = 2023}\n"


def synthetic_cases() -> dict[str, bytes]:
    deep = "{" * 5000 + "x" + "}" * 5000
    return {
        "empty": b"",
        "only-whitespace": b"\n\n   \n",
        "not-bibtex": b"Dear committee,\nplease find attached my CV.\n",
        "binary-garbage": bytes(range(256)) * 8,
        "bom": b"\xef\xbb\xbf" + VALID.encode(),
        "crlf": VALID.replace("\n", "\r\n").encode(),
        "mixed-newlines": (VALID + "\r\n" + VALID.replace("good2022", "other2021")).encode(),
        "utf16-bom": b"\xff\xfe" + VALID.encode("utf-16-le"),
        "utf16-no-bom": VALID.encode("utf-16-le"),
        "cp1252": (
            "@misc{k, author = {Jos\u00e9 M\u00fcller}, title = {Caf\u00e9}, year = 2020}\n"
        ).encode("cp1252"),
        "unbalanced-braces": (
            VALID + "@article{broken, title = {Open {brace}, year = 2020}\n"
        ).encode(),
        "missing-comma": (VALID + "@article{nocomma title = {x}}\n").encode(),
        "duplicate-keys": (VALID + VALID).encode(),
        "duplicate-fields": b"@misc{dup, title = {a}, title = {b}}\n" + VALID.encode(),
        "cut-off": (VALID + "@article{cut, title = {Half").encode(),
        "undefined-string": b"@article{u, author = {A B}, title = {T}, journal = nowhere, year = 2020}\n",
        "stray-text": ("stray words\n" + VALID + "more stray } { text\n").encode(),
        "very-long-field": (
            "@misc{long, title = {" + "word " * 400_000 + "}, year = 2020}\n"
        ).encode(),
        "deep-braces": (
            "@misc{deep, title = {" + deep + "}, author = {" + deep + "}, year = 2020}\n"
        ).encode(),
        "latex-bomb": (
            "@misc{bomb, title = {" + "\\textbf{" * 3000 + "x" + "}" * 3000 + "}}\n"
        ).encode(),
        "control-chars": b"@misc{ctl, title = {a\x00b\x07c\x1b[31m}, year = 2020}\n",
        "bad-year-month": b"@misc{ym, author = {A B}, title = {T}, year = {soon}, month = {Smarch}}\n",
        "annotation-past-authors": b"@misc{an, author = {A B}, title = {T}, year = 2020, author+an = {9=equal}}\n",
    }


def corpus_cases() -> dict[str, bytes]:
    cases: dict[str, bytes] = {}
    malformed = SHARED / "corpus/malformed/malformed_cases.json"
    if not malformed.exists():
        return cases
    data = json.loads(malformed.read_text())
    for case in data["bibtex_tidy"]["cases"]:
        cases[case["id"]] = (case["input"] + "\n" + VALID).encode()
    parser = data["python_bibtexparser_v2"]
    for block in parser["faulty_blocks"]:
        text = f"{parser['valid_prefixes'][0]}\n{block['faulty_block']}\n@comment{{after}}\n{VALID}"
        cases[block["id"]] = text.encode()
    stats = json.loads((SHARED / "corpus/STATS_bibtexparser2.json").read_text())
    failing = [item for item in stats if item["failed_blocks"] and item["bytes"] < 400_000]
    for item in sorted(failing, key=lambda item: item["file"])[::3]:
        cases[item["file"]] = (SHARED / "corpus" / item["file"]).read_bytes()
    not_utf8 = [item for item in stats if "not valid" in item["encoding"]][:3]
    for item in not_utf8:
        cases[item["file"]] = (SHARED / "corpus" / item["file"]).read_bytes()
    return cases


CASES = {**synthetic_cases(), **corpus_cases()}

READ_ONLY = [
    ["list", "--json"],
    ["show", "good2022"],
    ["export", "-f", "md"],
    ["export", "-f", "latex"],
    ["export", "-f", "html", "--standalone"],
    ["export", "-f", "json"],
    ["export", "-f", "txt"],
    ["export", "-f", "bib"],
    ["stats", "--json"],
    ["check", "--json"],
    ["dedupe", "--json"],
]
WRITING = [
    ["tag", "good2022", "--tag", "hardened"],
    ["tag", "--auto"],
    ["add", "--bib", "-"],
    ["dedupe", "--apply"],
    ["fmt"],
]
DOCUMENTED = {code.value for code in ExitCode}


def run_case(tmp_path: Path, data: bytes, args: list[str]):
    path = tmp_path / "library.bib"
    path.write_bytes(data)
    (tmp_path / "publist.toml").write_text('[owner]\nname = "Ada Lovelace"\n')
    process = subprocess.run(
        [sys.executable, "-m", "publist", "-l", str(path), *args],
        input=NEW_ENTRY if "add" in args else None,
        capture_output=True,
        text=True,
        timeout=60,  # a hang fails the test
        env={**os.environ, "PUBLIST_LIBRARY": "", "COLUMNS": "200"},
    )
    return process, path.read_bytes()


def assert_clean_outcome(process, before: bytes, after: bytes, writes: bool) -> None:
    assert "Traceback" not in process.stderr, process.stderr[-2000:]
    assert process.returncode in DOCUMENTED, process.returncode
    if process.returncode not in (0, ExitCode.CHECK_FAILED):
        lines = [line for line in process.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("Error: ")]
        assert len(errors) == 1, process.stderr[-2000:]
    if process.returncode != 0 or not writes:
        assert after == before, "the library changed although the command failed or only reads"


@pytest.mark.parametrize("case", sorted(CASES))
def test_read_only_commands_survive(tmp_path, case):
    for args in READ_ONLY:
        process, after = run_case(tmp_path, CASES[case], args)
        assert_clean_outcome(process, CASES[case], after, writes=False)


@pytest.mark.parametrize("case", sorted(CASES))
def test_writing_commands_refuse_or_succeed_cleanly(tmp_path, case):
    for args in WRITING:
        process, after = run_case(tmp_path, CASES[case], args)
        assert_clean_outcome(process, CASES[case], after, writes=True)
        if process.returncode == 0 and after != CASES[case]:
            # whatever was written must parse, keep the encoding and the line endings
            from publist import bibfile

            library = bibfile.load(tmp_path / "library.bib")
            assert not library.problems
            if b"\r\n" in CASES[case] and b"\n" not in CASES[case].replace(b"\r\n", b""):
                assert b"\n" not in after.replace(b"\r\n", b"")
            assert after.startswith(b"\xef\xbb\xbf") == CASES[case].startswith(b"\xef\xbb\xbf")


UNDEFINED = (
    '@string{ja = "Journal of A"}\n\n'
    "@article{a2020x, author = {Ada Lovelace}, title = {One}, journal = jfoo, year = 2020}\n\n"
    '@article{b2021x, author = {Ada Lovelace}, title = "Two", journal = ja, year = 2021,'
    " month = jun}\n"
)


@pytest.mark.parametrize(
    "args",
    [["tag", "b2021x", "--tag", "x"], ["tag", "--auto"], ["fmt"], ["fmt", "--check"],
     ["remove", "a2020x"], ["remove", "b2021x"], ["dedupe", "--apply"],
     ["dedupe", "--distinct", "a2020x", "b2021x"]],
)  # fmt: skip
def test_every_writing_command_refuses_an_undefined_string(cli, tmp_path, args):
    """README, Safety: an undefined @string makes writing commands stop with one line."""
    library = tmp_path / "library.bib"
    library.write_text(UNDEFINED)
    result = cli("-l", library, *args)
    assert result.exit_code == ExitCode.ERROR, result.stderr
    assert result.stderr == (
        f"Error: {library}:3: a2020x: @string 'jfoo' is used but never defined; "
        "fix it before publist writes\n"
    )
    assert library.read_text() == UNDEFINED


def test_defined_strings_months_and_literals_are_written(cli, tmp_path):
    library = tmp_path / "library.bib"
    library.write_text(UNDEFINED.replace("jfoo", 'ja # " 2"').replace("2020}", "2020, x = true}"))
    result = cli("-l", library, "tag", "b2021x", "--tag", "x")
    assert result.exit_code == 0, result.stderr
    assert "keywords = {x}" in library.read_text()

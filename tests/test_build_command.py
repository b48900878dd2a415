"""publist build: every declared output written, only when changed; --check; --watch."""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

OUTPUTS = """
[[build.outputs]]
format = "typst"
path = "cv/publications.typ"

[[build.outputs]]
format = "rendercv"
path = "cv/publications.yaml"
max_authors = 3

[[build.outputs]]
format = "jsonresume"
path = "resume/publications.json"
standalone = true

[[build.outputs]]
format = "csljson"
path = "publications.json"

[[build.outputs]]
format = "al-folio"
path = "site/_bibliography/papers.bib"
options = { bibtex_show = true }

[[build.outputs]]
format = "hugo"
path = "site/content/publication"

[[build.outputs]]
format = "latex"
path = "cv/publications.tex"
labels = true

[[build.outputs]]
format = "html"
path = "site/_includes/publications.html"

[[build.outputs]]
format = "txt"
path = "publications.txt"

[[build.outputs]]
format = "json"
path = "site/_data/publications.json"

[[build.outputs]]
format = "bib"
path = "cv/library-copy.bib"

[[build.outputs]]
format = "md"
path = "patents.md"
types = ["patent"]
"""
PATHS = [
    "cv/publications.typ", "cv/publications.yaml", "resume/publications.json",
    "publications.json", "site/_bibliography/papers.bib", "site/content/publication",
    "cv/publications.tex", "site/_includes/publications.html", "publications.txt",
    "site/_data/publications.json", "cv/library-copy.bib", "patents.md",
]  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "library.bib", tmp_path / "library.bib")
    config = (ROOT / "publist.toml").read_text(encoding="utf-8") + OUTPUTS
    (tmp_path / "publist.toml").write_text(config, encoding="utf-8")
    return tmp_path


def build(cli, site: Path, *options: str):
    return cli("-l", site / "library.bib", "build", *options)


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    """Every output file with its inode and modification time."""
    found = {}
    for path in PATHS:
        target = site / path
        for file in [target] if target.is_file() else sorted(target.rglob("*")):
            if file.is_file():
                info = file.stat()
                found[str(file.relative_to(site))] = (info.st_ino, info.st_mtime_ns)
    return found


def test_build_writes_every_output_and_a_second_run_writes_nothing(cli, site):
    first = build(cli, site)
    assert first.exit_code == 0, first.stderr
    assert "12 of 12 outputs changed" in first.stderr
    for path in PATHS:
        assert (site / path).exists(), path
    assert len(list((site / "site/content/publication").glob("*/index.md"))) == 18
    assert (site / "patents.md").read_text().count("\n1. ") == 1  # the patents only
    before = stamps(site)
    time.sleep(0.01)
    second = build(cli, site)
    assert second.exit_code == 0, second.stderr
    assert "nothing was written" in second.stderr
    assert stamps(site) == before
    check = build(cli, site, "--check")
    assert (check.exit_code, check.stdout) == (0, "")


def test_check_names_exactly_the_stale_outputs_and_writes_nothing(cli, site):
    assert build(cli, site).exit_code == 0
    library = site / "library.bib"
    text = library.read_text(encoding="utf-8")
    library.write_text(text.replace("Orca: A Distributed", "Orca: The Distributed"), "utf-8")
    before = stamps(site)
    check = build(cli, site, "--check")
    assert check.exit_code == 3
    assert check.stdout.splitlines() == PATHS[:-1]  # patents.md has no Orca
    assert "11 of 12 outputs are out of date" in check.stderr
    assert stamps(site) == before
    assert build(cli, site).exit_code == 0
    assert "Orca\\: The Distributed" in (site / "cv/publications.typ").read_text()
    assert build(cli, site, "--check").exit_code == 0


def test_a_bundle_publist_made_goes_with_its_entry_and_nothing_else_does(cli, site):
    assert build(cli, site).exit_code == 0
    bundles = site / "site/content/publication"
    own = bundles / "my-talk"
    own.mkdir()
    (own / "index.md").write_text("---\ntitle: My own page\n---\n")
    library = site / "library.bib"
    text = library.read_text(encoding="utf-8")
    start = text.index("@inproceedings{kim2021terra")
    library.write_text(text[:start] + text[text.index("@inproceedings", start + 1) :], "utf-8")
    check = build(cli, site, "--check")
    assert check.exit_code == 3 and "site/content/publication" in check.stdout.splitlines()
    assert (bundles / "kim2021terra").is_dir()
    assert build(cli, site).exit_code == 0
    assert not (bundles / "kim2021terra").exists()
    assert (own / "index.md").read_text() == "---\ntitle: My own page\n---\n"
    assert build(cli, site, "--check").exit_code == 0


def test_a_bundle_an_earlier_release_made_goes_with_its_entry_too(cli, site):
    """Pages of earlier releases carry another mark ("Made by publist build ..."): still ours."""
    assert build(cli, site).exit_code == 0
    bundles = site / "site/content/publication"
    earlier = bundles / "gone2019paper"
    earlier.mkdir()
    (earlier / "index.md").write_text(
        "---\n# Made by publist build from the library; edit the library, not this page.\n"
        'title: "Gone"\n---\n'
    )
    assert build(cli, site).exit_code == 0
    assert not earlier.exists()


def test_selection_and_options_per_output(cli, site):
    library = site / "library.bib"
    text = library.read_text(encoding="utf-8")
    marked = text.replace("  keywords  = {conference},\n}\n\n@inproceedings{kim2021terra",
                          "  keywords  = {conference},\n  selected  = {true},\n}\n\n"
                          "@inproceedings{kim2021terra")  # fmt: skip
    assert marked != text
    library.write_text(marked, encoding="utf-8")
    (site / "publist.toml").write_text(
        (ROOT / "publist.toml").read_text()
        + '[[build.outputs]]\nformat = "txt"\npath = "selected.txt"\nselected = true\n'
        + '[[build.outputs]]\nformat = "md"\npath = "recent.md"\nsince = 2020\nuntil = 2021\n'
        + 'numbering = "none"\nmax_authors = 2\nlinks = false\n',
        encoding="utf-8",
    )
    assert build(cli, site).exit_code == 0
    selected = (site / "selected.txt").read_text()
    assert "Orca" in selected and selected.count("\n1. ") == 1 and "Terra" not in selected
    recent = (site / "recent.md").read_text()
    assert "Terra" in recent and "Orca" not in recent and "Dolphin" not in recent
    assert "- Taebum Kim, Eunji Jeong, …, **Gyeong-In Yu**, et al. Terra" in recent
    assert "](http" not in recent


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        ("", "declares no outputs"),
        ('[[build.outputs]]\nformat = "docx"\npath = "a.docx"\n', "unknown format 'docx'"),
        ('[[build.outputs]]\nformat = "md"\npath = "a.md"\ncolour = 1\n', "unknown setting 'colour'"),
        ('[[build.outputs]]\nformat = "md"\n', "needs a path"),
        ('[[build.outputs]]\nformat = "md"\npath = "a.md"\ntypes = ["novel"]\n', "'novel'"),
        ('[[build.outputs]]\nformat = "md"\npath = "a.md"\nsince = 2022\nuntil = 2020\n',
         "since 2022 is after until 2020"),
        ('[[build.outputs]]\nformat = "md"\npath = "library.bib"\n', "is the library itself"),
        ('[[build.outputs]]\nformat = "md"\npath = "publist.toml"\n', "settings file"),
        ('[[build.outputs]]\nformat = "md"\npath = "cv/../publist.toml"\n', "settings file"),
        ('[[build.outputs]]\nformat = "json"\npath = "library.citations.json"\n',
         "citation counts"),
        ('[[build.outputs]]\nformat = "md"\npath = "./library.bib.lock"\n', "lock file"),
        ('[[build.outputs]]\nformat = "md"\npath = "a.md"\n' * 2, "declared twice"),
        ('[[build.outputs]]\nformat = "md"\npath = "a.md"\ngroup_by = "venue"\n', "group_by"),
        ('[[build.outputs]]\nformat = "md"\npath = "a.md"\noptions = { x = 1 }\n', "no setting 'x'"),
        ('[[build.outputs]]\nformat = "hugo"\npath = "h"\noptions = { owner_profile = 1 }\n',
         "must be str"),
        ("[build]\noutputs = 3\n", "must be [[build.outputs]] tables"),
    ],
)  # fmt: skip
def test_a_wrong_output_is_one_error_line_and_nothing_is_written(cli, tmp_path, outputs, message):
    shutil.copy(ROOT / "library.bib", tmp_path / "library.bib")
    (tmp_path / "publist.toml").write_text('[owner]\nname = "Gyeong-In Yu"\n' + outputs)
    before = sorted(tmp_path.iterdir())
    library = (tmp_path / "library.bib").read_bytes()
    for options in ([], ["--check"]):
        result = build(cli, tmp_path, *options)
        assert result.exit_code == 1, result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert sorted(tmp_path.iterdir()) == before
    assert (tmp_path / "library.bib").read_bytes() == library


def test_check_and_watch_do_not_go_together(cli, site):
    result = build(cli, site, "--check", "--watch")
    assert result.exit_code == 2 and "do not go together" in result.stderr


def test_init_writes_a_commented_example_that_builds_every_format(cli, tmp_path):
    library = tmp_path / "library.bib"
    shutil.copy(ROOT / "library.bib", library)
    result = cli("-l", library, "init", "--owner", "Gyeong-In Yu", "--build-example")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "publist.toml").read_text()
    assert "# [[build.outputs]]" in text
    assert build(cli, tmp_path).exit_code == 1  # commented out: nothing is declared
    again = cli("-l", library, "init", "--build-example")
    assert "already" in again.stderr and (tmp_path / "publist.toml").read_text() == text
    live = "\n".join(
        line[2:] if re.match(r"# (\[\[build\.outputs\]\]$|\w+ = )", line) else line
        for line in text.splitlines()
    )
    (tmp_path / "publist.toml").write_text(live)
    result = build(cli, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "8 of 8 outputs changed" in result.stderr
    assert (tmp_path / "site/content/publication/yu2022orca/cite.bib").is_file()


def test_watch_rebuilds_after_a_change_and_prints_one_line(site):
    pytest.importorskip("watchfiles", reason="--watch needs watchfiles (pip install -e '.[test]')")
    exe = shutil.which("publist")
    command = [exe] if exe else [sys.executable, "-m", "publist"]
    process = subprocess.Popen(
        [*command, "-l", str(site / "library.bib"), "build", "--watch"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip
    try:
        assert "12 of 12 outputs changed" in read_line(process.stderr, 60)
        assert "Watching" in read_line(process.stderr, 60)
        library = site / "library.bib"
        text = library.read_text(encoding="utf-8")
        library.write_text(text.replace("Orca: A Distributed", "Orca: The Distributed"), "utf-8")
        line = read_line(process.stdout, 60)
        assert line.startswith("Wrote cv/publications.typ") and "11 of 12 outputs changed" in line
        assert "Orca\\: The Distributed" in (site / "cv/publications.typ").read_text()
        (site / "publist.toml").write_text((site / "publist.toml").read_text() + "[build\n")
        assert read_line(process.stdout, 60).startswith("Error: ")  # and it keeps watching
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert process.returncode == 0
    assert "Stopped watching." in process.stderr.read()


def read_line(stream, seconds: float) -> str:
    """One line from a process's pipe, waiting at most `seconds` (the test's bound)."""
    ready, _, _ = select.select([stream], [], [], seconds)
    assert ready, f"no line within {seconds} s"
    return stream.readline()


def test_an_output_can_show_the_citation_counts(cli, site):
    """refresh keeps counts beside the library; an output with citations = true shows them."""
    from publist import citations

    counts = {
        "yu2022orca": {"cited_by": 1234, "source": "crossref", "date": "2026-11-30",
                       "id": "doi:10.5555/orca"},
    }  # fmt: skip
    library = site / "library.bib"
    text = library.read_text(encoding="utf-8").replace(
        "  keywords  = {conference},\n}\n\n@inproceedings{kim2021terra",
        "  doi       = {10.5555/orca},\n  keywords  = {conference},\n}\n\n"
        "@inproceedings{kim2021terra",
    )
    library.write_text(text, encoding="utf-8")
    citations.path_for(library).write_text(json.dumps({"counts": counts}), encoding="utf-8")
    (site / "publist.toml").write_text(
        (ROOT / "publist.toml").read_text()
        + '[[build.outputs]]\nformat = "md"\npath = "counted.md"\ncitations = true\n'
        + '[[build.outputs]]\nformat = "md"\npath = "plain.md"\n',
        encoding="utf-8",
    )
    result = build(cli, site)
    assert result.exit_code == 0, result.stderr
    assert "Cited by 1,234." in (site / "counted.md").read_text()
    assert "Cited by" not in (site / "plain.md").read_text()


def test_an_output_in_the_cache_or_through_a_link_to_publists_files_is_refused(cli, tmp_path):
    """Resolved first: a link to publist.toml, and a file of the cache folder, are publist's."""
    shutil.copy(ROOT / "library.bib", tmp_path / "library.bib")
    cache = tmp_path / "cache"
    cache.mkdir()
    (tmp_path / "settings-link").symlink_to("publist.toml")
    for path, message in (("settings-link", "settings file"), ("cache/x.md", "cache folder")):
        settings = (
            f'[owner]\nname = "Gyeong-In Yu"\n[[build.outputs]]\nformat = "md"\npath = "{path}"\n'
        )
        (tmp_path / "publist.toml").write_text(settings)
        env = {"PUBLIST_CACHE_DIR": str(cache)}
        result = cli("-l", tmp_path / "library.bib", "build", env=env)
        assert result.exit_code == 1, result.stderr
        assert result.stderr.startswith("Error: ") and message in result.stderr
        assert result.stderr.count("\n") == 1
        assert (tmp_path / "publist.toml").read_text() == settings
        assert list(cache.iterdir()) == []


def test_build_without_a_settings_file_says_there_is_none(cli, tmp_path):
    shutil.copy(ROOT / "library.bib", tmp_path / "library.bib")
    result = build(cli, tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: there is no ") and "publist.toml;" in result.stderr
    assert result.stderr.count("\n") == 1


def test_watching_turns_the_cyclic_collector_back_on(site, monkeypatch):
    """A command runs without the collector (cli.main); a watch lasts until stopped, and
    each build's cycles would pile up."""
    import gc

    watchfiles = pytest.importorskip("watchfiles", reason="--watch needs watchfiles")
    from publist.cli import build_command, common

    seen = []

    def watch(*folders, **options):
        seen.append(gc.isenabled())
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(watchfiles, "watch", watch)
    gc.disable()
    try:
        build_command._watch(common.State(site / "library.bib"), {})
    finally:
        gc.enable()
    assert seen == [True]

"""publist export: golden files for every format on two libraries, options and errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT

HOSTILE = DATA / "hostile" / "library.bib"
FORMATS = {"md": "md", "latex": "tex", "html": "html", "txt": "txt", "json": "json", "bib": "bib"}


@pytest.mark.parametrize("name", ["bundled", "hostile"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_every_format(cli, golden, fmt, name):
    path = ROOT / "library.bib" if name == "bundled" else HOSTILE
    result = cli("-l", path, "export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"export_{name}.{FORMATS[fmt]}", result.stdout)


@pytest.mark.parametrize("name", ["bundled", "hostile"])
@pytest.mark.parametrize("fmt", ["html", "latex"])
def test_golden_standalone(cli, golden, fmt, name):
    path = ROOT / "library.bib" if name == "bundled" else HOSTILE
    result = cli("-l", path, "export", "-f", fmt, "--standalone")
    assert result.exit_code == 0, result.stderr
    golden(f"export_{name}_standalone.{FORMATS[fmt]}", result.stdout)


def test_bundled_export_warns_about_nobody(cli, library):
    result = cli("-l", library, "export")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.count("**Gyeong-In Yu") == 16 and result.stdout.count("**Gyeongin Yu") == 2


def test_hostile_export_warns_once_per_entry_without_the_owner(cli):
    result = cli("-l", HOSTILE, "export")
    lines = result.stderr.splitlines()
    assert lines == [f"Warning: {HOSTILE}:119: klimov2016untyped: no author matches Ana Klimović"]


def test_no_owner_configured_warns(cli, tmp_path):
    shutil.copy(ROOT / "library.bib", tmp_path / "library.bib")
    result = cli("-l", tmp_path / "library.bib", "export")
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: no owner is set")
    assert len(result.stderr.splitlines()) == 1 and "**" not in result.stdout


def test_owner_option_overrides_the_config(cli, library):
    result = cli("-l", library, "--owner", "Byung-Gon Chun", "export", "--type", "patent")
    assert "**Byung-Gon Chun**" in result.stdout and "**Gyeongin" not in result.stdout


def test_json_is_structured_and_agrees_with_markdown(cli, library):
    data = json.loads(cli("-l", library, "export", "-f", "json").stdout)
    assert [s["title"] for s in data["sections"]] == [
        "Conference Publications", "Other Publications", "Patents",
    ]  # fmt: skip
    nimble = data["sections"][0]["items"][3]
    assert nimble["number"] == 4 and nimble["key"] == "kwon2020nimble"
    assert nimble["authors"][1] == {"name": "Gyeong-In Yu", "owner": True, "equal": True}
    assert nimble["award"] == "Spotlight" and nimble["date"] == "December 2020"
    assert nimble["links"] == [{"label": "paper", "url": "https://arxiv.org/abs/2012.02732"}]
    markdown = cli("-l", library, "export").stdout
    assert f"4. {nimble['markdown']}" in markdown
    assert nimble["fields"]["booktitle"].startswith("34th Conference")


def test_bib_is_the_stored_text(cli, library):
    out = cli("-l", library, "export", "-f", "bib", "--type", "patent").stdout
    text = library.read_text(encoding="utf-8")
    start = text.index("@patent{yu2022selective")
    assert out.startswith(text[start : text.index("}\n", text.index("keywords", start)) + 1])
    assert out.count("@patent") == 2 and "@inproceedings" not in out


def test_bib_keeps_string_macros(cli):
    out = cli("-l", HOSTILE, "export", "-f", "bib", "--type", "conference").stdout
    assert out.startswith('@string{osdi = "USENIX Symposium')
    assert "booktitle = osdi # { (OSDI 2023)}," in out


def test_filters_numbering_and_grouping(cli, library):
    result = cli("-l", library, "export", "--since", "2020", "--until", "2021", "-f", "txt")
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert [line.split(".")[0] for line in lines] == ["1", "2", "3"]
    assert "Terra" in lines[0] and "Nimble" in lines[1] and "Tensor" in lines[2]
    result = cli("-l", library, "export", "--numbering", "continuous", "-t", "workshop",
                 "-t", "patent")  # fmt: skip
    numbers = [line.split(".")[0] for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert numbers == [str(n) for n in range(1, 8)]
    result = cli("-l", library, "export", "--reverse-numbers", "-t", "conference", "--no-links")
    assert (
        result.stdout.splitlines()[2].startswith("9. **Gyeong-In Yu**")
        and "](" not in result.stdout
    )
    result = cli("-l", library, "export", "--labels", "-t", "patent")
    assert "- P1. **Gyeongin Yu**" in result.stdout and "- P2. " in result.stdout
    result = cli("-l", library, "export", "--group-by", "year", "--numbering", "none")
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings == [f"## {year}" for year in range(2022, 2015, -1)]
    assert result.stdout.splitlines()[2].startswith("- **Gyeongin Yu**, Geon-Woo Kim")
    result = cli("-l", library, "export", "--group-by", "none", "-f", "html")
    assert result.stdout.count("<section") == 1 and '<li value="18"' in result.stdout


def test_tag_filter(cli):
    result = cli("-l", HOSTILE, "export", "--tag", "SYSTEMS", "-f", "txt")
    assert result.exit_code == 0 and result.stdout.count("\n1. ") == 1


def test_output_file_and_suffix_inference(cli, library, tmp_path):
    for suffix, marker in ((".tex", "\\begin{enumerate}"), (".html", "<ol"), (".json", '"sections"'),
                           (".md", "## Patents"), (".txt", "Patents\n======="), (".bib", "@patent")):  # fmt: skip
        target = tmp_path / f"out{suffix}"
        result = cli("-l", library, "export", "-o", target)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert marker in target.read_text(encoding="utf-8")
        assert f"Wrote 18 entries to {target}" in result.stderr
    result = cli("-l", library, "export", "-o", tmp_path / "forced.txt", "-f", "md")
    assert (tmp_path / "forced.txt").read_text(encoding="utf-8").startswith("## Conference")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("-f", "docx"),
            2,
            "Error: unknown format 'docx' (choose md, latex, html, txt, json, bib, typst, rendercv, jsonresume, csljson, al-folio, hugo)",
        ),
        (("-o", "out.docx"), 2, "Error: cannot tell the format from 'out.docx'; pass --format"),
        (("--type", "blog"), 2, "Error: unknown venue type 'blog'"),
        (("--group-by", "venue"), 2, "Error: --group-by must be one of type, year, none"),
        (("--numbering", "roman"), 2, "Error: --numbering must be one of per-group"),
        (("-o", "/nonexistent/folder/out.md"), 1, "Error: cannot write /nonexistent/folder/out.md"),
    ],
)
def test_errors_are_one_line_and_leave_the_library_alone(cli, library, args, code, message):
    before = library.read_bytes()
    result = cli("-l", library, "export", *args)
    assert result.exit_code == code
    assert result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1
    assert result.stdout == ""
    assert library.read_bytes() == before


def test_output_into_a_folder_or_read_only_file(cli, library, tmp_path):
    result = cli("-l", library, "export", "-o", tmp_path, "-f", "md")
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot write")
    locked = tmp_path / "locked.md"
    locked.write_text("old", encoding="utf-8")
    locked.chmod(0o444)
    result = cli("-l", library, "export", "-o", locked)
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert locked.read_text(encoding="utf-8") == "old"


def test_malformed_library_still_exports_with_a_warning(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(
        "@article{good, author = {Gyeong-In Yu}, title = {Good}, journal = {J}, year = 2020}\n"
        "@article{bad, title = {Broken\n\n"
        "@article{later, author = {Gyeong-In Yu}, title = {Later}, journal = {J}, year = 2019}\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    result = cli("-l", path, "--owner", "Gyeong-In Yu", "export", "-f", "txt")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Warning: {path}:2:")
    assert "Good. J, 2020." in result.stdout
    assert path.read_bytes() == before


def test_missing_library_is_an_error(cli, tmp_path):
    result = cli("-l", tmp_path / "none.bib", "export")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no library at")


def test_installed_command_pipes_plain_text(library):
    from conftest import run_publist

    result = run_publist("-l", library, "export", "-f", "txt", "-t", "patent")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Patents\n=======\n\n1. Gyeongin Yu, Geon-Woo Kim")
    assert "\x1b[" not in result.stdout


def test_paths_are_not_in_the_goldens():
    for path in Path(__file__).parent.joinpath("golden").glob("export_*"):
        assert "/tmp" not in path.read_text(encoding="utf-8"), path


def test_files_of_the_site_need_a_base_url_and_the_export_says_so(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text("@article{k, author = {A B}, title = {T}, journal = {J}, year = 2020,\n"
                    "  pdf = {paper.pdf}, html = {https://j.org/k}}\n")  # fmt: skip
    result = cli("-l", path, "export", "-f", "md")
    assert "[HTML](https://j.org/k)" in result.stdout and "paper.pdf" not in result.stdout
    assert (
        "files of your web site were left out (1, the first k: pdf = {paper.pdf})" in result.stderr
    )
    assert "set [export] base_url" in result.stderr
    (tmp_path / "publist.toml").write_text('[export]\nbase_url = "https://me.io/assets/pdf/"\n')
    result = cli("-l", path, "export", "-f", "md")
    assert "[PDF](https://me.io/assets/pdf/paper.pdf)" in result.stdout
    assert "base_url" not in result.stderr


def test_order_option_and_setting(cli, tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(
        "@misc{old, title = {Old}, year = 2019}\n@misc{new, title = {New}, year = 2022}\n"
    )
    newest = cli("-l", path, "export", "-f", "txt", "--group-by", "none")
    assert newest.stdout.index("New") < newest.stdout.index("Old")
    oldest = cli("-l", path, "export", "-f", "txt", "--group-by", "none", "--order", "oldest")
    assert oldest.stdout.index("Old") < oldest.stdout.index("New")
    (tmp_path / "publist.toml").write_text('[export]\norder = "file"\n')
    in_file = cli("-l", path, "export", "-f", "txt", "--group-by", "none")
    assert in_file.stdout.index("Old") < in_file.stdout.index("New")
    bad = cli("-l", path, "export", "--order", "random")
    assert bad.exit_code == 2 and "--order must be one of newest, oldest, file" in bad.stderr

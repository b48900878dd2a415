"""`publist stats`: JSON schema, CSV/MD goldens, the people view, the plot, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

from conftest import ROOT

CV_BY_TYPE = {"conference": 9, "journal": 1, "workshop": 5, "demo": 1, "patent": 2}
CV_BY_YEAR = {"2016": 1, "2017": 1, "2018": 2, "2019": 7, "2020": 2, "2021": 1, "2022": 4}
SVG = "{http://www.w3.org/2000/svg}"


def stats_json(cli, library, *args: str) -> dict:
    result = cli("--library", library, "stats", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def assert_one_error(result, code: int, text: str) -> None:
    assert result.exit_code == code
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and text in lines[0], result.stderr


def test_json_schema_and_the_cv_figures(cli, library):
    data = stats_json(cli, library)
    assert list(data) == [
        "total", "by_type", "by_year", "by_type_year", "by_venue", "by_role", "coauthors",
    ]  # fmt: skip
    assert data["total"] == 18
    assert data["by_type"] == CV_BY_TYPE
    assert data["by_year"] == CV_BY_YEAR
    assert set(data["by_type_year"]) == set(CV_BY_TYPE)
    for years in data["by_type_year"].values():
        assert list(years) == list(CV_BY_YEAR)
        assert all(isinstance(year, str) and isinstance(n, int) for year, n in years.items())
    assert data["by_type_year"]["conference"]["2022"] == 2
    for name in ("by_venue", "coauthors"):
        assert all(isinstance(k, str) and isinstance(v, int) for k, v in data[name].items())
    assert data["by_venue"]["OSDI"] == 2 and data["by_venue"]["NeurIPS Workshop"] == 3
    for roles in data["by_role"].values():
        assert list(roles) == ["first", "equal-first", "last", "other", "unmatched"]
    assert sum(sum(roles.values()) for roles in data["by_role"].values()) == 18
    assert data["coauthors"]["Byung-Gon Chun"] == 16


def test_json_with_filters_and_one_view(cli, library):
    data = stats_json(cli, library, "--since", "2020", "--until", "2021", "--by", "venue")
    assert data == {"total": 3, "by_venue": {"NeurIPS": 2, "OSDI": 1}}
    data = stats_json(cli, library, "-t", "workshop", "--type", "patent")
    assert data["by_type"] == {"workshop": 5, "patent": 2}
    assert data["total"] == 7


def test_owner_option_changes_roles(cli, library):
    data = stats_json(cli, library, "--by", "role")
    assert data["by_role"]["patent"]["first"] == 2
    result = cli(
        "--library", library, "--owner", "Byung-Gon Chun", "stats", "--json", "--by", "role"
    )
    assert json.loads(result.stdout)["by_role"]["conference"]["last"] == 7


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("--format", "csv"), "stats_type_year.csv"),
        (("--format", "md"), "stats_type_year.md"),
        (("--format", "csv", "--by", "role"), "stats_role.csv"),
        (("--format", "md", "--by", "venue"), "stats_venue.md"),
        (("--format", "csv", "--since", "2019", "--tag", "nothing-has-this"), "stats_empty.csv"),
    ],
)
def test_tables_match_goldens(cli, library, golden, args, name):
    result = cli("--library", library, "stats", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(name, result.stdout)


def test_people_view_shows_every_part(cli, library):
    result = cli("--library", library, "stats")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "18 publications" in out
    for title in ("Venue type by year", "Per year", "Top 10 venues", "Owner's role", "co-authors"):
        assert title in out
    assert "Per year (█ conference ▓ journal ▒ workshop ░ demo # patent)" in out
    # 2019, the busiest year, gets the full bar: 3 conference, 1 journal, 2 workshop, 1 demo.
    assert "2019 " + "█" * 17 + "▓" * 6 + "▒" * 11 + "░" * 6 + " 7" in out
    assert "2022 " + "█" * 11 + "#" * 12 + " 4" in out  # 2 conference, 2 patents
    assert "Byung-Gon Chun" in out and "Gyeong-In Yu" not in out


def test_people_view_of_one_part(cli, library):
    result = cli("--library", library, "stats", "--by", "coauthor", "--top", "2")
    assert result.exit_code == 0
    assert "Joo Seong Jeong" in result.stdout and "Eunji Jeong" not in result.stdout
    assert "Venue type by year" not in result.stdout


def test_malformed_library_is_still_counted_with_a_warning(cli, library):
    with library.open("a", encoding="utf-8") as stream:
        stream.write("\n@inproceedings{broken,\n  title = {Unclosed\n")
    before = library.read_bytes()
    result = cli("--library", library, "stats", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"] == 18
    assert "Warning:" in result.stderr
    assert library.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (("--by", "venues"), 2, "--by must be one of: type, year, venue, role, coauthor"),
        (("--since", "last-year"), 2, "--since needs a year"),
        (("--since", "2022", "--until", "2019"), 2, "is after --until"),
        (("--type", "journals"), 2, "unknown venue type 'journals'"),
        (("--format", "xlsx"), 2, "--format must be csv or md"),
        (("--json", "--format", "csv"), 2, "cannot be used together"),
        (("--top", "0"), 2, "--top must be 1 or more"),
        (("--plot", "chart.gif"), 2, "--plot writes .svg, .png, .pdf files"),
    ],
)
def test_bad_options_give_one_error_line(cli, library, args, code, text):
    before = library.read_bytes()
    assert_one_error(cli("--library", library, "stats", *args), code, text)
    assert library.read_bytes() == before


def test_missing_library(cli, tmp_path):
    result = cli("--library", tmp_path / "none.bib", "stats", "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stdout == ""


def test_svg_plot_has_one_bar_per_year_and_type(cli, library):
    pytest.importorskip("matplotlib")
    target = library.parent / "chart.svg"
    result = cli("--library", library, "stats", "--plot", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"Wrote {target}" in result.stderr
    root = ElementTree.parse(target).getroot()
    assert root.tag == f"{SVG}svg"
    ids = [element.get("id", "") for element in root.iter()]
    for kind in CV_BY_TYPE:
        bars = [found for found in ids if found.startswith(f"bar-{kind}-")]
        assert bars == [f"bar-{kind}-{year}" for year in CV_BY_YEAR]
    again = library.parent / "again.svg"
    cli("--library", library, "stats", "--plot", again)
    assert again.read_bytes() == target.read_bytes()  # no dates or random ids


def test_png_plot_with_json_on_stdout(cli, library):
    pytest.importorskip("matplotlib")
    target = library.parent / "chart.png"
    result = cli("--library", library, "stats", "--plot", target, "--json", "--by", "type")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["by_type"] == CV_BY_TYPE
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_plot_without_matplotlib_says_how_to_install_it(cli, library, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    target = library.parent / "chart.svg"
    result = cli("--library", library, "stats", "--plot", target)
    assert_one_error(result, 1, "install it with: pip install 'publist[plot]'")
    assert not target.exists()


def test_json_path_imports_neither_rich_nor_matplotlib(library):
    code = (
        "import sys\n"
        "from publist.cli.app import app\n"
        f"try: app(['--library', {str(library)!r}, 'stats', '--json'])\n"
        "except SystemExit: pass\n"
        "heavy = sorted(m for m in ('rich', 'matplotlib', 'requests') if m in sys.modules)\n"
        "print(heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert json.loads(done.stdout)["total"] == 18
    assert done.stderr.strip().splitlines()[-1] == "[]"


def run_in_a_terminal(library, *args: str, env: dict[str, str]) -> str:
    """publist's stdout when it is a terminal (a pseudo-terminal here)."""
    import os
    import pty

    main, child = pty.openpty()
    command = [sys.executable, "-m", "publist", "--library", str(library), *args]
    environment = {name: value for name, value in os.environ.items() if name != "NO_COLOR"}
    environment.update(TERM="xterm-256color", COLUMNS="100", **env)
    process = subprocess.run(command, stdout=child, stderr=subprocess.PIPE, env=environment)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end is closed: all is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.returncode == 0, process.stderr
    return b"".join(chunks).decode("utf-8")


def test_the_stacks_are_coloured_on_a_terminal_unless_no_color(library):
    coloured = run_in_a_terminal(library, "stats", "--by", "year", env={})
    assert "\x1b[" in coloured and "conference" in coloured
    plain = run_in_a_terminal(library, "stats", "--by", "year", env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain
    assert "2019 " + "█" * 17 + "▓" * 6 + "▒" * 11 + "░" * 6 + " 7" in plain


def test_an_empty_library_has_no_legend(cli, tmp_path):
    empty = tmp_path / "library.bib"
    empty.write_text("")
    result = cli("--library", empty, "stats", "--by", "year")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Per year"

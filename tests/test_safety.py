"""The guarantees of README's "Safety" section, one test each (the rest live beside their code)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from publist import identifiers

HOSTILE = r"""@inproceedings{evil2024,
  author = {Mallory <script>alert(1)</script> and Ada Lovelace},
  title = {[click](javascript:alert(1)) \input{/etc/passwd} \write18{touch pwned} <img src=x onerror=alert(1)>},
  booktitle = {# Heading {\catcode`\^=7}},
  year = 2024,
  url = {javascript:alert(document.cookie)},
  pdf = {data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==},
  code = {JaVaScRiPt:alert(2)},
}
"""


@pytest.mark.parametrize(
    "text",
    [
        "10.1145/../../admin",
        "10.1145/%2e%2e/%2e%2e/admin",
        "10.1145/abc?redirect=https://evil.example",
        "10.1145/abc#fragment",
        "https://doi.org/10.1145/../x",
        "10.1145/a b",
        "arXiv:2309.06180/../../x",
        "conf/osdi/../../x",
    ],
)
def test_identifiers_that_could_leave_their_path_are_refused(text):
    assert identifiers.parse(text) is None


def export(cli, tmp_path, format_: str) -> str:
    path = tmp_path / "library.bib"
    path.write_text(HOSTILE)
    result = cli("-l", path, "--owner", "Ada Lovelace", "export", "-f", format_)
    assert result.exit_code == 0, result.stderr
    return result.stdout


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed_tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_html_export_cannot_inject_markup_or_unsafe_links(cli, tmp_path):
    tags = parsed_tags(export(cli, tmp_path, "html"))
    assert {tag for tag, _ in tags} <= {"section", "h2", "ol", "li", "strong", "span", "em", "a"}
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert not [attrs for tag, attrs in tags if tag == "a"]  # every URL was unsafe


def test_markdown_export_cannot_make_links_or_headings(cli, tmp_path):
    from markdown_it import MarkdownIt  # rich's own dependency

    tags = parsed_tags(MarkdownIt("commonmark").render(export(cli, tmp_path, "md")))
    assert not [tag for tag, _ in tags if tag in ("a", "img", "script", "h1", "h3")]
    assert [tag for tag, _ in tags if tag == "h2"] == ["h2"]  # only the section title


def test_latex_export_cannot_run_commands(cli, tmp_path):
    latex = export(cli, tmp_path, "latex")
    assert not re.search(r"(?<!textbackslash\{\})\\(input|write18|catcode|def|openout)\b", latex)
    assert "\\href" not in latex and "\\url" not in latex


def test_json_export_lists_only_safe_links(cli, tmp_path):
    data = json.loads(export(cli, tmp_path, "json"))
    items = [item for section in data["sections"] for item in section["items"]]
    assert items and all(not item["links"] for item in items)


@pytest.mark.parametrize(
    ("args", "option"),
    [(["tag", "yu2022orca", "--award", "a\x1b]8;;http://x\x07b"], "--award"),
     (["tag", "yu2022orca", "--tag", "x\x1b]8;;", "--dry-run"], "--tag"),
     (["tag", "yu2022orca", "--award", "Best\x85"], "--award"),
     (["add", "--title", "T\rX", "--author", "A B", "--year", "2020", "--type", "other"],
      "--title"),
     (["add", "--title", "T", "--author", "A\x07 B", "--year", "2020", "--type", "other"],
      "--author"),
     (["add", "--title", "T", "--author", "A B", "--year", "2020", "--type", "other",
       "--venue", "V\x1b[2J"], "--venue"),
     (["add", "10.1145/3600006.3613165", "--tag", "a\x7f"], "--tag")],
)  # fmt: skip
def test_a_control_character_typed_for_the_library_is_refused(cli, library, args, option):
    """README, Safety: nothing typed on the command line brings an escape into library.bib."""
    before = library.read_bytes()
    result = cli("-l", library, *args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"Error: {option} holds a control character")
    assert result.stderr.count("\n") == 1
    assert library.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ["tag", "yu2022orca", "--tag", "q"],
        ["tag", "--auto", "--all"],
        ["fmt"],
        ["fmt", "--check"],
        ["remove", "yu2022orca", "--dry-run"],
        ["dedupe", "--apply", "--dry-run"],
        ["dedupe", "--distinct", "yu2022orca", "kwon2023efficient"],
    ],
)
def test_a_broken_settings_file_stops_writing_commands_too(cli, tmp_path, command):
    """Read commands refused a broken publist.toml while tag, fmt, remove and dedupe
    --apply went on and wrote: every command says it the same way, and writes nothing."""
    from conftest import ROOT

    library = tmp_path / "library.bib"
    library.write_bytes((ROOT / "library.bib").read_bytes())
    (tmp_path / "publist.toml").write_text("[export\nfoo", encoding="utf-8")
    before = library.read_bytes()
    result = cli("--library", library, *command)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "publist.toml is not valid TOML" in result.stderr
    assert library.read_bytes() == before

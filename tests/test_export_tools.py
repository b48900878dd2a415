"""The exports checked with real tools: pdflatex + pdftotext, and headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DATA, ROOT, need
from publist import bibfile, reading

LIBRARIES = {"bundled": ROOT / "library.bib", "hostile": DATA / "hostile" / "library.bib"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def titles(path: Path) -> list[str]:
    """Every title as the JSON export spells it (decoded text)."""
    return [item.title for item in reading.publications(bibfile.load(path))]


def squash(text: str) -> str:
    """Text without spaces and hyphens, so that line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-]", "", words(text))


def words(text: str) -> str:
    """Whitespace collapsed, ligatures (ﬃ) and typographic quotes undone."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "`")
    return " ".join(text.split())


@pytest.mark.parametrize("name", LIBRARIES)
def test_standalone_latex_compiles_and_shows_every_title(cli, tmp_path, name):
    need(bool(shutil.which("pdflatex")), "pdflatex (texlive-latex-base) is not installed")
    need(bool(shutil.which("pdftotext")), "pdftotext (poppler-utils) is not installed")
    source = tmp_path / "publications.tex"
    result = cli("-l", LIBRARIES[name], "export", "--standalone", "-o", source)
    assert result.exit_code == 0, result.stderr
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
         source.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", "publications.pdf", "-"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    flat = squash(pdf_text)
    data = json.loads(cli("-l", LIBRARIES[name], "export", "-f", "json").stdout)
    for section in data["sections"]:
        assert squash(section["title"]) in flat
        for item in section["items"]:
            title = HOSTILE_TITLES.get(item["key"], item["title"])
            assert squash(title) in flat, item["key"]
    assert "root:" not in pdf_text  # \input{/etc/passwd} was printed, not read
    assert not (tmp_path / "owned.tex").exists()  # \openout never ran
    log = (tmp_path / "publications.log").read_text(encoding="latin-1")
    assert "runsystem" not in log


# The PDF shows each JSON title (unknown commands read as the decoder reads them), except
# where TeX's specials and fonts print apart; for these entries a stable part is checked.
HOSTILE_TITLES = {
    "klimovic2021hash": "C# and F# at 100% of 50% cost, x_1 and ^caret",
    "yu2022escapes": "*Stars* and _under_scores [x](javascript:alert(1))",
    "yu2021script": "<script>document.title='PWNED'",
    "klimovic2023accents": "Fast GPU Kernels & Schedulers at ≈ 2× the Speed",
    "klimovic2017other": "A Technical Note with an Unclosed Dollar $5 Price",
}


class Dom(HTMLParser):
    """The elements of a dumped DOM: tag, attributes and the text inside each <li>/<h2>."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {"li": [], "h2": [], "strong": [], "title": []}

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in self.texts:
            self.texts[tag].append("")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        for tag in self.texts:
            if tag in self.stack and self.texts[tag]:
                self.texts[tag][-1] += data


def dump_dom(page: Path, profile: Path) -> str:
    need(bool(CHROMIUM), "chromium is not installed")
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=2000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def parsed(text: str) -> Dom:
    dom = Dom()
    dom.feed(text)
    return dom


def test_chromium_would_catch_a_script_that_ran(tmp_path):
    """The check below is real: an unescaped script does change this DOM."""
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Publications</title></head><body>"
        "<script>document.title='PWNED';document.body.insertAdjacentHTML('beforeend',"
        "'<p id=pwned>pwned</p>')</script></body></html>",
        encoding="utf-8",
    )
    dom = parsed(dump_dom(page, tmp_path / "profile"))
    assert ("p", {"id": "pwned"}) in dom.elements and dom.texts["title"] == ["PWNED"]


@pytest.mark.parametrize("name", LIBRARIES)
def test_standalone_html_in_chromium(cli, tmp_path, name):
    page = tmp_path / "publications.html"
    result = cli("-l", LIBRARIES[name], "export", "--standalone", "-o", page)
    assert result.exit_code == 0, result.stderr
    # The page's Content-Security-Policy would block scripts on its own; remove it so
    # that the test shows the escaping alone keeps every hostile field inert.
    text = page.read_text(encoding="utf-8")
    page.write_text(
        "\n".join(line for line in text.splitlines() if "Content-Security-Policy" not in line),
        encoding="utf-8",
    )
    dom = parsed(dump_dom(page, tmp_path / "profile"))
    data = json.loads(cli("-l", LIBRARIES[name], "export", "-f", "json").stdout)
    owner = data["owner"]
    assert dom.texts["title"] == [f"Publications of {owner}"]  # no script renamed the page
    tags = [tag for tag, _ in dom.elements]
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert not any(attrs.get("id") == "pwned" for _, attrs in dom.elements)
    assert not any(key.startswith("on") for _, attrs in dom.elements for key in attrs)
    hrefs = [attrs["href"] for tag, attrs in dom.elements if tag == "a"]
    assert all(h.startswith(("#", "https://", "http://", "mailto:")) for h in hrefs)
    assert [words(t) for t in dom.texts["h2"]] == [s["title"] for s in data["sections"]]
    numbers = [
        attrs.get("value") for tag, attrs in dom.elements if tag == "li" and "value" in attrs
    ]
    expected = [str(item["number"]) for s in data["sections"] for item in s["items"]]
    assert numbers == expected
    items = [s for s in dom.texts["li"] if "." in s][-len(expected) :]
    for text, item in zip(
        items, [item for s in data["sections"] for item in s["items"]], strict=True
    ):
        assert words(item["title"]) in words(text)
    strong = [words(t).rstrip("*") for t in dom.texts["strong"]]
    bold_in_json = [
        a["name"] for s in data["sections"] for i in s["items"] for a in i["authors"] if a["owner"]
    ]
    assert strong == bold_in_json and strong
    assert ("html", {"lang": "en"}) in dom.elements
    if name == "bundled":
        assert strong.count("Gyeong-In Yu") == 16 and strong.count("Gyeongin Yu") == 2

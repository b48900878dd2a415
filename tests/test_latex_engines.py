"""LaTeX for any Unicode text: the standalone document compiles with pdflatex (a box with the
code point for what it lacks, and a warning naming LuaLaTeX) and with LuaLaTeX (the real
glyphs from installed fonts); no fragment holds a command without its argument. pdflatex,
lualatex and pdftotext judge."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import need, run_publist
from publist.render import latex as backend

ATTACK = Path(__file__).resolve().parent / "attack"


def compile_with(engine: str, tex: Path) -> str:
    need(
        bool(shutil.which(engine)),
        f"{engine} is not installed (texlive-latex-base, texlive-luatex)",
    )
    need(bool(shutil.which("pdftotext")), "pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=tex.parent, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
    shown = subprocess.run(
        ["pdftotext", tex.with_suffix(".pdf").name, "-"], cwd=tex.parent, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    return " ".join(shown.stdout.split())


@pytest.fixture
def probes(tmp_path) -> Path:
    shutil.copy(ATTACK / "latex-probes.bib", tmp_path / "library.bib")
    (tmp_path / "publist.toml").write_text('[owner]\nname = "王小明"\n', encoding="utf-8")
    return tmp_path / "library.bib"


def standalone(library: Path, engine_folder: Path):
    tex = engine_folder / "cv.tex"
    engine_folder.mkdir(exist_ok=True)
    done = run_publist("--library", library, "export", "-f", "latex", "--standalone", "-o", tex)
    assert done.returncode == 0, done.stderr
    return tex, done.stderr


def test_pdflatex_builds_any_unicode_and_the_warning_names_lualatex(probes, tmp_path):
    tex, said = standalone(probes, tmp_path / "pdf")
    assert "pdflatex cannot typeset" in said and "build this document with lualatex" in said
    text = compile_with("pdflatex", tex)
    assert "VAE and α ≤ 1" in text and "β" in text  # Greek and math from pdflatex's fonts
    assert "U+738B" in text  # a box naming what pdflatex cannot show


def test_lualatex_builds_the_same_document_with_the_real_glyphs(probes, tmp_path):
    tex, _ = standalone(probes, tmp_path / "lua")
    text = compile_with("lualatex", tex)
    assert "王小明" in text and "김철수" in text and "Лев Толстой" in text
    assert "β-VAE and α ≤ 1" in text and "Nguyễn Văn An" in text
    assert "U+738B" not in text


def test_latin_text_needs_no_warning(cli, library):
    result = cli("-l", library, "export", "-f", "latex", "--standalone")
    assert result.exit_code == 0 and "lualatex" not in result.stderr


@pytest.mark.parametrize(
    "value",
    ["$x^$", "$\\frac$", "$\\sqrt$", "$y_$", "{\\^}", "\\mbox{a \\textbf}", "\\emph", "\\'{}",
     "\\textit\\textbf{z}", "$\\frac{a}$", "{\\v}", "\\u", "\\c", "\\textbf", "\\textsuperscript"],
)  # fmt: skip
def test_no_command_is_left_without_its_argument(value, tmp_path):
    fragment = backend.as_math(backend.sanitize(value))  # as item_text writes a field
    document = (
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\begin{document}\n"
        f"\\emph{{{fragment}}} and \\textbf{{{fragment}}}\n\\end{{document}}\n"
    )
    (tmp_path / "f.tex").write_text(document, encoding="utf-8")
    compile_with("pdflatex", tmp_path / "f.tex")


def test_every_character_pdflatex_is_said_to_know_compiles(tmp_path):
    characters = [
        chr(code) for low, high in backend.PDFLATEX_RANGES for code in range(low, high + 1)
    ] + list(backend.MATH_CHARACTERS_TEXT)
    body = " ".join(characters)
    document = (
        "\\documentclass{article}\n"
        + backend._preamble(sorted(set(body)))
        + "\\begin{document}\n"
        + body
        + "\n\\end{document}\n"
    )
    (tmp_path / "all.tex").write_text(document, encoding="utf-8")
    text = compile_with("pdflatex", tmp_path / "all.tex")
    assert "U+" not in text  # none of them needed a box

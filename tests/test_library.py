"""The public face: a script that uses only `import publist` (no internal modules)."""

import subprocess
import sys

import publist
from conftest import GOLDEN, ROOT


def test_a_script_reads_and_renders_with_the_face_alone(library):
    opened = publist.open_library(library)
    items = opened.publications
    assert len(items) == 18 and all(isinstance(item, publist.Publication) for item in items)
    orca = next(item for item in items if item.key == "yu2022orca")
    assert (orca.year, orca.venue_type, orca.authors[0].display) == (
        2022,
        "conference",
        "Gyeong-In Yu",
    )
    assert opened.render("md") == (GOLDEN / "export_bundled.md").read_text(encoding="utf-8")
    assert opened.render("json").startswith("{")


def test_the_owner_can_be_set_for_a_script(library):
    opened = publist.open_library(library, owner="Byung-Gon Chun")
    assert "**Byung-Gon Chun**" in opened.render("md")


def test_importing_the_face_loads_nothing_heavy():
    """`import publist` is what the command line imports first: it must stay light."""
    script = "import sys, publist; print(sorted(m for m in sys.modules if m.startswith('publist')))"
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT
    )
    assert loaded.stdout.strip() == "['publist', 'publist.version']"

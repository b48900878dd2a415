"""The architecture in one test: who may import what.

Every module has a rank, and every import (lazy ones and those only for type checking
included) points to a lower rank: the module graph is a DAG that only points down. A
package's face (its __init__) ranks above its parts and imports them, never the reverse.
"""

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "publist"

# Lowest first. A new module takes its place here, below everything that uses it.
RANKS = """
patterns errors digests version kinds pieces identifiers bibtex latex people memo house fields splice scanner blocks
revision files sealed cache memo_files bibfile
model inheritance storage links venue_words venues reading toml_values config outputs selection tagging normalize
dedupe.titles dedupe.places dedupe.evidence dedupe.vetoes dedupe.rules dedupe.keep
dedupe.clusters dedupe.values dedupe.merging dedupe.explanations dedupe
citations own_files impact stats chart listing lint formatting setup
render.shorten render.details render.item_pieces render.core render.cited render.parts
render.yaml_text render.markdown render.html render.latex render.plain render.json_format render.bib
render.typst_format render.rendercv render.jsonresume render.csljson render.alfolio render.hugo
render library build
sources.record sources.http sources.base sources.crossref sources.semanticscholar_paper sources.doi
sources.arxiv sources.dblp sources.profiles
sources.works sources.openalex sources.semanticscholar sources.crossref_works
sources.arxiv_versions sources.polite sources
plans.base plans.outcome plans.fetching plans.add plans.profile plans.tag plans.remove
plans.dedupe plans.lookup plans.refresh
plans
cli.version cli.pipes cli.common cli.options
cli.init_command cli.add_command cli.list_command cli.show_command cli.export_command
cli.build_command cli.tag_command cli.remove_command cli.dedupe_command cli.stats_command
cli.check_command cli.fmt_command cli.import_command cli.refresh_command cli.app cli
publist __main__
""".split()
RANK = {name: index for index, name in enumerate(RANKS)}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) or "publist"


def modules() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def is_module(name: str) -> bool:
    path = SOURCE.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def publist_imports(path: Path) -> set[str]:
    """The publist modules a file imports, as RANKS names ('publist' for the package face)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module
            # `from publist.render import html` imports the module render.html
            names = [
                f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}"[8:]) else base
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            if name == "publist":
                found.add("publist")
            elif name.startswith("publist."):
                found.add(name.removeprefix("publist."))
    return found


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_every_module_has_a_rank():
    missing = [module_name(path) for path in modules() if module_name(path) not in RANK]
    assert not missing, f"give these a place in RANKS: {missing}"


def test_every_import_points_down():
    upward = []
    for path in modules():
        name = module_name(path)
        for target in publist_imports(path):
            if RANK.get(target, -1) >= RANK[name]:
                upward.append(f"{name} imports {target}")
    assert not upward, upward


def test_the_rank_table_catches_an_upward_import(tmp_path):
    """The check itself: a lazy import of a higher module is caught."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from publist import cli\n    from publist.render import html\n")
    assert publist_imports(probe) == {"cli", "render.html"}
    assert RANK["cli"] > RANK["model"] and RANK["render.html"] > RANK["render.core"]


def test_no_module_is_a_god_module():
    big = {
        module_name(path): count
        for path in modules()
        if (count := len(path.read_text().splitlines())) > 420
    }
    assert not big, f"split these along their seams: {big}"


def test_only_cli_uses_typer_and_rich():
    for path in modules():
        if "cli" in path.relative_to(SOURCE).parts:
            continue
        assert not imports(path) & {"typer", "rich", "click"}, path


def test_only_sources_use_requests():
    for path in modules():
        if "sources" in path.relative_to(SOURCE).parts:
            continue
        assert "requests" not in imports(path), path


def test_nobody_imports_click_directly():
    for path in modules():
        assert "click" not in imports(path), path


def test_library_never_prints():
    for path in modules():
        if "cli" in path.relative_to(SOURCE).parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print":
                raise AssertionError(f"print() in {path}:{node.lineno}")


WRITES = {"write_text", "write_bytes", "replace", "mkstemp", "fdopen", "unlink", "rename"}


def writes(path: Path) -> list[int]:
    """Lines that call open(), or a method that writes, renames or removes a file."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id == "open":
            lines.append(node.lineno)
        elif isinstance(function, ast.Attribute) and function.attr in WRITES:
            owner = function.value
            if function.attr == "replace" and not (
                isinstance(owner, ast.Name) and owner.id == "os"
            ):
                continue  # str.replace
            lines.append(node.lineno)
    return lines


def test_only_files_and_the_cache_touch_the_disk():
    """files.py writes; cache.py only removes the files it pruned (sealed.py a key cut short)."""
    for path in modules():
        if path.name == "files.py":
            continue
        found = writes(path)
        if path.name in ("cache.py", "sealed.py"):
            text = path.read_text().splitlines()
            found = [line for line in found if ".unlink()" not in text[line - 1]]
        assert not found, f"{path} writes at lines {found}"

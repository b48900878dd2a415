"""The architecture in one test: who may import what."""

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "publist"


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules():
    return [path for path in SOURCE.rglob("*.py")]


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


def test_only_bibfile_opens_files_for_writing():
    for path in modules():
        if path.name == "bibfile.py":
            continue
        text = path.read_text()
        for needle in ("write_text(", "write_bytes(", "open(", "os.replace("):
            assert needle not in text, f"{needle} in {path}"

"""Shared fixtures: the bundled library, ../shared, golden files, and CLI runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = Path(os.environ.get("PUBLIST_SHARED", ROOT.parent / "shared"))
# In CI nothing may be skipped for a missing tool or corpus: a skip there hides a broken set-up.
STRICT = bool(os.environ.get("CI"))
# Tests never leave parsed libraries in the user's ~/.cache (tests of the cache pass a folder).
os.environ["PUBLIST_CACHE_DIR"] = "off"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files.")


def need(condition: bool, reason: str) -> None:
    """Skip when something outside the repo is missing; fail instead in CI."""
    if not condition:
        if STRICT:
            pytest.fail(f"CI must have this: {reason}")
        pytest.skip(reason)


@pytest.fixture
def shared() -> Path:
    need(SHARED.is_dir(), f"../shared is absent ({SHARED}); the corpus tests run in CI")
    return SHARED


@pytest.fixture
def corpus(shared) -> Path:
    return shared / "corpus"


@pytest.fixture
def library(tmp_path) -> Path:
    """A copy of the bundled library and its publist.toml in a temporary folder."""
    for name in ("library.bib", "publist.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path / "library.bib"


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update and STRICT:
                pytest.fail(f"golden file {name} is missing")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
        # read_text(newline=...) is Python 3.13+; decoding the bytes keeps line endings too
        assert text == path.read_bytes().decode("utf-8"), f"differs from golden {name}"

    return check


# A client that gives up fast and never sleeps between tries.
FAST_POLICY = dict(connect_timeout=1.0, read_timeout=1.0, attempts=2, backoff=0.01)


@pytest.fixture
def server():
    """A loopback server replaying recorded answers (tests/httpserver.py); a module adds its
    routes in a fixture of the same name, or a test adds them itself."""
    from httpserver import Server

    with Server() as running:
        yield running


@pytest.fixture
def client():
    from publist.sources.http import Client, Policy

    return Client(policy=Policy(**FAST_POLICY), sleep=lambda seconds: None)


def add_attention_records(server) -> None:
    """arXiv 1706.03762 ("Attention Is All You Need") and its NeurIPS record at DBLP."""
    server.add_file(
        "/export.arxiv.org/api/query", "arxiv_1706.03762.xml", query={"id_list": "1706.03762"}
    )
    server.add_file(
        "/dblp.org/rec/conf/nips/VaswaniSPUJGKP17.bib", "dblp_conf_nips_VaswaniSPUJGKP17.bib"
    )


@pytest.fixture
def cli():
    """Run the typer app in-process; returns click's Result (stdout, stderr, exit_code)."""
    from typer.testing import CliRunner

    from publist.cli.app import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(
            app, [str(a) for a in args], input=input, env=env, catch_exceptions=False
        )

    return run


def run_publist(
    *args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None
):
    """Run the installed `publist` command as a user would."""
    exe = shutil.which("publist")
    command = [exe] if exe else [sys.executable, "-m", "publist"]
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PUBLIST_LIBRARY", None) if env is None or "PUBLIST_LIBRARY" not in env else None
    return subprocess.run(
        [*command, *map(str, args)],
        cwd=cwd,
        env=full_env,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
    )

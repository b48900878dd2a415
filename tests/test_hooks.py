"""The pre-commit hooks, run by the real pre-commit in a temporary git repository (offline:
the hook environment is made from the packages already installed), and the GitHub
composite action's steps, run as its shell scripts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, need

OUTPUT = '\n[[build.outputs]]\nformat = "md"\npath = "publications.md"\n'


def git(folder: Path, *args: str) -> str:
    run = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=folder, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return run.stdout


def site_repository(cli, folder: Path) -> Path:
    """A repository that keeps a library, its publist.toml and one built output."""
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    shutil.copy(ROOT / "library.bib", folder / "library.bib")
    (folder / "publist.toml").write_text((ROOT / "publist.toml").read_text() + OUTPUT)
    assert cli("-l", folder / "library.bib", "build").exit_code == 0
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "publications")
    return folder


def hook_repository(folder: Path) -> str:
    """This checkout's hooks and code as a repository pre-commit can clone; its commit."""
    folder.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "src", folder / "src", ignore=shutil.ignore_patterns("__pycache__"))
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "publist")
    return git(folder, "rev-parse", "HEAD").strip()


def test_the_hooks_file_declares_the_check_hooks():
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    assert {"publist-check", "publist-fmt", "publist-fmt-check", "publist-build-check"} <= set(
        hooks
    )
    assert "fmt --check" in hooks["publist-fmt-check"]["entry"]
    assert "build --check" in hooks["publist-build-check"]["entry"]
    assert hooks["publist-build-check"]["pass_filenames"] is False


def test_pre_commit_runs_the_fmt_and_build_checks(cli, tmp_path):
    need(bool(shutil.which("pre-commit")), "pre-commit is not installed (pip install -e '.[test]')")
    need(bool(shutil.which("git")), "git is not installed")
    revision = hook_repository(tmp_path / "publist")
    site = site_repository(cli, tmp_path / "site")
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {tmp_path / 'publist'}\n    rev: {revision}\n    hooks:\n"
        "      - id: publist-fmt-check\n      - id: publist-build-check\n"
    )
    git(site, "add", ".pre-commit-config.yaml")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        # Offline: the hook's virtualenv sees the packages installed here, pip asks no index.
        "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1",
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip reads this as "no build isolation"
    }

    def pre_commit() -> subprocess.CompletedProcess:
        return subprocess.run(["pre-commit", "run", "--all-files", "--color", "never"],
                              cwd=site, env=env, capture_output=True, text=True, timeout=600)  # fmt: skip

    clean = pre_commit()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    library = site / "library.bib"
    text = library.read_text(encoding="utf-8")
    library.write_text(text.replace("Orca: A Distributed", "Orca: The Distributed"), "utf-8")
    stale = pre_commit()
    assert stale.returncode == 1
    assert "publist build --check" in stale.stdout and "publications.md" in stale.stdout
    assert "publist fmt --check" in stale.stdout.split("publist build --check")[0]
    library.write_text(library.read_text().replace("  year      = {2022},", "  year = 2022,", 1))
    unformatted = pre_commit()
    assert unformatted.returncode == 1 and "+  year      = {2022}," in unformatted.stdout
    assert cli("-l", library, "fmt").exit_code == 0
    assert cli("-l", library, "build").exit_code == 0
    fixed = pre_commit()
    assert fixed.returncode == 0, fixed.stdout


def action_steps() -> list[dict]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    return action["runs"]["steps"]


def run_step(step: dict, folder: Path, inputs: dict[str, str]) -> subprocess.CompletedProcess:
    """A composite step's script as the runner runs it: its env, with inputs filled in."""
    env = dict(os.environ)
    for name, value in step.get("env", {}).items():
        for key, given in inputs.items():
            value = value.replace(f"${{{{ inputs.{key} }}}}", given)
        env[name] = value
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_the_action_checks_and_in_commit_mode_commits_the_outputs(cli, tmp_path):
    need(bool(shutil.which("git")), "git is not installed")
    steps = [step for step in action_steps() if "run" in step and "publist " in step["run"]]
    assert [step["name"] for step in steps] == [
        "publist check", "publist fmt --check", "publist build",
    ]  # fmt: skip
    site = site_repository(cli, tmp_path / "site")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(site, "remote", "add", "origin", str(remote))
    git(site, "push", "-q", "origin", "HEAD:refs/heads/main")
    git(site, "branch", "-q", "--set-upstream-to=origin/main")
    inputs = {"library": "library.bib", "mode": "check", "commit-message": "Rebuild"}
    for step in steps:
        result = run_step(step, site, inputs)
        assert result.returncode == 0, result.stdout + result.stderr
    library = site / "library.bib"
    library.write_text(library.read_text().replace("Orca: A Distributed", "Orca: The Distributed"))
    git(site, "commit", "-q", "-am", "a new title")
    failed = run_step(steps[2], site, inputs)
    assert failed.returncode == 3 and "publications.md" in failed.stdout
    committed = run_step(steps[2], site, {**inputs, "mode": "commit"})
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert git(site, "log", "-1", "--format=%s").strip() == "Rebuild"
    assert git(site, "show", "--name-only", "--format=", "HEAD").split() == ["publications.md"]
    assert git(site, "status", "--porcelain") == ""
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Rebuild"
    again = run_step(steps[2], site, {**inputs, "mode": "commit"})
    assert again.returncode == 0 and "up to date" in again.stdout
    wrong = run_step(steps[2], site, {**inputs, "mode": "deploy"})
    assert wrong.returncode == 2 and "mode must be check or commit" in wrong.stdout


@pytest.mark.parametrize("name", ["library", "mode", "python-version", "commit-message"])
def test_every_action_input_is_documented_in_the_readme(name):
    assert f"`{name}`" in (ROOT / "README.md").read_text()

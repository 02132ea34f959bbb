"""The authors' CI examples and pre-commit hooks (docs/authors/getting-started.md,
.pre-commit-hooks.yaml): their YAML parses, and the commands they run work, in a real git
repository made with `policypress init`, giving the semantic diff of an edited policy and of a
new version. `gh` and `curl`, which would post the comment, are stand-ins that keep the body."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from policypress.cli import main

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "authors" / "getting-started.md"
BIN = Path(sys.executable).parent


def yaml_block_after(heading: str) -> Any:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split(f"### {heading}\n", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block, heading
    return yaml.safe_load(block.group(1))


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env.update({"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone of a policies repository whose branch edits a policy and starts its next version."""
    upstream = tmp_path / "upstream"
    assert main(["init", str(upstream)]) == 0
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "policies")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    policy = clone / "policies" / "example" / "1" / "en.yaml"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("only to answer you", "to answer you"), "utf-8"
    )
    assert main(["new-version", str(policy)]) == 0
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "change")
    # Meanwhile the base branch moves on: a change merged there must not show as the branch's.
    upstream_policy = upstream / "policies" / "example" / "1" / "en.yaml"
    upstream_policy.write_text(
        upstream_policy.read_text(encoding="utf-8").replace(
            "with any question.", "with any question at all."
        ),
        "utf-8",
    )
    git(upstream, "commit", "-q", "-am", "merged elsewhere")
    git(clone, "fetch", "-q")
    stand_ins = tmp_path / "bin"
    stand_ins.mkdir()
    for name in ("gh", "curl"):  # they would post the comment: keep what they were given instead
        script = stand_ins / name
        script.write_text(f'#!/bin/sh\necho "$@" > "{tmp_path}/{name}.args"\n', encoding="utf-8")
        script.chmod(0o755)
    return clone


def run_script(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    path = f"{cwd.parent / 'bin'}:{BIN}:/usr/bin:/bin"
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": path, **env},
    )


def assert_diff_of_both_files(report: str, base: str = "main") -> None:
    sections = dict(re.findall(r"^### `([^`]+)`\n\n(.*?)(?=^### `|\Z)", report, re.M | re.S))
    assert sorted(sections) == ["policies/example/1/en.yaml", "policies/example/2/en.yaml"]
    edited, new_version = sections["policies/example/1/en.yaml"], sections["policies/example/2/en.yaml"]
    # The edited policy against its text where the branch began: the branch's edit only, not
    # the base branch's later change undone.
    assert edited.startswith(f"Compared with its text on {base}.\n")
    assert "<del>only </del>" in edited and "at all" not in edited
    # The new version against the one it supersedes, in the branch.
    assert new_version.startswith("Compared with `policies/example/1/en.yaml`, the version it supersedes.\n")
    assert "at all" not in new_version


def test_the_github_actions_example(pull_request: Path, tmp_path: Path) -> None:
    workflow = yaml_block_after("GitHub Actions")
    steps = workflow["jobs"]["validate"]["steps"]
    commands = [step["run"] for step in steps if "run" in step]
    assert commands[:3] == [
        "pip install policypress",
        "policypress validate --strict",
        "policypress fmt --check",
    ]
    for command in commands[1:3]:
        result = run_script(command, pull_request, {})
        assert result.returncode == (1 if "--strict" in command else 0), result.stderr  # the draft has TODOs
    env = {"GITHUB_BASE_REF": "main", "RUNNER_TEMP": str(tmp_path)}
    result = run_script(
        commands[3].replace("${{ github.event.pull_request.number }}", "7"), pull_request, env
    )
    assert result.returncode == 0, result.stderr
    assert_diff_of_both_files((tmp_path / "diff.md").read_text(encoding="utf-8"))
    assert (tmp_path / "gh.args").read_text(encoding="utf-8").startswith("pr comment 7 --body-file")


def test_the_gitlab_ci_example(pull_request: Path, tmp_path: Path) -> None:
    job = yaml_block_after("GitLab CI")["policies"]
    script = job["script"]
    assert script[:3] == [
        "pip install policypress",
        "policypress validate --strict",
        "policypress fmt --check",
    ]
    env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_API_V4_URL": "https://gitlab.example/api/v4"}
    env.update({"CI_PROJECT_ID": "1", "CI_MERGE_REQUEST_IID": "7", "POLICYPRESS_NOTE_TOKEN": "x"})
    for command in script[3:]:
        result = run_script(command, pull_request, env)
        assert result.returncode == 0, result.stderr
    assert_diff_of_both_files((pull_request / "diff.md").read_text(encoding="utf-8"))
    assert "merge_requests/7/notes" in (tmp_path / "curl.args").read_text(encoding="utf-8")


def test_the_pre_commit_hooks_run_in_a_new_site(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["policypress-validate", "policypress-fmt"]
    assert main(["init", str(tmp_path / "site")]) == 0
    for hook in hooks:
        assert {"id", "name", "entry", "language", "files"} <= set(hook) and hook["language"] == "python"
        assert re.search(hook["files"], "policies/example/1/en.yaml")
        result = run_script(hook["entry"], tmp_path / "site", {})
        assert result.returncode == 0, result.stderr

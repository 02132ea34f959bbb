"""`policypress preview FILE`: one policy, every version and language, served with the site's theme."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from policypress.cli import main
from policypress.plugin.preview import PreviewError, policy_folder

from .nginx import free_port
from .sites import EPOCH, POLICY_DRAFT, POLICY_EN, POLICY_ZH, next_version, write_site

POLICIES = {
    "example/1/en.yaml": POLICY_EN,
    # A draft with a value left TODO: a warning (PP350), which a strict site counts once published.
    "example/2/en.yaml": next_version(POLICY_EN, "2", effective="2024-03-01")
    .replace("status: published", "status: draft")
    .replace("    title: Introduction", '    title: "TODO: a heading"'),
    "shili/1/zh-CN.yaml": POLICY_ZH,
    "draft-policy/1/en.yaml": POLICY_DRAFT,
}


def test_the_policy_of_a_file_or_a_folder(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", POLICIES) / "mkdocs.yml"
    policies = tmp_path / "site" / "policies"
    assert policy_folder(policies / "example/1/en.yaml", Path("policies"), site) == (policies, "example")
    assert policy_folder(policies / "example", Path("policies"), site) == (policies, "example")
    # Outside the site's policies folder: <policies>/<policy>/<version>/<language>.yaml.
    elsewhere = tmp_path / "drafts" / "mine" / "1" / "en.yaml"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_text(POLICY_EN, encoding="utf-8")
    assert policy_folder(elsewhere, Path("policies"), site) == (tmp_path / "drafts", "mine")
    with pytest.raises(PreviewError, match="no such file"):
        policy_folder(tmp_path / "nothing.yaml", Path("policies"), site)
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(PreviewError, match="not a policy file"):
        policy_folder(tmp_path / "notes.txt", Path("policies"), site)


def test_a_missing_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", str(tmp_path / "nothing.yaml")]) == 2
    assert "policypress: no such file or folder: " in capsys.readouterr().err


def test_preview_serves_the_policy_alone_with_its_drafts(tmp_path: Path) -> None:
    """Every version of the policy (the draft too, though the site is strict and the draft has a
    warning) is served, with the site's theme; no other policy, none of the site's own pages. The
    addresses it prints lead to the policy's pages."""
    root = write_site(tmp_path / "site", POLICIES, config={"theme": {"language": "de"}, "strict": True})
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "policypress.cli",
        "preview",
        "policies/example/1/en.yaml",
        "--dev-addr",
        f"127.0.0.1:{port}",
        "--date",
        "2024-06-01",
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    server = subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in server.stderr or ()], daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        while not any("Serving on " in line for line in seen):
            seen.append(lines.get(timeout=300))
        base = f"http://127.0.0.1:{port}/"
        assert f"  en: {base}policies/example/en/\n" in seen

        def status(path: str) -> int:
            try:
                with urllib.request.urlopen(base + path, timeout=60) as response:
                    return int(response.status)
            except urllib.error.HTTPError as error:
                error.close()
                return error.code

        with urllib.request.urlopen(base + "policies/example/en/", timeout=60) as response:
            page = response.read().decode("utf-8")
        assert 'lang="en"' in page and "md-header" in page  # mkdocs-material, the site's theme
        with urllib.request.urlopen(base + "policies/example/2/en/", timeout=60) as response:
            assert "TODO: a heading" in response.read().decode("utf-8")  # the draft version
        assert any(" PP350 " in line for line in seen)  # its warning is shown
        assert status("policies/shili/zh-CN/") == 404  # other policies are not built
        assert status("policies/draft-policy/en/") == 404
        assert status("index.html") == 404  # nor the site's own pages
        with urllib.request.urlopen(base + "policies/", timeout=60) as response:
            index = response.read().decode("utf-8")
        assert re.findall(r'href="([a-z-]+)/en/"', index) == ["example"]
    finally:
        server.terminate()
        server.wait(timeout=60)
        reader.join(timeout=60)
        if server.stderr is not None:
            server.stderr.close()

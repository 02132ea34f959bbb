"""The project's own site builds strictly, publishes every seed policy and loads nothing from other hosts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_site_builds_strictly_without_third_party_requests(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    # The plugin validates and publishes the policies of policies/, against the schemas of schema/.
    for folder in ("docs", "policies", "schema"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
    )
    assert run.returncode == 0, run.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
        loads = [u for u in external if re.search(r"<(?:script|link)[^>]+" + re.escape(u), html)]
        assert loads == [], f"{page.name} loads {loads}"
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html

    # Every policy in every language (policies/<policy>/<version>/<language>.yaml) has its page and is listed.
    seeds = {(path.parts[-3], path.stem) for path in (ROOT / "policies").glob("*/*/*.yaml")}
    assert seeds
    missing = [
        f"policies/{policy}/{language}/index.html"
        for policy, language in sorted(seeds)
        if not (tmp_path / "site" / "policies" / policy / language / "index.html").is_file()
    ]
    assert missing == []
    catalog = json.loads((tmp_path / "site" / "api" / "v1" / "index.json").read_bytes())
    assert {entry["policy"] for entry in catalog["policies"]} == {policy for policy, _ in seeds}
    listed = {(entry["policy"], e["language"]) for entry in catalog["policies"] for e in entry["editions"]}
    assert listed == seeds

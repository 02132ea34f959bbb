"""The project's own site builds strictly, publishes every seed policy and loads nothing from other hosts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .sites import build_project_site

ROOT = Path(__file__).resolve().parents[1]


def test_the_site_builds_strictly_without_third_party_requests(tmp_path: Path) -> None:
    # The plugin validates and publishes the policies of policies/, against the schemas of schema/
    # (build_project_site fails the test if the strict build does).
    site = build_project_site(tmp_path, ROOT / "policies")
    pages = list(site.rglob("*.html"))
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
        if not (site / "policies" / policy / language / "index.html").is_file()
    ]
    assert missing == []
    catalog = json.loads((site / "api" / "v1" / "index.json").read_bytes())
    assert {entry["policy"] for entry in catalog["policies"]} == {policy for policy, _ in seeds}
    listed = {(entry["policy"], e["language"]) for entry in catalog["policies"] for e in entry["editions"]}
    assert listed == seeds

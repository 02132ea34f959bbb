"""Write the term lists under plugins/policypress/vocabularies/ from their sources, once.

The lists are committed, never downloaded when a site is built. Run this by hand to refresh
them, with checkouts of the sources' repositories (git directories; the commit read is
recorded in each list):

    python tools/refresh_vocabularies.py --dpv DPV_GIT --fideslang FIDESLANG_GIT \
        --play-template FASTLANE_PLUGIN_GIT

- W3C DPV (https://github.com/w3c/dpv): the release folder's CSV files — personal data
  categories (dpv's personal_data module and the pd extension) and purposes (dpv's purposes
  module), classes only, as `dpv:Term` and `pd:Term`.
- fideslang (https://github.com/ethyca/fideslang): data_files/data_categories.json and
  data_uses.json, the keys that are not deprecated.
- Google Play's Data safety import layout: Google publishes it only as a template that Play
  Console downloads for a signed-in developer. The layout is read from the template that the
  fastlane plugin google_data_safety (MIT) ships, and the script checks that the compact form
  written here gives back every one of its rows. CMU's privacy label tool (Coconut,
  org.intellij.privacyHelper) lists the same question, response and purpose ids.
- Apple's privacy manifest keys are not read by this script: apple.json was written from
  Apple's documentation (see its `source` and `note`).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from policypress.platforms import expand_play_layout

OUT = Path(__file__).resolve().parents[1] / "plugins" / "policypress" / "vocabularies"
DPV_RELEASE = "2.3"
RETRIEVED = "2026-12-07"
FASTLANE_TEMPLATE = "lib/fastlane/plugin/google_data_safety/helper/prompt_create_data_safety_csv_helper.rb"


def git_show(repo: Path, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"HEAD:{path}"], check=True, capture_output=True, text=True
    ).stdout


def git_head(repo: Path) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()


def dpv_classes(repo: Path, path: str, prefix: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(git_show(repo, path)))
    return {f"{prefix}:{row['term']}": row["label"] for row in rows if row["type"] == "class"}


def dpv(repo: Path) -> dict[str, Any]:
    commit = git_head(repo)
    data = {
        **dpv_classes(repo, f"{DPV_RELEASE}/dpv/modules/personal_data.csv", "dpv"),
        **dpv_classes(repo, f"{DPV_RELEASE}/pd/pd.csv", "pd"),
    }
    purposes = dpv_classes(repo, f"{DPV_RELEASE}/dpv/modules/purposes.csv", "dpv")
    return {
        "vocabulary": "dpv",
        "title": "W3C Data Privacy Vocabulary (DPV) and its Personal Data (PD) extension",
        "short": f"DPV {DPV_RELEASE}",
        "version": DPV_RELEASE,
        "url": f"https://w3id.org/dpv/{DPV_RELEASE}",
        "source": f"https://github.com/w3c/dpv/tree/{commit}/{DPV_RELEASE}",
        "retrieved": RETRIEVED,
        "licence": "W3C Software and Document License (2023)",
        "licence_url": "https://www.w3.org/copyright/software-license-2023/",
        "note": (
            "Classes of dpv/modules/personal_data.csv and pd/pd.csv (personal data categories) and of "
            "dpv/modules/purposes.csv (purposes), DPV 2.3, Final Community Group Report of 25 February "
            "2026. Copyright © 2026 World Wide Web Consortium. This list includes material copied from "
            "or derived from the Data Privacy Vocabulary (https://w3id.org/dpv/2.3)."
        ),
        "lists": {"data": dict(sorted(data.items())), "purposes": dict(sorted(purposes.items()))},
    }


def fideslang(repo: Path) -> dict[str, Any]:
    commit = git_head(repo)
    tag = subprocess.run(
        ["git", "--git-dir", str(repo), "describe", "--tags", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

    def keys(path: str, member: str) -> dict[str, str]:
        items = json.loads(git_show(repo, path))[member]
        return {item["fides_key"]: item["name"] for item in items if item.get("version_deprecated") is None}

    return {
        "vocabulary": "fideslang",
        "title": "Fideslang, Ethyca's privacy taxonomy",
        "short": f"fideslang {tag}",
        "version": tag,
        "url": "https://ethyca.github.io/fideslang/",
        "source": f"https://github.com/ethyca/fideslang/tree/{commit}/data_files",
        "retrieved": RETRIEVED,
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "note": (
            "Keys and names of data_files/data_categories.json (data categories) and data_uses.json "
            "(purposes), without deprecated ones. Fideslang © Ethyca, Inc., licensed under CC BY 4.0; "
            "copied unchanged apart from leaving out descriptions and metadata."
        ),
        "lists": {
            "data": dict(sorted(keys("data_files/data_categories.json", "data_category").items())),
            "purposes": dict(sorted(keys("data_files/data_uses.json", "data_use").items())),
        },
    }


def play(repo: Path) -> dict[str, Any]:
    commit = git_head(repo)
    text = git_show(repo, FASTLANE_TEMPLATE)
    found = re.search(r"doubleArrTemplate = (\[\[.*?\]\])\n", text, re.S)
    assert found, "the template is no longer where it was"
    rows: list[list[str | None]] = json.loads(found.group(1).replace("nil", "null"))
    header, body = rows[0], rows[1:]
    usage_prefix = "PSL_DATA_USAGE_RESPONSES:"
    general = [
        [r[0], r[1], r[3], r[4]] for r in body if not str(r[0]).startswith(("PSL_DATA_TYPES", usage_prefix))
    ]
    types = [[r[0], r[1], r[4]] for r in body if str(r[0]).startswith("PSL_DATA_TYPES")]
    first = str(types[0][1])
    first_name = str(types[0][2]).split(" / ", 1)[1]
    usage = []
    for r in body:
        if str(r[0]).startswith(f"{usage_prefix}{first}:"):
            tail = str(r[4]).removeprefix(f"Data usage and handling ({first_name}) / ")
            usage.append([str(r[0]).removeprefix(f"{usage_prefix}{first}:"), r[1], r[3], tail])
    layout = {"header": header, "general": general, "data_types": types, "usage": usage}
    assert expand_play_layout(layout) == [[c if c is not None else "" for c in r] for r in rows], (
        "the compact layout differs"
    )
    purposes = {
        str(r[1]): str(r[3]).rsplit(" / ", 1)[1] for r in usage if r[0] == "DATA_USAGE_COLLECTION_PURPOSE"
    }
    return {
        "vocabulary": "play",
        "title": "Google Play Data safety form: data types and purposes",
        "short": "Google Play's Data safety form",
        "version": "Play Console Data safety import template, as of 2024-12",
        "url": "https://support.google.com/googleplay/android-developer/answer/10787469",
        "source": (
            "Google Play Console's Data safety CSV template, as shipped in "
            f"https://github.com/owenbean400/fastlane-plugin-google_data_safety/blob/{commit}/{FASTLANE_TEMPLATE}"
        ),
        "retrieved": RETRIEVED,
        "licence": "Factual names of Google's form (ids and labels); the template's copy is MIT-licensed",
        "licence_url": "https://github.com/owenbean400/fastlane-plugin-google_data_safety/blob/main/LICENSE",
        "note": (
            "Google documents the form's questions in words (the url) but publishes the import layout only "
            "as a template Play Console downloads; its ids were read from the fastlane plugin's copy of the "
            "template and agree with those of CMU's privacy label tool (Coconut)."
        ),
        "lists": {
            "data": {str(r[1]): str(r[2]) for r in types},
            "purposes": purposes,
        },
        "layout": layout,
    }


def write(name: str, content: dict[str, Any]) -> None:
    (OUT / f"{name}.json").write_text(
        json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpv", type=Path, required=True)
    parser.add_argument("--fideslang", type=Path, required=True)
    parser.add_argument("--play-template", type=Path, required=True)
    args = parser.parse_args()
    write("dpv", dpv(args.dpv))
    write("fideslang", fideslang(args.fideslang))
    write("play", play(args.play_template))


if __name__ == "__main__":
    main()

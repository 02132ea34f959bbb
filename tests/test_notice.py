"""The short notice of an edition (policypress.api.notice): the page's key points as plain text,
labelled in the edition's language, within about 2 KB, saying nothing the policy does not."""

from __future__ import annotations

import copy
import json
from typing import Any

from policypress.api import schemas as api_schemas
from policypress.api.jsonfile import dumps
from policypress.api.notice import MIN_ITEMS, NOTICE_BUDGET, build_notice, key_points

from .test_publish import seed_editions, seed_site_files


def data(policy: str, language: str = "en", version: str = "1") -> dict[str, Any]:
    edition = next(e for e in seed_editions() if e.key == (policy, version, language))
    return copy.deepcopy(edition.data)


def points(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["key"]: p for p in key_points(document)}


def test_every_notice_is_published_small_and_valid() -> None:
    files = seed_site_files()
    notices = {path: content for path, content in files.items() if path.endswith(".notice.json")}
    manifests = [p for p in files if p.endswith(".json") and "/latest/" not in p and p.count("/") == 5]
    assert (
        len(notices)
        == len([p for p in manifests if not p.endswith((".notice.json", ".lists.json"))])
        == len(seed_editions())
    )
    for path, content in notices.items():
        assert len(content) <= NOTICE_BUDGET, path
        notice = json.loads(content)
        assert api_schemas.problems(api_schemas.NOTICE, notice) == []
        manifest = json.loads(files[path.replace(".notice.json", ".json")])
        assert notice["digest"] == manifest["digest"]  # the full text's digest, to store with consent
        assert (notice["policy"], notice["version"], notice["language"]) == (
            manifest["policy"],
            manifest["version"],
            manifest["language"],
        )


def test_labels_are_in_the_edition_s_language() -> None:
    english, chinese = (
        points(data("example-telecom", "en", "3")),
        points(data("example-telecom", "zh-CN", "3")),
    )
    assert english["rights"]["label"] == "Your rights" and chinese["rights"]["label"] == "您的权利"
    # One right of the policy may cover several kinds (access and a copy): each kind once.
    assert english["rights"]["items"][:4] == ["access", "copy", "correction", "deletion"]
    assert chinese["rights"]["items"][:4] == ["查阅", "复制", "更正", "删除"]
    assert english["storage"]["items"] == ["Germany"] and chinese["storage"]["items"] == ["德国"]
    assert english["retention"]["items"][0] == "Traffic data: 6 months"
    assert chinese["retention"]["items"][0].endswith("6个月")
    assert english["rights"]["note"].startswith("answered within 1 month")


def test_sensitive_data_is_marked_and_a_point_without_structure_is_left_out() -> None:
    zte = data("zte")
    zte["data_categories"].insert(0, zte["data_categories"].pop())  # the sensitive one among the first
    listed = points(zte)["data"]["items"]
    assert listed[0] == "Bank card or other sensitive payment information (sensitive)"
    assert "Account information" in listed
    ntt = points(data("ntt-com-china"))
    assert "retention" not in ntt and "transfers" not in ntt
    unnamed = points(data("unnamed-operator"))["controller"]["items"][0]
    assert unnamed == "the text does not name the company (listed here as “Unnamed operator”)"


def test_a_long_policy_is_cut_to_the_budget_and_says_how_much_more_there_is() -> None:
    long = data("example-telecom", "en", "3")
    for n in range(40):
        long["purposes"].append(
            {**long["purposes"][0], "id": f"extra-{n}", "label": f"An extra purpose number {n}"}
        )
    notice = build_notice(long, schema_url="s", digest="sha256:" + "0" * 64, manifest="m", page="p")
    assert len(dumps(notice)) <= NOTICE_BUDGET
    purposes = next(p for p in notice["points"] if p["key"] == "purposes")
    assert len(purposes["items"]) >= MIN_ITEMS
    assert len(purposes["items"]) + purposes["more"] == len(long["purposes"])
    assert purposes["items"] == [p["label"] for p in long["purposes"]][: len(purposes["items"])]
    short = build_notice(
        data("ntt-com-china"), schema_url="s", digest="sha256:" + "0" * 64, manifest="m", page="p"
    )
    assert not any("more" in p for p in short["points"])


def test_policy_text_stays_as_written() -> None:
    """Plain text, not Markdown: nothing is escaped (apps escape it where they put it)."""
    hostile = data("example-telecom", "en", "3")
    hostile["data_categories"][0]["label"] = "<b>Account</b> *data* & [more](javascript:x)"
    assert points(hostile)["data"]["items"][0] == "<b>Account</b> *data* & [more](javascript:x)"

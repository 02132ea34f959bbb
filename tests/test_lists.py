"""China's two lists: which editions get them, what they hold, as pages, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from policypress.api import schemas as api_schemas
from policypress.compliance.lists import COLLECTED, COVERAGE, SHARED, extra_outputs, list_csv
from policypress.publish import Edition, Publisher, SiteOptions
from policypress.render.labels import labels_for
from policypress.yamlload import load_text
from tests.sites import POLICY_EN, POLICY_ZH, build, write_site

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "site" / "policies"  # copies of the seeds

ITEMS = """\
data_items:
  - id: phone
    name: 手机号码
    category: contact-info
    scenario: 注册账号时
    frequency: 一次
    purposes: [support]
    required: true
  - id: formula
    name: "=HYPERLINK(\\"http://evil.example\\")"
"""

RECIPIENTS = """\
sharing:
  recipients:
    - id: sdk-vendor
      activities: [entrusted-processing]
      name: 示例推送 SDK 公司
      purposes: [support]
      data: [contact-info]
      method: sdk
      sdk: 示例推送 SDK
      contact: sdk@example.cn
      privacy_policy: https://sdk.example.cn/privacy
    - id: buyer
      activities: [transfer]
      kind: 合并后的公司
"""

NO_SHARING = """\
negations:
  - id: no-sharing
    practice: share
    text: 我们不会与任何第三方共享您的个人信息。
"""


def data_of(text: str) -> dict[str, Any]:
    return dict(load_text(text, "policies/shili/1/zh-CN.yaml").data)


def with_shows(text: str, *parts: str) -> str:
    return text.replace(
        "shows: [controller, data_categories, purposes]",
        f"shows: [controller, data_categories, purposes, {', '.join(parts)}]",
    )


def test_which_editions_get_which_lists() -> None:
    assert extra_outputs(data_of(POLICY_ZH)) == ()  # states no items and no recipients
    assert extra_outputs(data_of(POLICY_ZH + ITEMS)) == (COLLECTED,)
    assert extra_outputs(data_of(POLICY_ZH + RECIPIENTS)) == (SHARED,)
    assert extra_outputs(data_of(POLICY_ZH + NO_SHARING)) == (SHARED,)
    english = POLICY_EN + ITEMS
    assert extra_outputs(data_of(english)) == ()  # in English, without the pipl pack
    declared = english.replace("controller:\n", "requirement_packs: [pipl]\ncontroller:\n")
    assert extra_outputs(data_of(declared)) == (COVERAGE, COLLECTED)


def rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel reads Chinese right with the BOM
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_collected_list_as_csv_says_only_what_the_policy_states() -> None:
    table = rows(list_csv(data_of(POLICY_ZH + ITEMS), COLLECTED))
    t = labels_for("zh-CN")
    keys = ("h_item", "h_category", "h_examples", "h_scenario", "h_frequency", "h_purposes", "h_required")
    assert table[0] == [str(getattr(t, key)) for key in keys]
    assert table[1][0] == "手机号码" and "注册账号时" in table[1] and "一次" in table[1]
    assert table[1][1] == "联系信息" and table[1][5] == "回答问题"
    assert table[2][0].startswith("'=HYPERLINK")  # never a formula in a spreadsheet
    assert table[2][1:] == ["", "", "", "", "", ""]  # nothing the policy does not state


def test_the_shared_list_lists_sharing_and_entrusted_processing_only() -> None:
    table = rows(list_csv(data_of(POLICY_ZH + RECIPIENTS), SHARED))
    assert len(table) == 2  # the merger's buyer is a transfer, not sharing
    assert table[1][0] == "示例推送 SDK 公司"
    assert table[0][4:] == [str(labels_for("zh-CN").h_contact), str(labels_for("zh-CN").privacy_policy)]
    assert table[1][4:] == ["sdk@example.cn", "https://sdk.example.cn/privacy"]


def publisher(*texts: str) -> Publisher:
    editions = []
    for text in texts:
        data = data_of(text)
        path = Path(f"policies/{data['policy']}/{data['version']}/{data['language']}.yaml")
        editions.append(Edition(data, path))
    return Publisher(editions, SiteOptions())


def files(pub: Publisher) -> dict[str, bytes]:
    return {f.path: f.content for f in pub.json_files()}


def test_pages_and_json_of_both_lists() -> None:
    text = with_shows(POLICY_ZH + ITEMS + RECIPIENTS, "data_items", "sharing")
    pub = publisher(text)
    page = pub.markdown("policies/shili/1/zh-CN.md")
    assert "[已收集个人信息清单](zh-CN/collected.md)" in page
    assert "[与第三方共享个人信息清单](zh-CN/shared.md)" in page
    collected = pub.markdown("policies/shili/1/zh-CN/collected.md")
    assert collected.startswith(
        "---\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n\n"
        "# 已收集个人信息清单：示例隐私政策 {#collected}"
    )
    assert "[下载 CSV 文件](../../../../api/v1/policies/shili/1/zh-CN.collected.csv)" in collected
    assert "| 手机号码 |" in collected
    shared = pub.markdown("policies/shili/1/zh-CN/shared.md")
    assert "| 示例推送 SDK 公司 | 回答问题 | 联系信息 | SDK：示例推送 SDK |" in shared
    assert "合并后的公司" not in shared
    out = files(pub)
    document = json.loads(out["api/v1/policies/shili/1/zh-CN.lists.json"])
    assert not api_schemas.problems(api_schemas.LISTS, document)
    assert document["collected"]["csv"] == "zh-CN.collected.csv"
    assert document["collected"]["items"][0] == {
        "id": "phone",
        "item": "手机号码",
        "category": {"id": "contact-info", "label": "联系信息"},
        "scenario": "注册账号时",
        "frequency": "一次",
        "purposes": [{"id": "support", "label": "回答问题"}],
        "required": True,
    }
    assert document["collected"]["items"][1] == {"id": "formula", "item": '=HYPERLINK("http://evil.example")'}
    assert [r["id"] for r in document["shared"]["recipients"]] == ["sdk-vendor"]
    assert "shares_with_no_one" not in document["shared"]
    assert set(out) >= {
        "api/v1/policies/shili/1/zh-CN.collected.csv",
        "api/v1/policies/shili/1/zh-CN.shared.csv",
    }
    assert set(pub.linked_files()) <= set(pub.json_paths())


def test_a_policy_that_shares_with_no_one_says_so_instead_of_an_empty_table() -> None:
    pub = publisher(with_shows(POLICY_ZH + NO_SHARING, "negations"))
    shared = pub.markdown("policies/shili/1/zh-CN/shared.md")
    assert "本版本政策声明不与任何人共享个人信息：\n\n- 我们不会与任何第三方共享您的个人信息。" in shared
    assert "|---|" not in shared
    document = json.loads(files(pub)["api/v1/policies/shili/1/zh-CN.lists.json"])
    assert document["shared"]["recipients"] == []
    assert document["shared"]["shares_with_no_one"] == [
        {"id": "no-sharing", "text": "我们不会与任何第三方共享您的个人信息。"}
    ]
    assert "collected" not in document  # the policy lists no items: no list


def test_a_policy_that_states_nothing_gets_no_list() -> None:
    pub = publisher(POLICY_ZH)
    assert not [p.path for p in pub.pages if p.path.endswith(("collected.md", "shared.md"))]
    assert not [path for path in pub.json_paths() if path.endswith((".lists.json", ".csv"))]


def test_the_seeds_lists() -> None:
    """China Mobile Guangdong shares with no one; ZTE's Chinese text lists its partners."""
    from policypress.yamlload import load_file

    editions = []
    for path in sorted(FIXTURES.glob("*/*/*.yaml")):
        if path.parts[-3] in ("cmcc-guangdong", "zte", "china-telecom"):
            editions.append(Edition(dict(load_file(path, str(path)).data), path))
    pub = Publisher(editions, SiteOptions())
    lists = sorted(p.path for p in pub.pages if p.path.endswith(("collected.md", "shared.md")))
    assert lists == ["policies/cmcc-guangdong/1/zh-CN/shared.md", "policies/zte/1/zh-CN/shared.md"]
    assert "不会与中国移动广东公司以外的任何公司" in pub.markdown("policies/cmcc-guangdong/1/zh-CN/shared.md")


@pytest.mark.parametrize("kind", [COLLECTED, SHARED])
def test_the_list_page_words_are_in_every_catalog(kind: str) -> None:
    assert labels_for("en").__dict__[f"v_{kind}"] != labels_for("zh-CN").__dict__[f"v_{kind}"]
    assert labels_for("zh-TW").__dict__[f"v_{kind}"] != labels_for("zh-CN").__dict__[f"v_{kind}"]


def test_a_site_builds_the_lists_with_their_links_checked(tmp_path: Path) -> None:
    text = with_shows(POLICY_ZH + ITEMS + RECIPIENTS, "data_items", "sharing")
    site = write_site(tmp_path / "site", {"shili/1/zh-CN.yaml": text})
    out = tmp_path / "out"
    result = build(site, out)
    assert result.returncode == 0, result.stderr
    assert (out / "policies/shili/1/zh-CN/collected/index.html").is_file()
    page = (out / "policies/shili/1/zh-CN/shared/index.html").read_text(encoding="utf-8")
    assert 'href="../../../../../api/v1/policies/shili/1/zh-CN.shared.csv"' in page
    table = rows((out / "api/v1/policies/shili/1/zh-CN.shared.csv").read_bytes())
    assert table[1][0] == "示例推送 SDK 公司"
    document = json.loads((out / "api/v1/policies/shili/1/zh-CN.lists.json").read_text(encoding="utf-8"))
    assert document["collected"]["page"] == "../../../../../policies/shili/1/zh-CN/collected/"
    assert (out / "api/v1/schema/lists.schema.json").is_file()

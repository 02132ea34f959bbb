"""Key points (policypress.keypoints): facts, not counts — the purposes, recipients, destinations
abroad and retention periods named, the first few and then "and N more" linking to the section,
in the page's language; a point the policy states nothing for left out; the same points for the
page and for the apps' short notice."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from policypress.api.notice import key_points as notice_points
from policypress.keypoints import SHOWN, key_points
from policypress.render import render_policy

from .test_publish import seed_editions


def data(policy: str, language: str = "en", version: str = "1") -> dict[str, Any]:
    edition = next(e for e in seed_editions() if e.key == (policy, version, language))
    return copy.deepcopy(edition.data)


def point_lines(page: str) -> dict[str, str]:
    """The key points of a page: label → the rest of its line."""
    block = page.split("{#key-points}", 1)[1].split("\n## ", 1)[0].split("\n<div", 1)[0]
    found = re.findall(r"^- \*\*(.+?)\*\*(?::|：)\s?(.*)$", block, re.M)
    return dict(found)


def test_key_points_name_purposes_recipients_destinations_and_periods() -> None:
    lines = point_lines(render_policy(data("example-telecom", "en", "2")))
    assert lines["Why"].startswith("Providing your mobile and broadband service; Billing you and collecting")
    assert "Example Crash Analytics Ltd. (fictional)" in lines["Who receives it"]
    assert lines["Transfers abroad"].startswith("United States ")
    kept = lines["How long it is kept"]
    assert kept.startswith("Traffic data: 6 months; Billing and payment data: at least 10")
    counts = re.compile(r"\b\d+ (purposes|categories|rules|transfers)\b")
    assert not any(counts.search(line) for line in lines.values())


def test_a_long_list_shows_the_first_few_then_how_many_more_linking_to_its_section() -> None:
    zte = data("zte", "zh-CN")
    lines = point_lines(render_policy(zte))
    more = len(zte["purposes"]) - SHOWN
    assert lines["用于什么目的"].endswith(f"[及其他{more}项](#section-collection-and-use)")
    assert lines["用于什么目的"].count("；") == SHOWN - 1  # the first few, as the policy names them
    english = point_lines(render_policy(data("zte")))
    assert english["Why"].startswith("Fulfill a purchase order; Create and manage your account;")
    assert english["Why"].endswith(f"[and {more} more](#section-collection-and-use)")
    # A transfer whose destination the text does not name is one more, not a place.
    assert english["Transfers abroad"] == (
        "the research institutes of ZTE (may happen) [and 1 more](#section-cross-border-transfer)"
    )


def test_a_point_the_policy_states_nothing_for_is_left_out() -> None:
    # ZTE's retention rules state no period or term: nothing says how long, so no point does.
    zte = point_lines(render_policy(data("zte")))
    assert "How long it is kept" not in zte
    ntt = point_lines(render_policy(data("ntt-com-china")))
    assert "Transfers abroad" not in ntt and "How long it is kept" not in ntt and "Why" not in ntt
    bare = data("example-telecom", "en", "2")
    for part in ("purposes", "negations", "cross_border", "storage", "rights", "data_categories"):
        bare.pop(part, None)
    bare["sharing"].pop("recipients", None)
    for section in bare["sections"]:
        section.pop("shows", None)
    assert list(point_lines(render_policy(bare))) == ["Who is responsible", "Contact"]


def test_china_telecom_has_key_points_for_what_its_text_says() -> None:
    lines = point_lines(render_policy(data("china-telecom")))
    assert list(lines) == ["Who is responsible", "What data", "Why"]
    assert lines["Why"].startswith("To provide you with our services; When we provide services for")
    assert lines["What data"].startswith("the personal information you provide to us, ")


def test_links_say_where_they_go_and_an_untitled_section_is_named_by_its_part() -> None:
    lines = point_lines(render_policy(data("unnamed-operator")))
    assert lines["Transfers abroad"].endswith("([see “Transfers abroad”](#section-third-parties-overseas))")
    page = render_policy(data("zte"))
    assert "storage-of-personal-information”" not in page  # an id is not a title


@pytest.mark.parametrize("edition", seed_editions(), ids=lambda e: "/".join(e.key))
def test_the_page_and_the_apps_notice_show_the_same_points(edition: Any) -> None:
    shared = key_points(edition.data)
    notice = notice_points(edition.data)
    assert [p["key"] for p in notice] == [p.key for p in shared]
    for point, written in zip(shared, notice, strict=True):
        assert len(written["items"]) == len(point.facts) <= max(SHOWN, 20)
        assert written.get("more", 0) == point.more
    page = point_lines(render_policy(edition.data))
    assert list(page) == [p["label"] for p in notice]

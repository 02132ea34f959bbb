"""What the catalog tells an app beyond the build day: the build date, each version's interval
in force (so the app decides the state with its own clock), and each version's change summary
in each language as plain text."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from policypress.api.catalog import state_on, version_intervals
from policypress.api.freetext import to_plain_text
from policypress.publish import Publisher, SiteOptions

from .test_publish import SEED_SITE, seed_editions, seed_site_files


def catalog() -> dict:
    return json.loads(seed_site_files()["api/v1/index.json"])


def example_telecom() -> dict:
    return next(p for p in catalog()["policies"] if p["policy"] == "example-telecom")


def test_the_catalog_says_which_day_its_states_are_for() -> None:
    assert catalog()["build_date"] == SEED_SITE.today.isoformat()


def test_each_version_is_in_force_from_its_date_until_the_next_one_s() -> None:
    versions = {v["version"]: (v["effective"], v["until"]) for v in example_telecom()["versions"]}
    assert versions == {
        "1": ("2023-02-01", "2024-04-01"),
        "2": ("2024-04-01", "2025-05-15"),
        "3": ("2025-05-15", "2027-07-01"),
        "4": ("2027-07-01", None),
    }


@pytest.mark.parametrize(
    ("versions", "until"),
    [
        ([("1", "published", "2024-01-01")], {"1": None}),
        # A withdrawn version never takes over: the one before it runs on to the next one's date.
        (
            [
                ("1", "current", "2024-01-01"),
                ("2", "withdrawn", "2024-06-01"),
                ("3", "upcoming", "2025-01-01"),
            ],
            {"1": "2025-01-01", "2": "2025-01-01", "3": None},
        ),
        # No date stated: in force from always; a later version still ends it on its own date.
        ([("1", "current", None), ("2", "current", "2024-06-01")], {"1": "2024-06-01", "2": None}),
        # Versions compare as numbers (1.10 after 1.9), not as text.
        (
            [("1.10", "current", "2024-06-01"), ("1.9", "superseded", "2024-01-01")],
            {"1.9": "2024-06-01", "1.10": None},
        ),
    ],
)
def test_version_intervals(versions: list, until: dict) -> None:
    assert version_intervals(versions) == until


def test_an_app_s_clock_decides_the_state_the_catalog_gave_for_its_build_date() -> None:
    """A catalog built before version 4's date calls it upcoming; on the date, it is in force."""
    versions = {v["version"]: v for v in example_telecom()["versions"]}
    build_day = SEED_SITE.today
    assert {n: state_on(v, build_day) for n, v in versions.items()} == {
        n: v["state"] for n, v in versions.items()
    }
    after = dt.date(2027, 7, 1)
    assert [state_on(versions[n], after) for n in "1234"] == [
        "superseded",
        "superseded",
        "superseded",
        "current",
    ]
    assert state_on(versions["4"], after - dt.timedelta(days=1)) == "upcoming"
    assert state_on({"state": "withdrawn", "effective": None, "until": None}, after) == "withdrawn"


def test_the_same_sources_built_on_a_later_day_agree_with_the_app_s_clock() -> None:
    later = Publisher(seed_editions(), SiteOptions(today=dt.date(2027, 7, 1))).json_files()
    rebuilt = json.loads(next(f.content for f in later if f.path == "api/v1/index.json"))
    policy = next(p for p in rebuilt["policies"] if p["policy"] == "example-telecom")
    assert policy["current_version"] == "4"
    assert [v["state"] for v in policy["versions"]] == [
        state_on(v, dt.date(2027, 7, 1)) for v in example_telecom()["versions"]
    ]


def test_each_version_says_what_it_changed_in_each_language() -> None:
    versions = {v["version"]: v for v in example_telecom()["versions"]}
    assert all("summary" not in language for language in versions["1"]["languages"])
    summaries = {entry["language"]: entry["summary"] for entry in versions["2"]["languages"]}
    assert summaries["en"].startswith("We now offer personalised offers")
    assert summaries["zh-CN"].startswith("我们现在会根据您使用我们服务的方式")
    assert "*" not in summaries["en"] and "<" not in summaries["en"]


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("We **now** share data with [partners](https://example.com).", "We now share data with partners."),
        ("One.\n\nTwo.", "One.\n\nTwo."),
        ("Changes:\n\n- more *data*\n- fewer days", "Changes:\n\n- more data\n- fewer days"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n1 | 2"),
        ("a line\nwrapped", "a line wrapped"),
        ("中文\n换行", "中文换行"),  # CJK text takes no space where a line was wrapped
        ("Line one  \nline two", "Line one\nline two"),
        # Text, never markup: what the author wrote stays as characters for the app to escape.
        ("<b>bold</b> &amp; more", "<b>bold</b> & more"),
        ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),  # as the site shows it
    ],
)
def test_plain_text_of_a_markdown_field(markdown: str, text: str) -> None:
    assert to_plain_text(markdown) == text

"""`republish`: the site after some policies changed, made from the site before (what `mkdocs serve`
rebuilds after an edit). It must be the site a full build makes, having rendered only what changed."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from policypress.publish import Edition, OutputFile, Publisher, SiteOptions, republish
from policypress.validate import validate_paths

from .sites import POLICY_EN, POLICY_ZH, next_version

OPTIONS = SiteOptions(today=dt.date(2024, 6, 1))
V2 = next_version(POLICY_EN, "2", effective="2024-03-01")
V3 = next_version(V2, "3", effective="2024-04-01")
TEXTS = {
    "example/1/en.yaml": POLICY_EN,
    "example/2/en.yaml": V2,
    "example/3/en.yaml": V3,
    "shili/1/zh-CN.yaml": POLICY_ZH,
}
Everything = tuple[list[tuple[str, str]], list[OutputFile], list[OutputFile]]


def editions(root: Path, texts: dict[str, str]) -> dict[str, list[Edition]]:
    """The policies `texts` hold, written to `root` (in place of what it held), validated, as
    editions by policy (with their files' digests)."""
    for old in root.rglob("*.yaml"):
        old.unlink()
    for path, text in texts.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    result = validate_paths([root], root=root)
    assert result.errors == [], result.errors
    by_policy: dict[str, list[Edition]] = {}
    for doc in result.documents:
        digest = hashlib.sha256(Path(doc.path).read_bytes()).hexdigest()
        edition = Edition(doc.data, Path(doc.path), digest)
        by_policy.setdefault(edition.policy, []).append(edition)
    return by_policy


def everything(publisher: Publisher) -> Everything:
    pages = [(spec.path, publisher.markdown(spec.path)) for spec in publisher.pages]
    return pages, publisher.json_files(), publisher.feeds


def full(by_policy: dict[str, list[Edition]]) -> Publisher:
    return Publisher([e for policy in sorted(by_policy) for e in by_policy[policy]], OPTIONS)


def outputs(publisher: Publisher) -> dict[tuple[str, str, str], object]:
    return dict(publisher._outputs)


def test_nothing_changed_renders_nothing(tmp_path: Path) -> None:
    before = editions(tmp_path, TEXTS)
    earlier = full(before)
    again = republish(earlier, {})
    assert again.rendered == 0
    assert outputs(again) == outputs(earlier)  # the very same outputs
    assert everything(again) == everything(full(before))


def test_an_edit_renders_the_edition_and_the_one_that_compares_with_it(tmp_path: Path) -> None:
    """Version 2's text changes: version 2 is rendered again, and version 3 (its page of changes
    compares it with version 2); version 1 and the other policy keep their outputs."""
    earlier = full(editions(tmp_path, TEXTS))
    edited = V2.replace(
        "Write to privacy@example.com with any question.",
        "Please write to privacy@example.com with any question.",
    )
    assert edited != V2
    after = editions(tmp_path, {**TEXTS, "example/2/en.yaml": edited})
    earlier_json = {file.path: file for file in earlier.json_files()}

    again = republish(earlier, {"example": after["example"]})

    assert everything(again) == everything(full(after))
    assert again.rendered == 2
    # What the edit leaves as it was is the earlier publisher's, not made again: the indexes and the
    # site's feed (the edit is in no field they show), the other policy's catalog entry and file.
    paths = OPTIONS.paths
    assert again.markdown(paths.index) is earlier.markdown(paths.index)
    assert _site_feed(again) is _site_feed(earlier)
    json = {file.path: file for file in again.json_files()}
    assert json[paths.versions("shili")] is earlier_json[paths.versions("shili")]
    assert json[paths.versions("example")] is not earlier_json[paths.versions("example")]
    kept = {key for key, future in outputs(again).items() if future is outputs(earlier).get(key)}
    assert kept == {("example", "1", "en"), ("shili", "1", "zh-CN")}
    assert again._earlier is None  # a long serve must not keep a chain of every build


def _site_feed(publisher: Publisher) -> OutputFile:
    return next(feed for feed in publisher.feeds if feed.path == OPTIONS.paths.site_feed)


def test_a_new_version_and_a_new_or_removed_policy_give_the_full_site(tmp_path: Path) -> None:
    earlier = full(editions(tmp_path, TEXTS))
    v4 = next_version(V3, "4", effective="2024-05-01", material=True, kinds="[purposes]")
    other = POLICY_EN.replace("policy: example", "policy: another").replace("id: example", "id: another")
    texts = {path: text for path, text in TEXTS.items() if not path.startswith("shili/")}
    after = editions(tmp_path, {**texts, "example/4/en.yaml": v4, "another/1/en.yaml": other})

    again = republish(earlier, {"example": after["example"], "another": after["another"], "shili": []})

    assert everything(again) == everything(full(after))
    assert not any(path.startswith("policies/shili/") for path, _ in everything(again)[0])
    # Version 4 and another's edition are new; version 3 is no longer shown at the policy's own URL.
    assert again.rendered == 3


def test_an_edition_without_a_digest_is_always_rendered(tmp_path: Path) -> None:
    before = editions(tmp_path, TEXTS)
    unknown = {policy: [Edition(e.data, e.source) for e in found] for policy, found in before.items()}
    earlier = full(unknown)
    assert republish(earlier, {"shili": unknown["shili"]}).rendered == 1


def test_a_policy_is_kept_or_added_once() -> None:
    earlier = Publisher([], OPTIONS)
    publisher = Publisher([], OPTIONS, more_to_come=True)
    with pytest.raises(KeyError):
        publisher.keep(earlier, "nowhere")

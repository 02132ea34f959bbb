"""Diff speed: what a semantic diff costs per pair of consecutive versions, next to loading them.

    python benchmarks/diff_speed.py [--n 200] [--repeat 5] [--seed 0]

Generates N policies (benchmarks/generate.py, ~20 KB each, half English, half Chinese) and
for each a next version made the way authors change one: a sentence added to one section, a
word replaced in another, two sections swapped, a data category added, a retention period and
a legal basis changed. A second set rewrites every section's text entirely (the worst case for
the redline). Then, interleaved per repeat, it times for the whole set:

  a. load: load_file of both versions (what a build does anyway);
  b. diff: diff_policies(old, new) of each pair;
  c. markdown: diff_markdown of each diff (the change page's blocks);
  d. diff of the rewritten pairs.

It prints medians over the repeats and the ratios to (a). There is no bar: a build diffs each
pair once, so the figure to watch is diff / load. Always exits 0.
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policypress.diff import diff_markdown, diff_policies
from policypress.yamlload import load_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate


def next_version(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """`data` as an author's next version of it: a few facts and a few sentences changed."""
    new = copy.deepcopy(data)
    sections = new["sections"]
    with_text = [s for s in sections if isinstance(s.get("text"), str)]
    first, second = rng.sample(with_text, 2)
    zh = new["language"].startswith("zh")
    added = "我们会在变更生效前通知您。" if zh else "We will tell you before a change takes effect."
    first["text"] += "\n\n" + added
    words = second["text"].split(" ")
    words[len(words) // 2] = "个人" if zh else "personal"
    second["text"] = " ".join(words)
    i, j = rng.sample(range(len(sections)), 2)
    sections[i], sections[j] = sections[j], sections[i]
    new["data_categories"].append({"id": "benchmark-new", "label": "Voice recordings", "sensitive": True})
    retention = new.get("storage", {}).get("retention") or []
    for rule in retention:
        if "period" in rule:
            rule["period"] = {**rule["period"], "value": rule["period"]["value"] + 1}
            break
    for purpose in new["purposes"]:
        if purpose.get("legal_basis"):
            purpose["legal_basis"] = sorted({*purpose["legal_basis"], "consent"})
            break
    return new


def rewritten(data: dict[str, Any]) -> dict[str, Any]:
    """Every section's text replaced by other text of the same length."""
    new = copy.deepcopy(data)

    def walk(sections: list[dict[str, Any]]) -> None:
        for section in sections:
            if isinstance(section.get("text"), str):
                section["text"] = " ".join(reversed(section["text"].split(" ")))[::-1]
            walk(section.get("sections", []))

    walk(new["sections"])
    return new


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.n < 2 or args.repeat < 1:
        parser.error("--n must be at least 2 and --repeat at least 1")
    with tempfile.TemporaryDirectory() as folder:
        files = generate(Path(folder), args.n, seed=args.seed)
        rng = random.Random(args.seed)
        olds = [load_file(path).data for path in files]
        news = [next_version(data, rng) for data in olds]
        rewrites = [rewritten(data) for data in olds]
        diffs = [diff_policies(old, new) for old, new in zip(olds, news, strict=True)]
        languages = [data["language"] for data in olds]
        runs: dict[str, Callable[[], object]] = {
            "load both versions": lambda: [(load_file(p), load_file(p)) for p in files],
            "diff_policies": lambda: [diff_policies(o, n) for o, n in zip(olds, news, strict=True)],
            "diff_markdown": lambda: [diff_markdown(d, la) for d, la in zip(diffs, languages, strict=True)],
            "diff_policies, all text rewritten": lambda: [
                diff_policies(o, n) for o, n in zip(olds, rewrites, strict=True)
            ],
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for repeat in range(args.repeat):
            order = list(runs) if repeat % 2 == 0 else list(reversed(runs))
            for name in order:
                times[name].append(timed(runs[name]))
    changes = statistics.mean(len(d.changes) + len(d.sections) for d in diffs)
    print(f"{args.n} pairs of ~20 KB policies, {args.repeat} repeats; {changes:.1f} changes per pair")
    base = statistics.median(times["load both versions"])
    print(f"{'':38} {'median s':>9} {'ms/pair':>8} {'x load':>7}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:38} {median:9.3f} {median / args.n * 1000:8.2f} {median / base:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

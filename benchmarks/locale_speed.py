"""What languages cost a build: reading the catalogs once per process, and a page's words.

Prints, as medians of --repeat runs measured side by side:
- reading the template and one language's catalog (what each process pays once per language);
- rendering one policy page in English and in Chinese, words from the catalogs and CLDR
  (dates, countries, durations), and their ratio;
- sending a page's links to the views of its language (`follow_views`), per page.

    .venv/bin/python benchmarks/locale_speed.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from policypress.i18n import catalogs, cldr
from policypress.plugin.views import follow_views
from policypress.render.markdown import render_policy
from policypress.yamlload import load_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "site" / "policies"


def _median_ms(run: Callable[[], object], repeat: int, inner: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(inner):
            run()
        times.append((time.perf_counter() - start) / inner * 1000)
    return statistics.median(times)


def _cold_catalogs(language: str) -> None:
    catalogs.forget()
    catalogs.translations(language)
    cldr.locale(language)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for tag in ("zh-CN", "zh-TW"):
        cold = _median_ms(lambda tag=tag: _cold_catalogs(tag), args.repeat)
        print(f"catalogs: the template and {catalogs.catalog_tag(tag)}.po, read cold: {cold:.1f} ms")
    english = load_file(FIXTURES / "cmcc-guangdong" / "1" / "en.yaml").data
    chinese = load_file(FIXTURES / "cmcc-guangdong" / "1" / "zh-CN.yaml").data
    render_policy(english), render_policy(chinese)  # warm: catalogs, templates
    en = _median_ms(lambda: render_policy(english), args.repeat, 20)
    zh = _median_ms(lambda: render_policy(chinese), args.repeat, 20)
    print(f"render a page: en {en:.2f} ms, zh-CN {zh:.2f} ms (zh/en {zh / en:.2f}x)")
    html = '<p><a href="../hosting/">x</a> <a href="#top">t</a> <a href="https://e.x/">e</a></p>\n' * 300
    urls = {f"authors/page-{n}/": f"authors/page-{n}.zh-CN/" for n in range(50)} | {
        "authors/hosting/": "authors/hosting.zh-CN/"
    }
    views = _median_ms(lambda: follow_views(html, "authors/x.zh-CN/", urls), args.repeat, 20)
    print(f"follow_views on a page of {html.count('<a ')} links: {views:.2f} ms")


if __name__ == "__main__":
    main()

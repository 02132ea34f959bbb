"""`mkdocs` with the plugin's worker pool replaced by the standard library's, for pool_speed.py.

    python benchmarks/stdlib_pool.py build --strict --site-dir DIR      (any `mkdocs` arguments)

`StdlibPool` is what the plugin would use if parallel.py's hand-written pool went: a
`concurrent.futures.ProcessPoolExecutor` with as many processes as the plugin would start,
validating the same batches of whole policies (`map`) and rendering each edition (`submit`).
It keeps none of parallel.Workers' rules: each policy's full data comes back to MkDocs' process
after validation and goes out again with each job, any free process takes any job, and every
process runs while MkDocs works (none is held back to leave MkDocs a core).
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from policypress.parallel import _batches, _start_method


class StdlibPool(ProcessPoolExecutor):
    """The standard library's pool with the two calls the plugin makes of parallel.Workers."""

    def __init__(self, count: int) -> None:
        super().__init__(max_workers=count, mp_context=multiprocessing.get_context(_start_method()))
        self.count = count

    @contextmanager
    def deferring(self) -> Iterator[None]:
        yield  # jobs start at once

    def runner(
        self, keep: Callable[[dict[str, Any]], dict[str, Any]], kept: Sequence[str]
    ) -> Callable[[Callable[[Sequence[Path]], Any], Sequence[Path]], Iterator[Any]]:
        """validate_folder's runner: each batch's result, full documents included, in order."""
        return lambda check, files: self.map(check, _batches(list(files), self.count))


def main() -> None:
    from mkdocs.__main__ import cli

    import policypress.plugin.plugin as plugin

    plugin.Workers = StdlibPool  # type: ignore[misc,assignment]
    cli()


if __name__ == "__main__":
    sys.argv[0] = "mkdocs"
    main()

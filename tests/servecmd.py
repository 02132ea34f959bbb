"""The real `mkdocs serve` command on a free port, for tests that read what it prints.

No sleeps: a test waits for a line of its output (`until`), which MkDocs prints once a
rebuild has ended ("Reloading browsers" or "An error happened during the rebuild").
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from types import TracebackType

from .nginx import free_port
from .sites import EPOCH

REBUILT = r"Reloading browsers|An error happened during the rebuild"


class ServeCommand:
    """`mkdocs serve ARGS` in `root`, its standard error read line by line (all kept in `lines`)."""

    def __init__(self, root: Path, *args: str) -> None:
        self.port = free_port()
        command = [sys.executable, "-m", "mkdocs", "serve", *args, "--dev-addr", f"127.0.0.1:{self.port}"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
        self.process = subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr or ():
            self._queue.put(line)

    def until(self, pattern: str, timeout: float = 300) -> list[str]:
        """The lines printed from now until one matching `pattern` (included)."""
        seen = []
        while True:
            line = self._queue.get(timeout=timeout)
            self.lines.append(line)
            seen.append(line)
            if re.search(pattern, line):
                return seen

    def page(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=120) as response:
            return str(response.read().decode("utf-8"))

    def __enter__(self) -> ServeCommand:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self._reader.join(timeout=60)
        if self.process.stderr is not None:
            self.process.stderr.close()

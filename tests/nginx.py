"""Debian's nginx serving a built site with the snippet the build ships (_policypress/nginx.conf).

nginx runs as a child of the test on a free 127.0.0.1 port, with its pid, logs and temporary
files in a folder of the test's own. Its `root` may be a symbolic link, so that a test can
swap one build of a site for the next under a running server, as a deployment does.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest

from policypress.hosting import NGINX_FILE

from .browser.conftest import _unavailable

NGINX = "/usr/sbin/nginx"
# Debian's libnginx-mod-http-brotli-static, which `./dev test` installs with nginx.
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def nginx_conf(folder: Path, root: Path, port: int, *, snippet: Path, brotli: bool = False) -> str:
    """The smallest complete nginx.conf around the shipped `snippet`, all of its files in `folder`.
    With `brotli`, the brotli module is loaded and `brotli_static on` set, as the docs say."""
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi"))
    temp += "\n" + "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("uwsgi", "scgi"))
    # As root, the workers would otherwise run as nobody, who cannot read a private temp folder.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    module = f"load_module {BROTLI_MODULE};\n" if brotli else ""
    static = "        brotli_static on;\n" if brotli else ""
    return f"""{module}{user}daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
    server {{
        listen 127.0.0.1:{port};
        root {root};
{static}        include {snippet};
    }}
}}
"""


def executable() -> str:
    found = NGINX if Path(NGINX).is_file() else shutil.which("nginx")
    if found is None:
        _unavailable("nginx is not installed (apt-get install nginx)")
    return found


def brotli_module() -> bool:
    """Whether nginx's brotli module is installed; where CI demands it, its absence fails the test."""
    if not Path(BROTLI_MODULE).is_file():
        _unavailable("nginx's brotli module is missing (apt-get install libnginx-mod-http-brotli-static)")
    return True


@contextmanager
def serving(root: Path, folder: Path, *, snippet: Path | None = None, brotli: bool = False) -> Iterator[str]:
    """Serve `root` with nginx while the block runs; gives the site's URL. `snippet` is the
    shipped nginx.conf to include (default: the one in `root`)."""
    port = free_port()
    conf, log = folder / "nginx.conf", folder / "error.log"
    conf.write_text(
        nginx_conf(folder, root, port, snippet=snippet or root / NGINX_FILE, brotli=brotli), encoding="utf-8"
    )
    command = [executable(), "-c", str(conf), "-p", str(folder), "-e", str(log)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_until_listening(process, port, folder)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.communicate(timeout=STARTUP_SECONDS)


def _wait_until_listening(process: subprocess.Popen[str], port: int, folder: Path) -> None:
    """Until nginx accepts a connection; fail with its log if it exits or takes too long."""
    for _ in range(STARTUP_SECONDS * 20):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            try:  # waits for nginx to exit, at most 50 ms: a failed start is seen at once
                process.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            output = process.stdout.read() if process.stdout else ""
            log = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
            pytest.fail(f"nginx exited with {process.returncode}: {output}{log}", pytrace=False)
    pytest.fail(f"nginx did not listen on port {port} within {STARTUP_SECONDS} s", pytrace=False)


def fetch(
    url: str, headers: Mapping[str, str] | None = None, method: str = "GET"
) -> tuple[int, Message, bytes]:
    """Status, headers and body of a request; an HTTP error is an answer like any other."""
    request = urllib.request.Request(url, headers=dict(headers or {}), method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()

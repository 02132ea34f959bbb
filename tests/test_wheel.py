"""PolicyPress as users get it: the wheel, installed into a fresh virtual environment, run in an
empty folder: `policypress init`, `new`, `import`, `validate`, `fmt --check`, then
`mkdocs build --strict`. The wheel is built once per session.

The fresh environment gets PolicyPress only from the wheel; its dependencies are found in the
test environment's site-packages (a .pth file), so the test needs no network and stays fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment with the PolicyPress wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    wheel_dir = work / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("policypress-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv / "bin"


def run(bin_dir: Path, cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(cwd)}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)


def test_the_installed_wheel_is_what_runs(installed: Path, tmp_path: Path) -> None:
    where = run(installed, tmp_path, "python", "-c", "import policypress; print(policypress.__file__)")
    assert where.returncode == 0, where.stderr
    assert str(installed.parent) in where.stdout and str(ROOT) not in where.stdout


def test_init_new_import_and_a_strict_build_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    empty = tmp_path / "work"
    empty.mkdir()
    result = run(installed, empty, "policypress", "init", "site")
    assert result.returncode == 0, result.stderr
    site = empty / "site"
    source = ROOT / "tests" / "import_corpus" / "shili-zh" / "2024-01-01.txt"
    for step in (
        ("policypress", "new", "acme-app", "--language", "en", "--org", "Acme"),
        ("policypress", "import", str(source), "--policy", "shili", "-o", "policies/shili/1/zh-CN.yaml"),
        ("policypress", "validate"),
        ("policypress", "fmt", "--check"),
        ("python", "-m", "mkdocs", "build", "--strict"),
    ):
        result = run(installed, site, *step)
        assert result.returncode == 0, f"{' '.join(step)}:\n{result.stdout}\n{result.stderr}"
    assert (site / "site" / "policies" / "example" / "en" / "index.html").is_file()
    assert (site / "site" / "api" / "v1" / "index.json").is_file()
    assert not (site / "site" / "policies" / "acme-app").exists()  # drafts are not published
    assert os.listdir(site / "schema") == ["policy.schema.json"]


def test_export_from_the_wheel_reads_the_shipped_term_lists(installed: Path, tmp_path: Path) -> None:
    """The vocabularies' lists and the Play layout are data files of the package: the wheel has them."""
    from tests.sites import POLICY_EN

    policy = tmp_path / "policies" / "example" / "1" / "en.yaml"
    policy.parent.mkdir(parents=True)
    policy.write_text(
        POLICY_EN.replace(
            "    sensitive: false\n",
            "    sensitive: false\n    terms:\n      apple: [NSPrivacyCollectedDataTypeEmailAddress]\n"
            "      play: [PSL_EMAIL]\n",
        ),
        encoding="utf-8",
    )
    for platform, marker in (("apple", "NSPrivacyCollectedDataTypeEmailAddress"), ("play", "PSL_EMAIL")):
        result = run(installed, tmp_path, "policypress", "export", "--format", platform, str(policy))
        assert result.returncode == 0, result.stderr
        assert marker in result.stdout

"""Shared fixtures: real builds of the real content, a scratch copy of the project, a browser."""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")

from handbook.cli import main  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def manifest_of(out: Path) -> list[dict]:
    """The PDFs a build made, as it recorded them beside its output folder."""
    from handbook.output import read_state

    return read_state(out)["manifest"]


def copy_project(dest: Path) -> Path:
    """A scratch copy of everything a build reads, so a test can change content freely."""
    for name in ("content", "templates", "assets"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


class Run:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(*args: str, root: Path | None = None) -> Run:
    """Run build.py in this process (fast), capturing what an editor would see."""
    out, err = io.StringIO(), io.StringIO()
    argv = (["--root", str(root)] if root else []) + list(args)
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
    return Run(code, out.getvalue(), err.getvalue())


def run_build_py(*args: str, root: Path = ROOT, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run build.py as an editor does, in a subprocess (for tracebacks and exit codes)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """One full build of the shipped content (site and PDFs), shared by the print and site tests."""
    out = tmp_path_factory.mktemp("build") / "site"
    result = run_build_py("all", "--no-cache", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def server(built):
    """The built site served on 127.0.0.1 (search needs http, not file://)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run the tests with ./run.sh test, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()

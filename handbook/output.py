"""Stage 5, write: build into a temporary folder, then swap it into place in one step.

A build that fails or is killed half-way leaves the previous output exactly as it was.  We only
ever delete an output folder that carries our marker file, so a mistaken `--out` cannot wipe
someone's documents, and nothing under content/ is ever written.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

MARKER = ".handbook-output"


class OutputError(Exception):
    pass


def _ours(path: Path) -> bool:
    return (path / MARKER).is_file()


def check_target(out: Path, root: Path) -> None:
    out = out.resolve()
    content = (root / "content").resolve()
    if out == root.resolve() or out in content.parents or out == content or content in out.parents:
        raise OutputError(f"refusing to write the build into {out}: it holds the content")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.exists() and any(out.iterdir()) and not _ours(out):
        raise OutputError(f"refusing to replace {out}: it was not made by build.py (no {MARKER} file). "
                          "Empty or remove it yourself, or choose another --out")


@contextmanager
def atomic_output(out: Path, root: Path):
    """Yield a fresh staging folder beside `out`; on success it replaces `out` atomically."""
    out = out.resolve()
    check_target(out, root)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        (staging / MARKER).write_text("Built by build.py. This folder is replaced on every build.\n")
        yield staging
        if out.exists() and _exchange(staging, out):
            shutil.rmtree(staging, ignore_errors=True)  # staging now holds the previous output
        else:
            old = None
            if out.exists():
                old = out.parent / f".{out.name}.old-{os.getpid()}"
                os.rename(out, old)
            os.rename(staging, out)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    _sweep(out)


def carry_over(previous: Path, stage: Path) -> None:
    """Copy the previous build's website into the staging folder, where the new build has
    nothing of its own (PDFs and the marker stay the new build's)."""
    for item in previous.iterdir():
        if item.name not in ("print", MARKER) and not (stage / item.name).exists():
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, stage / item.name)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _sweep(out: Path) -> None:
    """Remove staging folders left by builds that were killed (SIGKILL leaves no chance to clean)."""
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)

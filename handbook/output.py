"""Stage 5, write: build into a temporary folder, then swap it into place in one step.

A build that fails or is killed half-way leaves the previous output exactly as it was.  We only
ever delete an output folder that the build's state file names as ours, so a mistaken `--out`
cannot wipe someone's documents, and nothing under content/ is ever written.

The build's bookkeeping (the state file: which PDFs were made, the website's digest) lives
beside the output folder, never in it: everything in the folder is the website, to publish.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

LEGACY_MARKERS = (".handbook-output", ".site-digest")  # bookkeeping that older builds kept inside the output


class OutputError(Exception):
    pass


def state_path(out: Path) -> Path:
    return out.parent / f".{out.name}-handbook.json"


def read_state(out: Path) -> dict:
    """What the last build into `out` recorded ({} when there is none or it is unreadable)."""
    try:
        data = json.loads(state_path(out.resolve()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _ours(path: Path) -> bool:
    return read_state(path).get("built_by") == "build.py" or (path / LEGACY_MARKERS[0]).is_file()


def check_target(out: Path, root: Path) -> None:
    out = out.resolve()
    content = (root / "content").resolve()
    if out == root.resolve() or out in content.parents or out == content or content in out.parents:
        raise OutputError(f"refusing to write the build into {out}: it holds the content")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.exists() and any(out.iterdir()) and not _ours(out):
        raise OutputError(
            f"refusing to replace {out}: it was not made by build.py (no {state_path(out).name} "
            "beside it). "
            "Empty or remove it yourself, or choose another --out"
        )


@contextmanager
def _one_build_at_a_time(out: Path):
    """Hold a lock beside `out` for the whole build: a second build into the same folder stops
    with a clear message instead of racing the first and publishing half of each."""
    lock_path = out.parent / f".{out.name}-build.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot create {lock_path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"another build is writing {out} right now; wait for it to finish, then run again"
            ) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock, also when the process is killed


@contextmanager
def atomic_output(out: Path, root: Path, state: dict | None = None):
    """Yield a fresh staging folder beside `out`; on success it replaces `out` atomically and
    `state` (filled in by the caller during the build) is recorded beside it."""
    out = out.resolve()
    check_target(out, root)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out.parent}: {exc.strerror}") from None
    with _one_build_at_a_time(out):
        yield from _staged(out, state if state is not None else {})
        _sweep(out)  # only under the lock: another build's staging folder is never swept


def _staged(out: Path, state: dict):
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"cannot write into {out.parent}: {exc.strerror}") from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; a web server must read it
    try:
        yield staging
        # the old record is cleared first: a crash before the new one is written means a cold build
        _record(out, {})
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
        _record(out, state)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _record(out: Path, state: dict) -> None:
    record = state_path(out).with_suffix(".tmp")
    record.write_text(json.dumps({**state, "built_by": "build.py"}, indent=1, sort_keys=True) + "\n")
    os.replace(record, state_path(out))


def carry_over(previous: Path, stage: Path) -> None:
    """Copy the previous build's website into the staging folder, file by file, where the new
    build has nothing of its own.  The PDFs and their manifest stay the new build's (a PDF that
    is no longer made must not come back), but the web pages MkDocs wrote into print/ (the
    "For printing" page) are the website's and are kept."""
    for path in sorted(previous.rglob("*")):
        rel = path.relative_to(previous)
        target = stage / rel
        if rel.name in LEGACY_MARKERS or target.exists() or path.is_dir():
            continue
        if rel.parts[0] == "print" and (rel.suffix == ".pdf" or rel.name == "manifest.json"):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


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

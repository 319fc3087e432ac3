"""The build, in clear phases: check -> render print -> render site -> swap into place."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from .. import checking
from ..output import OutputError, atomic_output, carry_over, read_state


def _say(text: str) -> None:
    print(text, flush=True)


CACHE = ".build/pdf-cache"


def build(
    root: Path,
    out: Path,
    site: bool = True,
    pdf: bool = True,
    strict: bool = False,
    cache: bool = True,
    workers: int | None = None,
    files: bool = False,
) -> int:
    """Check, then render the PDFs and the website into `out`.  `files`: a website that opens from
    disk (pages named x.html instead of x/, which needs a web server to find x/index.html)."""

    started = time.perf_counter()
    project, report = checking.check(root)
    if checking.print_report(report, github=False, strict=strict):
        print("Nothing was built: fix the problems above and run again.", file=sys.stderr)
        return 1
    if files:
        project.settings.mkdocs["use_directory_urls"] = False
    previous = read_state(out)
    state: dict = {}  # recorded beside the output: which PDFs were made, the website's digest
    try:
        with atomic_output(out, root, state) as stage:
            if pdf:
                state["manifest"] = _print(project, stage, root, workers, (root / CACHE) if cache else None)
            else:
                if (out / "print").is_dir():
                    shutil.copytree(out / "print", stage / "print")  # keep the PDFs of the last full build
                state["manifest"] = previous.get("manifest", []) if (stage / "print").is_dir() else []
            if site:
                state["site_digest"] = _website(
                    project,
                    stage,
                    root,
                    state["manifest"],
                    out if cache and out.is_dir() else None,
                    previous.get("site_digest", ""),
                )
            elif out.is_dir():
                carry_over(out, stage)  # keep the website of the last build
                state["site_digest"] = previous.get("site_digest", "")
    except _Abort:
        return 1
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _say(f"Built into {out} in {time.perf_counter() - started:.1f}s.")
    return 0


def _print(project, stage: Path, root: Path, workers: int | None, cache: Path | None) -> list[dict]:
    """Render every packet into the stage; the manifest of the PDFs made."""
    from ..render.printing import PageBudgetError, render_all

    t = time.perf_counter()
    try:
        results = render_all(project, stage, root, progress=_say, workers=workers, cache=cache)
    except PageBudgetError as exc:
        print(str(exc), file=sys.stderr)
        print("Nothing was built: the print packets must fit their page allotment.", file=sys.stderr)
        raise _Abort from None
    _say(
        f"PDFs: {sum(r.total_pages for r in results)} pages in {len(results)} packets "
        f"on {workers or 'all'} core(s) ({time.perf_counter() - t:.1f}s)"
    )
    return [r.as_dict() for r in results]


def _website(
    project, stage: Path, root: Path, manifest: list[dict], previous: Path | None, previous_digest: str
) -> str:
    """Render the website into the stage; its digest (a next build with the same one reuses it)."""
    from ..render.site import EngineUnavailable, MkDocsWarnings, UnsafeOutput, build_site

    t = time.perf_counter()
    timings: dict = {}
    try:
        pages = build_site(project, stage, root, manifest, timings, previous=previous, previous_digest=previous_digest)
    except MkDocsWarnings as exc:
        print(f"MkDocs reported problems (strict mode):\n{exc}", file=sys.stderr)
        print("Nothing was built.", file=sys.stderr)
        raise _Abort from None
    except EngineUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Nothing was built.", file=sys.stderr)
        raise _Abort from None
    except UnsafeOutput as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Nothing was built: a page would run script. Please report this as a bug.", file=sys.stderr)
        raise _Abort from None
    mkdocs_note = "unchanged, reused" if timings.get("reused") else f"MkDocs {timings['mkdocs']:.2f}s"
    _say(f"Website: {pages} pages ({time.perf_counter() - t:.1f}s: generate {timings['generate']:.2f}s, {mkdocs_note})")
    return timings["digest"]


class _Abort(Exception):
    pass

"""What figures cost: `check` of 10,000 exercises that carry pose data, and a cold full build of
the shipped content with and without its figures.  Writes benchmarks/figures.json.

    .venv/bin/python benchmarks/figures.py            # about 2 minutes on 2 cores
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))

from run import build_cmd, run  # noqa: E402
from synth import generate  # noqa: E402

FIGURE_BLOCK = re.compile(r"^figure:\n(?:  .*\n)+", re.M)


def shipped_figures() -> list[str]:
    """Every shipped exercise's `figure:` block, as written."""
    blocks = []
    for path in sorted((REPO / "content" / "exercises").glob("*.md")):
        m = FIGURE_BLOCK.search(path.read_text(encoding="utf-8"))
        if m:
            blocks.append(m.group(0))
    return blocks


def with_figures(root: Path, blocks: list[str]) -> None:
    """Give every synthetic exercise one of the shipped pose descriptions, in turn."""
    for n, path in enumerate(sorted((root / "content" / "exercises").glob("*.md"))):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("reviewed_by:\n---", "reviewed_by:\n" + blocks[n % len(blocks)] + "---", 1), encoding="utf-8"
        )


def copy_shipped(dest: Path, figures: bool) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    for name in ("templates", "assets", "content"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    if not figures:
        for path in (dest / "content" / "exercises").glob("*.md"):
            path.write_text(FIGURE_BLOCK.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


def main() -> int:
    work = Path(tempfile.gettempdir()) / "handbook-bench-figures"
    work.mkdir(parents=True, exist_ok=True)
    blocks = shipped_figures()
    results: dict = {"figure_blocks": len(blocks)}

    big = generate(work / "n10000", 10000, 250, REPO)
    with_figures(big, blocks)
    check = [sys.executable, str(REPO / "build.py"), "--root", str(big), "check"]
    checks = [run(check)[0] for _ in range(3)]
    results["check_10000_with_figures_s"] = round(min(checks), 2)

    # the two builds take turns, five each, so that a slow minute on a shared machine falls on both
    roots = {
        label: copy_shipped(work / f"shipped-{label}", figures)
        for label, figures in (("without", False), ("with", True))
    }
    times: dict[str, list[float]] = {label: [] for label in roots}
    for _ in range(5):
        for label, root in roots.items():
            out = work / f"out-{label}"
            shutil.rmtree(out, ignore_errors=True)
            times[label].append(run(build_cmd(root, out, "all", "--no-cache"))[0])
    full = {label: round(statistics.median(ts), 2) for label, ts in times.items()}
    results["cold_full_build_without_figures_s"] = full["without"]
    results["cold_full_build_with_figures_s"] = full["with"]
    results["figures_add"] = f"{(full['with'] / full['without'] - 1) * 100:.0f}%"
    results["runs_s"] = {label: [round(t, 2) for t in ts] for label, ts in times.items()}
    (Path(__file__).parent / "figures.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

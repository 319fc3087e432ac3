#!/usr/bin/env python3
"""Benchmarks: `./run.sh bench [--sizes shipped,100,1000,10000] [--full-max 1000]`.

For the shipped content and for synthetic content of each size it measures, each in a fresh
process: `check`; a cold full build split into generation, MkDocs and PDF; PDF pages per second
(and per core); peak memory; a no-change rebuild; a rebuild after editing one exercise; and a
plain `mkdocs build` of the same generated pages, so that our overhead is a ratio that holds on a
noisy machine.  It also renders the same text as plain flowing paragraphs in WeasyPrint (the
baseline for pages per second per core) and compares layout primitives for the cards.
Sizes above --full-max get `check` and the website only (their PDFs take many minutes).
Results: benchmarks/results.json and a Markdown table on stdout (copied into docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).parent))

from synth import generate  # noqa: E402

PY = sys.executable


def run(args: list[str], cwd: Path = REPO) -> tuple[float, float, str]:
    """Run a command in a fresh process: (seconds, peak RSS of its largest process in MB, output)."""
    code = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "el = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'t': el, 'rss': rss, 'rc': p.returncode, 'out': p.stdout + p.stderr}))\n"
    )
    res = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, cwd=cwd)
    data = json.loads(res.stdout)
    if data["rc"] != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{data['out'][-3000:]}")
    return data["t"], data["rss"], data["out"]


def build_cmd(root: Path, out: Path, *extra: str) -> list[str]:
    return [PY, str(REPO / "build.py"), "--root", str(root), *extra, "--out", str(out)]


def parse(out: str) -> dict:
    found = {}
    m = re.search(r"PDFs: (\d+) pages in (\d+) packets .*\(([\d.]+)s\)", out)
    if m:
        found.update(pdf_pages=int(m.group(1)), packets=int(m.group(2)), pdf_s=float(m.group(3)))
    m = re.search(r"Website: (\d+) pages \(([\d.]+)s: generate ([\d.]+)s, MkDocs ([\d.]+)s\)", out)
    if m:
        found.update(
            site_pages=int(m.group(1)),
            site_s=float(m.group(2)),
            generate_s=float(m.group(3)),
            mkdocs_s=float(m.group(4)),
        )
    m = re.search(r"(\d+) of (\d+) packets unchanged \(cached\), (\d+) rendered", out)
    if m:
        found.update(cached=int(m.group(1)), rendered=int(m.group(3)))
    return found


def plain_mkdocs(root: Path, work: Path) -> float:
    """Time the stock `mkdocs build` of exactly the pages our build generates."""
    from handbook import checking
    from handbook.render.site import generate as gen_pages
    from handbook.render.site import write_config

    project, _ = checking.check(root)
    build = work / "plain"
    shutil.rmtree(build, ignore_errors=True)
    (build / "docs").mkdir(parents=True)
    nav, _ = gen_pages(project, build / "docs", root, [])
    shutil.copytree(root / "assets" / "site", build / "docs" / "assets", dirs_exist_ok=True)
    shutil.copytree(root / "assets" / "fonts", build / "docs" / "assets" / "fonts")
    config = write_config(project, build, build / "docs", build / "site", root, nav)
    t, _, _ = run([PY, "-m", "mkdocs", "build", "-q", "-f", str(config)])
    return t


def flowing_text_baseline(root: Path, work: Path) -> dict:
    """WeasyPrint on plain flowing text of the same volume, same font and size, one process."""
    script = f"""
import sys, time
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from handbook import checking
from handbook.render import printing
from weasyprint import HTML
root = Path({str(root)!r})
project, _ = checking.check(root)
paras = []
for e in project.exercises.values():
    paras += [e.title, e.dose_line, *e.all_steps, *e.safety]
css = printing.css_for(root, printing.EDITIONS[0], "letter").split("/* Cards")[0].replace("{{{{SECTION_PAGES}}}}", "")
html = "<html lang=en><head><title>x</title><style>" + css + "</style></head><body>" + "".join(f"<p>{{p}}</p>" for p in paras) + "</body></html>"
HTML(string="<p>warm</p>").render()
t = time.perf_counter()
doc = HTML(string=html, base_url=str(root)).render()
doc.write_pdf(pdf_variant="pdf/ua-1")
el = time.perf_counter() - t
print(len(doc.pages), el)
"""
    out = subprocess.run([PY, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    pages, seconds = int(out[0]), float(out[1])
    return {"pages": pages, "seconds": seconds, "pages_per_s": pages / seconds}


def layout_comparison(root: Path) -> list[dict]:
    """The same cards laid out with inline blocks (used), floats, multi-column and CSS grid."""
    script = f"""
import sys, time, json
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from handbook import checking
from handbook.render import printing
from weasyprint import HTML
root = Path({str(root)!r})
project, _ = checking.check(root)
variants = {{
  "inline-block (used)": "",
  "float": ".card{{display:block;float:left;width:48.9%}} .cards::after{{content:'';display:block;clear:both}} .card:nth-child(odd){{clear:left}}",
  "multi-column": ".cards{{columns:2;column-gap:12pt}} .card{{display:block;width:auto;margin-right:0}}",
  "css grid": ".cards{{display:grid;grid-template-columns:1fr 1fr;column-gap:12pt}} .card{{display:block;width:auto;margin-right:0}}",
}}
HTML(string="<p>warm</p>").render()
rows = []
for name, extra in variants.items():
    total_t, total_pages = 0.0, 0
    for g in project.guides:
        html = printing.packet_html(project, g, printing.EDITIONS[0], root).replace("</style>", extra + "</style>")
        t = time.perf_counter(); doc = HTML(string=html, base_url=str(root)).render(); total_t += time.perf_counter() - t
        total_pages += len(doc.pages)
    rows.append({{"layout": name, "seconds": round(total_t, 2), "pages": total_pages}})
print(json.dumps(rows))
"""
    out = subprocess.run([PY, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(label: str, root: Path, work: Path, full: bool) -> dict:
    out = work / f"site-{label}"
    r: dict = {"size": label}
    t, rss, _ = run([PY, str(REPO / "build.py"), "--root", str(root), "check"])
    r["check_s"] = round(t, 2)
    r["check_rss_mb"] = round(rss)
    shutil.rmtree(root / ".build", ignore_errors=True)
    if full:
        t, rss, text = run(build_cmd(root, out, "all", "--no-cache"))
        r.update(full_cold_s=round(t, 2), full_rss_mb=round(rss), **parse(text))
        r["pages_per_s"] = round(r["pdf_pages"] / r["pdf_s"], 1)
        r["pages_per_s_per_core"] = round(r["pages_per_s"] / min(os.cpu_count(), r["packets"]), 1)
        run(build_cmd(root, out, "all"))  # fill the cache
        t, _, text = run(build_cmd(root, out, "all"))
        r["nochange_s"] = round(t, 2)
        r["nochange_ratio"] = round(t / r["full_cold_s"], 2)
        victim = sorted((root / "content/exercises").glob("*.md"))[0]
        original = victim.read_text()
        victim.write_text(original.replace("\n1. ", "\n1. Gently, ", 1))
        t, _, text = run(build_cmd(root, out, "all"))
        victim.write_text(original)
        r["one_edit_s"] = round(t, 2)
        r["one_edit_rendered"] = parse(text).get("rendered")
    else:
        t, rss, text = run(build_cmd(root, out, "site"))
        r.update(site_only_s=round(t, 2), full_rss_mb=round(rss), **parse(text))
    t, _, text = run(build_cmd(root, out, "site"))
    r["our_site_build_s"] = round(t, 2)
    r["plain_mkdocs_s"] = round(plain_mkdocs(root, work), 2)
    r["site_over_plain_mkdocs"] = round(r["our_site_build_s"] / r["plain_mkdocs_s"], 2)
    if full:
        r["full_over_plain_mkdocs"] = round(r["full_cold_s"] / r["plain_mkdocs_s"], 2)
        r["nochange_over_plain_mkdocs"] = round(r["nochange_s"] / r["plain_mkdocs_s"], 2)
    return r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="shipped,100,1000,10000")
    ap.add_argument("--full-max", type=int, default=1000, help="largest size that also builds PDFs")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "handbook-bench")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}",
        "date": time.strftime("%Y-%m-%d"),
        "rows": [],
    }
    for size in args.sizes.split(","):
        if size == "shipped":
            root = args.work / "shipped"
            shutil.rmtree(root, ignore_errors=True)
            for name in ("content", "templates", "assets"):
                shutil.copytree(REPO / name, root / name)
            shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
            full = True
        else:
            n = int(size)
            root = generate(args.work / f"synth-{n}", n, max(1, n // 40), REPO)
            full = n <= args.full_max
        print(f"measuring {size} ...", file=sys.stderr, flush=True)
        row = measure(size, root, args.work, full)
        print(json.dumps(row), file=sys.stderr, flush=True)
        results["rows"].append(row)
        if size == "shipped":
            results["baseline_flowing_text"] = flowing_text_baseline(root, args.work)
            results["layouts"] = layout_comparison(root)
    (Path(__file__).parent / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

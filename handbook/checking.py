"""What `check` runs, and every command first: load -> validate -> the model, the review rules,
and the report of the problems found (path:line: field: message)."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

from .diagnostics import Report
from .load import load_project
from .model import Project
from .validate import AWAITING, review_warnings, validate

# From this many exercise files, `check` reads and checks them in two processes (about 0.4 s saved
# per 10,000 files on two cores); below it, starting a worker costs more than it saves.
PARALLEL_FROM = 2000


def check(root: Path, today: dt.date | None = None, parallel_from: int = PARALLEL_FROM) -> tuple[Project, Report]:
    report = Report()
    # Loading builds hundreds of thousands of small objects and no reference cycles worth
    # collecting; the cyclic GC would otherwise run over them again and again (20% of `check`).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        raw = load_project(root, report, defer_over=parallel_from)
        project = validate(raw, report)
        review_warnings(project, report, today or dt.date.today())
    finally:
        if was_enabled:
            gc.enable()
    return project, report


def print_report(report: Report, github: bool, strict: bool) -> int:
    """Every problem of a run, errors to stderr, with GitHub annotations when asked; 1 if any fails
    the run (warnings too with --strict).  Awaiting-review warnings are counted in one line."""
    problems = report.sorted()
    awaiting = sum(p.severity == "warning" and p.message == AWAITING for p in problems)
    if awaiting and not strict:  # one line, not one per file: real problems must stay visible
        problems = [p for p in problems if not (p.severity == "warning" and p.message == AWAITING)]
        print(f"note: {awaiting} file(s) are awaiting clinical review (`check --strict` lists them).")
    for p in problems:
        print(p.format(), file=sys.stderr if p.severity == "error" else sys.stdout)
        if github:
            print(p.github_annotation())
    errors = len(report.errors) + (len(report.warnings) if strict else 0)
    warnings = len(report.warnings)
    if errors:
        print(
            f"Found {len(report.errors)} error(s) and {warnings} warning(s)"
            + (" (--strict: warnings fail the check)." if strict and warnings else "."),
            file=sys.stderr,
        )
        return 1
    if warnings:
        print(f"Content is valid ({warnings} warning(s); `--strict` makes them errors).")
    return 0

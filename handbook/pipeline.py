"""Run the stages in order: load -> validate -> model; shared by every command."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from .diagnostics import Report
from .load import load_project
from .model import Project
from .validate import review_warnings, validate

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

"""Run the stages in order: load -> validate -> model; shared by every command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .diagnostics import Report
from .load import load_project
from .model import Project
from .validate import review_warnings, validate


def check(root: Path, today: dt.date | None = None) -> tuple[Project, Report]:
    report = Report()
    raw = load_project(root, report)
    project = validate(raw, report)
    review_warnings(project, report, today or dt.date.today())
    return project, report

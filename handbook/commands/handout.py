"""Custom handouts: a clinician's choice of exercises and doses, rendered with the print templates.

`build.py handout plan.yml -o handout.pdf` (for clinics that make PDFs in bulk) and the data the
website's "Make a handout" page works from both come from here.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from .. import checking
from .. import model as m
from ..diagnostics import Report, did_you_mean
from ..load import load_yaml_file
from ..validate import check_fields

DEFAULT_TITLE, INSTRUCTIONS, NOTES_LABEL = m.HANDOUT_TITLE, m.HANDOUT_INSTRUCTIONS, m.NOTES_LABEL
WRITE_IN = "write-in"


@dataclasses.dataclass
class Plan:
    path: str
    exercises: list[m.Exercise]
    write_in: set[str]
    title: str = DEFAULT_TITLE
    patient: str = ""
    date: str = ""
    therapist: str = ""
    clinic: str = ""
    notes: str = ""
    large_print: bool = False
    log_page: bool = False

    @property
    def prepared(self) -> str:
        who = ", ".join(x for x in (self.therapist, self.clinic) if x)
        parts = [f"Prepared for {self.patient}" if self.patient else "", f"by {who}" if who else "", self.date]
        return " · ".join(p for p in (" ".join(x for x in parts[:2] if x), parts[2]) if p)


def load_plan(plan_path: Path, project: m.Project, root: Path, report: Report) -> Plan | None:
    shown = plan_path.as_posix()
    src = load_yaml_file(plan_path, shown, report)
    if not src.ok or src.data is None:
        return None
    ctx = {"report": report, "path": shown, "root": root, "regions": project.regions, "vocabulary": project.vocabulary}
    values = check_fields(src.data, src.data_line, m.PLAN_FIELDS, ctx)
    chosen: list = []
    write_in: set = set()
    seen: dict = {}
    for i, item in enumerate(values.get("exercises") or [], 1):
        slug = item["exercise"]
        ex = project.exercises.get(slug)
        if ex is None:
            report.error(
                shown,
                item["_line"],
                f"exercises[{i}]",
                f'no exercise "{slug}" in content/exercises/',
                did_you_mean(slug, project.exercises) or "use the file name without .md",
            )
            continue
        if slug in seen:
            report.error(
                shown, item["_line"], f"exercises[{i}]", f'"{slug}" is listed twice (first on line {seen[slug]})'
            )
            continue
        seen[slug] = item["_line"]
        changes = {k: item[k] for k in m.DOSE_FIELDS if item.get(k) is not None}
        if changes:
            changes.setdefault("dose_note", "")
            ex = dataclasses.replace(ex, **changes)
        if item.get("dose") == WRITE_IN:
            write_in.add(slug)
        chosen.append(ex)
    if report.errors:
        return None
    date = values.get("date")
    return Plan(
        shown,
        chosen,
        write_in,
        title=values.get("title") or DEFAULT_TITLE,
        patient=values.get("patient") or "",
        date=date.isoformat() if date else "",
        therapist=values.get("therapist") or "",
        clinic=values.get("clinic") or "",
        notes=values.get("notes") or "",
        large_print=bool(values.get("large_print")),
        log_page=bool(values.get("log_page")),
    )


def as_guide(plan: Plan) -> m.Guide:
    first = plan.exercises[0]
    section = m.Section(first.region, plan.patient or "Your exercises", pages=10_000, exercises=plan.exercises)
    instructions = list(INSTRUCTIONS) + ([f"{NOTES_LABEL} {plan.notes}"] if plan.notes else [])
    return m.Guide(
        slug="handout",
        path=plan.path,
        title=plan.title,
        print_title=plan.title,
        summary=plan.title,
        general_instructions=instructions,
        sections=[section],
    )


def render_handout(project: m.Project, plan: Plan, out_pdf: Path, root: Path) -> int:
    from ..render.printing import (
        EDITIONS,
        PDF_OPTIONS,
        PageBudgetError,
        overflow_problems,
        packet_html,
        render_document,
    )

    edition = EDITIONS[1] if plan.large_print else EDITIONS[0]
    guide = as_guide(plan)
    html = packet_html(project, guide, edition, root, handout=plan)
    doc = render_document(html, root)
    problems = overflow_problems(doc, {e.slug: e.path for e in plan.exercises}, plan.path, edition.large)
    if problems:
        raise PageBudgetError("\n".join(p.format() for p in problems))
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    out_pdf.write_bytes(doc.write_pdf(**PDF_OPTIONS))
    return len(doc.pages)


def command(root: Path, plan_path: Path, out_pdf: Path) -> int:
    from ..render.printing import PageBudgetError

    project, report = checking.check(root)
    content_errors = report.errors
    if content_errors:
        checking.print_report(report, github=False, strict=False)
        return 1
    report = Report()
    plan = load_plan(plan_path, project, root, report)
    if plan is None:
        for p in report.sorted():
            print(p.format(), file=sys.stderr)
        print(f"Found {len(report.errors)} problem(s) in {plan_path}; no handout was written.", file=sys.stderr)
        return 1
    try:
        pages = render_handout(project, plan, out_pdf, root)
    except PageBudgetError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Wrote {out_pdf}: {len(plan.exercises)} exercises on {pages} page(s).")
    return 0

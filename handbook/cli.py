"""Command line: `python build.py [check|site|pdf|serve|new|all] ...`.  Only parses and dispatches."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import checking

ROOT = Path(__file__).resolve().parent.parent


# What `check` built stays referenced until the process ends: freeing 10,000 exercises' objects
# one by one takes longer than checking them does (build.py then ends the process at once, as mypy
# does; the operating system takes the memory back in one step).
KEEP_UNTIL_EXIT: list = []


def cmd_check(args) -> int:
    project, report = checking.check(args.root)
    KEEP_UNTIL_EXIT[:] = [(project, report)]  # the last check's only: a caller may run many
    printed = None
    if args.print and not report.errors:
        from .commands.build import CACHE
        from .render.printing import check_print

        printed = check_print(project, args.root, report, args.root / CACHE)
    code = checking.print_report(report, args.github, args.strict)
    if code == 0:
        print(f"OK: {len(project.exercises)} exercises, {len(project.guides)} guides, {len(project.pages)} pages.")
        if printed is not None:
            print(
                f"Print: every packet fits its pages ({printed[0]} laid out, {printed[1]} proven by an "
                f"earlier build or check)."
            )
    if args.readability and code == 0:
        from .commands.readability import report as readability_report

        readability_report(project)
    return code


def _build(args, site: bool, pdf: bool) -> int:
    from .commands.build import build

    return build(
        args.root,
        args.out,
        site=site,
        pdf=pdf,
        strict=args.strict,
        cache=not args.no_cache,
        workers=args.workers,
        files=args.files,
    )


def cmd_site(args) -> int:
    return _build(args, site=True, pdf=False)


def cmd_pdf(args) -> int:
    return _build(args, site=False, pdf=True)


def cmd_all(args) -> int:
    return _build(args, site=True, pdf=True)


def cmd_serve(args) -> int:
    from .commands.serve import serve

    return serve(args.root, args.port)


def cmd_handout(args) -> int:
    from .commands.handout import command

    # by default beside the plan, where the clinic keeps this patient's files: never into the
    # folder the command happens to run in (often this repository, where a patient's name must not go)
    return command(args.root, args.plan, args.output or args.plan.with_suffix(".pdf"))


def cmd_new(args) -> int:
    from .commands.scaffold import new_exercise

    return new_exercise(args.root, args.title, args.region)


def source_date_epoch(root: Path) -> str:
    """Builds of one commit must be byte-identical: date them by the commit, not the clock
    (the sitemap's dates and the PDFs' metadata use it).  Outside git, a fixed date."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=10
        )
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return "1767225600"  # 2026-01-01


def _parser() -> argparse.ArgumentParser:
    """The command line: build.py [--root FOLDER] COMMAND [options]."""
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Check exercise content and build the website and print packets. "
        "With no command: check, then build the site and the PDFs into site/.",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this one)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add(
        "check", cmd_check, "Check every file under content/ and report every problem as path:line: field: message."
    )
    p.add_argument("--strict", action="store_true", help="treat warnings (e.g. awaiting clinical review) as errors")
    p.add_argument("--github", action="store_true", help="also print GitHub Actions annotations (::error file=...)")
    p.add_argument("--readability", action="store_true", help="report the reading grade of each exercise's steps")
    p.add_argument(
        "--print",
        action="store_true",
        help="also lay out the print packets: a section over its pages or a card taller than a page "
        "(what `build` would fail on), at the line to change; packets an earlier build or check "
        "proved are not laid out again",
    )
    _commands_of_a_build(add)
    p = add("serve", cmd_serve, "Live preview on 127.0.0.1: rebuilds when content changes.")
    p.add_argument("--port", type=int, default=8000)
    p = add("new", cmd_new, "Write a new exercise file from the template.")
    p.add_argument("title", help='the exercise title, in quotes: "Seated Calf Stretch"')
    p.add_argument("--region", required=True, help="a key of content/regions.yml")

    p = add("handout", cmd_handout, "Render a custom handout from a plan file (exercises, doses, patient fields).")
    p.add_argument("plan", type=Path, help="the plan, a YAML file (see CONTRIBUTING.md, Custom handouts)")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="the PDF to write (default: beside the plan, named like it: plan.yml -> plan.pdf)",
    )
    return parser


def _commands_of_a_build(add) -> None:
    """site, pdf and all: check, then build, with the same options."""
    for name, func, text in (
        ("site", cmd_site, "Check, then build the website into site/."),
        ("pdf", cmd_pdf, "Check, then build the print PDFs into site/print/."),
        ("all", cmd_all, "Check, then build the website and the PDFs (the default)."),
    ):
        p = add(name, func, text)
        p.add_argument("--out", type=Path, default=None, help="output folder (default: site/)")
        p.add_argument("--strict", action="store_true", help="treat warnings as errors (for release builds)")
        p.add_argument(
            "--no-cache",
            action="store_true",
            help="render every PDF again instead of reusing unchanged ones from .build/pdf-cache",
        )
        p.add_argument("--workers", type=int, default=None, help="PDF rendering processes (default: one per core)")
        p.add_argument(
            "--files",
            action="store_true",
            help="a copy to open from disk, without a web server (a pull request's preview): pages are "
            "named page.html, not page/ (MkDocs' use_directory_urls: false)",
        )


def _build_date(root: Path) -> bool:
    """SOURCE_DATE_EPOCH for a build (the dates in its PDFs): as given, or the last commit's date;
    False, after saying why, when the one given is not a date."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is not None and not (given.strip().isdigit() and int(given) < 253402300800):  # year 9999
        print(
            f"error: SOURCE_DATE_EPOCH is {given!r}; it must be a number of seconds since 1970 "
            "(or unset it: builds then use the last commit's date)",
            file=sys.stderr,
        )
        return False
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(root))
    return True


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["all", *(argv or sys.argv[1:])])
    args.root = Path(os.path.abspath(args.root))  # a relative --root works like the folder it names
    if getattr(args, "out", "unset") is None:
        args.out = args.root / "site"
    if args.command in ("site", "pdf", "all", "serve", "handout") and not _build_date(args.root):
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except OSError as exc:  # the machine, not the content: a read-only or full disk, a size limit
        where = f" {exc.filename}" if exc.filename else ""
        print(f"error: cannot write{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2

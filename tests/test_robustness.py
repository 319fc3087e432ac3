"""A bad file never takes the site down, loses content, or slips a script onto the site."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_build_py
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.checking import check
from handbook.diagnostics import Report
from handbook.load import load_markdown_file


def tree_hash(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def site_with_build(project, tmp_path):
    out = tmp_path / "site"
    result = run_build_py("site", "--out", str(out), root=project)
    assert result.returncode == 0, result.stderr
    return project, out


def test_failed_build_leaves_previous_site_untouched(site_with_build):
    project, out = site_with_build
    before = tree_hash(out)
    (project / "content/exercises/broken.md").write_text("---\ntitle: [unclosed\n---\n")
    result = run_build_py("all", "--out", str(out), root=project)
    assert result.returncode == 1
    assert tree_hash(out) == before


def children(pid: int) -> list[int]:
    found = []
    for d in Path("/proc").iterdir():
        try:
            if d.name.isdigit() and int((d / "stat").read_text().split()[3]) == pid:
                found.append(int(d.name))
        except (OSError, ValueError, IndexError):
            pass
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().split()[2] != "Z"  # a zombie is dead
    except OSError:
        return False


@pytest.mark.slow
def test_killed_build_leaves_previous_site_untouched(site_with_build):
    project, out = site_with_build
    before = tree_hash(out)
    # change the content so that a completed build would differ, then kill the build mid-way
    p = project / "content/exercises/hip-rotation.md"
    p.write_text(p.read_text().replace("title: Hip Rotation", "title: Hip Rotation Changed"))
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--root", str(project), "all", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in proc.stdout:  # wait until it is rendering PDFs: well past the start, far from done
        if "print/" in line and ".pdf" in line:
            break
    workers = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.5)
    assert [w for w in workers if alive(w)] == [], "PDF workers outlived the killed build"
    assert tree_hash(out) == before
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".site.")]
    # a later build sweeps the staging folder the killed one left behind
    result = run_build_py("site", "--out", str(out), root=project)
    assert result.returncode == 0
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".site.")], leftovers
    assert "Hip Rotation Changed" in (out / "exercises/hip-rotation/index.html").read_text()


def test_refuses_to_clear_a_folder_it_did_not_create(project, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me")
    result = run_build_py("site", "--out", str(precious), root=project)
    assert result.returncode == 1
    assert "refusing to replace" in result.stderr and "not made by build.py" in result.stderr
    assert (precious / "letter.txt").read_text() == "keep me"


def test_refuses_to_write_into_content(project):
    result = run_build_py("site", "--out", str(project / "content" / "site"), root=project)
    assert result.returncode == 1
    assert "holds the content" in result.stderr


def test_build_never_changes_content(project, tmp_path):
    before = tree_hash(project / "content")
    assert run_build_py("site", "--out", str(tmp_path / "o"), root=project).returncode == 0
    assert tree_hash(project / "content") == before


# --- fuzzing ------------------------------------------------------------------------------------

FIELDS = [
    "title",
    "region",
    "type",
    "position",
    "helper",
    "reps",
    "hold",
    "safety",
    "sides",
    "sets",
    "rest",
    "figure",
    "figure_alt",
    "reviewed",
    "aliases",
    "conditions",
    "hodl",
    "summary",
]
scalars = st.one_of(
    st.sampled_from(
        [
            "10",
            "8-10",
            "40-20",
            "none",
            "no",
            "yes",
            "1:30",
            "010",
            "0x1F",
            "~",
            "null",
            "''",
            '"x: y"',
            "lower-extremities",
            "passive",
            "[a, b]",
            "{a: 1}",
            "&a x",
            "*a",
            "!!python/none",
            "2026-02-30",
            "- x",
            "|",
            ">",
            "'unclosed",
            "[",
            "@x",
            "`y`",
            "%TAG",
            "as-prescribed",
            "-3",
            "1e9",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=25),
)


@st.composite
def exercise_files(draw):
    lines = []
    for _ in range(draw(st.integers(0, 10))):
        key = draw(st.sampled_from(FIELDS))
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(scalars)}")
        else:
            lines.append(f"{key}:")
            lines += [f"  - {draw(scalars)}" for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        lines.insert(0, draw(scalars))
    head = draw(st.sampled_from(["---\n", "", "---\r\n", "\ufeff---\n", "--- \n"]))
    tail = draw(st.sampled_from(["\n---\n", "\n", "\n...\n", "\n---"]))
    body = draw(st.text(max_size=200)) + draw(
        st.sampled_from(["", "\n1. Step one.\n", "\n<b>x</b>\n", "\n[x](javascript:y)\n", "\n## Other\n"])
    )
    return head + "\n".join(lines) + tail + body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=exercise_files())
def test_fuzz_loader_never_raises(tmp_path_factory, text):
    path = tmp_path_factory.getbasetemp() / "fuzz.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = Report()
    src = load_markdown_file(path, "content/exercises/fuzz.md", report)
    assert src.ok or report.errors


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=exercise_files())
def test_fuzz_whole_check_ends_in_model_or_problems(project, text):
    (project / "content/exercises/fuzz.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    proj, report = check(project)
    assert "fuzz" in proj.exercises or any(p.path == "content/exercises/fuzz.md" for p in report.errors)
    for p in report.problems:
        assert p.line >= 1 and p.field and p.message


def test_unchanged_site_is_reused_and_never_stale(site_with_build):
    project, out = site_with_build
    again = run_build_py("site", "--out", str(out), root=project)
    assert "unchanged, reused" in again.stdout
    assert (out / "exercises/bird-dog/index.html").is_file() and (out / "search/search_index.json").is_file()
    p = project / "content/exercises/bird-dog.md"
    p.write_text(p.read_text().replace("title: Bird Dog", "title: Bird Dog Reach"))
    edited = run_build_py("site", "--out", str(out), root=project)
    assert "unchanged, reused" not in edited.stdout
    assert "Bird Dog Reach" in (out / "exercises/bird-dog/index.html").read_text()
    assert "Bird Dog Reach" in (out / "search/search_index.json").read_text()


@pytest.mark.slow
def test_a_relative_root_builds_like_an_absolute_one(project):
    """`build.py --root some-folder` from another folder: it ended in a traceback (a relative path
    has no file:// address for the print fonts)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", project.name, "pdf", "--out", "out"],
        cwd=project.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert (project.parent / "out/print/passive-range-of-motion/passive-range-of-motion.pdf").is_file()

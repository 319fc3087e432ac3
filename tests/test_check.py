"""`build.py check`: every kind of bad content gets one clear path:line: field: message."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import run_build_py, run_cli

BAD = Path(__file__).parent / "bad"
CASES = yaml.safe_load((BAD / "cases.yml").read_text(encoding="utf-8"))


def place(project: Path, name: str) -> str:
    folder = "guides" if name.endswith(".yml") else "exercises"
    shutil.copy2(BAD / name, project / "content" / folder / name)
    if name == "figure-without-alt.md":  # the figure exists; only the alt text is missing
        (project / "content" / "figures").mkdir(exist_ok=True)
        (project / "content" / "figures" / "toe-tap.svg").write_text(
            "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"
        )
    return f"content/{folder}/{name}"


def test_corpus_is_complete():
    files = {p.name for p in BAD.iterdir() if p.is_file() and p.name != "cases.yml"}
    assert files == set(CASES), "every bad file needs its expected messages in cases.yml, and back"
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_reports_exact_problem(project, name):
    path = place(project, name)
    result = run_cli("check", root=project)
    assert result.code == 1, result.text
    for expected in CASES[name]:
        line = f"{path}:{expected}"
        assert line in result.text.splitlines(), f"missing:\n{line}\n--- got:\n{result.text}"
    assert "Traceback" not in result.text
    # the problem is the bad file's, never the good content's
    for reported in result.text.splitlines():
        if reported.startswith("content/") and ": warning:" not in reported:
            assert reported.startswith(path) or name == "duplicate-title.md", reported


def test_every_problem_of_a_file_in_one_run(project):
    text = (
        (BAD / "hold-thirty.md")
        .read_text()
        .replace("type: active", "type: pasive")
        .replace("region: lower-extremities", "region: legs")
        .replace("safety:", "sources: [A handout]\nsafety:")
    )
    (project / "content/exercises/many.md").write_text(text)
    result = run_cli("check", root=project)
    lines = [l for l in result.text.splitlines() if l.startswith("content/exercises/many.md")]
    assert [l.split(":")[1:3] for l in lines] == [["3", " region"], ["4", " type"], ["8", " hold"]]


def test_did_you_mean_for_unknown_field(project):
    place(project, "unknown-field-hodl.md")
    result = run_cli("check", root=project)
    assert 'hint: did you mean "hold"?' in result.text


def test_clean_content_exits_zero():
    result = run_cli("check")
    assert result.code == 0, result.text
    assert re.search(r"^OK: \d+ exercises, \d+ guides, \d+ pages\.$", result.out, re.M), result.out


def test_strict_turns_review_warnings_into_failure(project):
    path = project / "content/exercises/hip-rotation.md"  # whatever its review state in the shipped content
    path.write_text(re.sub(r"^reviewed:.*$", "reviewed:", path.read_text(), count=1, flags=re.M))
    result = run_cli("check", "--strict", root=project)
    assert result.code == 1
    assert "content/exercises/hip-rotation.md:" in result.text and "awaiting clinical review" in result.text


def test_silent_accepts_are_located(project):
    guide = project / "content/guides/passive-range-of-motion.yml"
    (project / "content/guides/extra.yaml").write_text(guide.read_text())
    text = guide.read_text().replace(
        "  - region: upper-extremities\n", '  - region: upper-extremities\n    title: ""\n', 1
    )
    guide.write_text(text)
    ex = project / "content/exercises/hip-rotation.md"
    ex.write_text(ex.read_text() + "\n**Warning:** do not twist the knee.\n")
    result = run_cli("check", root=project)
    assert "content/guides/extra.yaml:1: file: files in content/guides/ must end in .yml" in result.text
    assert re.search(r"hip-rotation.md:\d+: body: a caution in the steps prints outside the safety box", result.text)
    assert "passive-range-of-motion.yml" not in result.text  # an empty section title falls back to the region's


def test_files_that_must_simply_work(project):
    """BOM, CRLF line endings, emoji, accents, Spanish and Chinese, trailing spaces."""
    text = (
        "---  \r\ntitle: Estiramiento de pantorrilla – 小腿伸展 🙂  \r\nregion: lower-extremities\r\n"
        "type: stretch\r\nposition: standing\r\nhelper: optional\r\nreps: 2\r\nhold: 20-40\r\nreps_and_hold: both\r\n"
        'sources: [Guía de estiramientos]\r\nsafety:\r\n  - "Sujétese a algo firme. 抓住稳固的东西。"   \r\n---\r\n\r\n'
        "1. Póngase de pie junto a la encimera.  \r\n2. 慢慢地向后迈步。\r\n"
    )
    (project / "content/exercises/calf-es.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run_cli("check", root=project)
    assert result.code == 0, result.text


def test_usage_error_exits_two():
    result = run_build_py("check", "--no-such-flag")
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_subprocess_never_shows_traceback(project):
    for name in ("python-tag.md", "not-utf8.md", "anchors-and-aliases.md", "empty.md"):
        place(project, name)
    result = run_build_py("check", root=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.count("content/exercises/") >= 4


def test_github_annotations(project):
    place(project, "hold-thirty.md")
    result = run_cli("check", "--github", root=project)
    assert (
        "::error file=content/exercises/hold-thirty.md,line=8,title=hold::expected seconds (30), a range "
        '(20-40), none or as-prescribed; got "thirty" (hint: for example: 30)'
    ) in result.out


def test_huge_file_is_refused(project):
    big = (BAD / "hold-thirty.md").read_text().replace("hold: thirty", "hold: 30") + ("x" * 1_000_100)
    (project / "content/exercises/huge.md").write_text(big)
    result = run_cli("check", root=project)
    assert result.code == 1
    assert "content/exercises/huge.md:1: file: file is 1,000,2" in result.text


def test_page_links_and_html_checked_in_pages(project):
    (project / "content/pages/extra.md").write_text(
        "---\ntitle: Extra\n---\n\nSee [x](../exercises/nope.md) and <iframe src=x></iframe>.\n"
    )
    result = run_cli("check", root=project)
    assert 'content/pages/extra.md:5: body: link to missing page "../exercises/nope.md"' in result.text
    assert "content/pages/extra.md:5: body: raw HTML (<iframe src=x>) is not allowed" in result.text


def test_guide_exercise_in_wrong_region(project):
    path = project / "content/guides/passive-range-of-motion.yml"
    path.write_text(
        path.read_text().replace("      - hamstring-stretch\n", "      - hamstring-stretch\n      - neck-rotation\n", 1)
    )
    result = run_cli("check", root=project)
    assert result.code == 1
    assert "neck-rotation is in region upper-extremities, not lower-extremities" in result.text


def test_many_files_are_checked_in_two_processes_with_the_same_verdict(project):
    """Very large projects are read and checked in two processes; the verdict is the one a single
    process gives: every problem (the duplicate title across the halves included) and the model."""
    import dataclasses

    from handbook import checking

    for name in CASES:
        place(project, name)
    one, one_report = checking.check(project, parallel_from=10**9)
    two, two_report = checking.check(project, parallel_from=0)
    assert two_report.sorted() == one_report.sorted()
    assert any("is also used by" in p.message for p in two_report.problems)
    assert list(two.exercises) == list(one.exercises) and len(one.exercises) > 30

    def fields(ex):
        return [(f.name, getattr(ex, f.name)) for f in dataclasses.fields(ex) if f.name not in ("guide", "guides")]

    for slug, ex in one.exercises.items():
        assert fields(two.exercises[slug]) == fields(ex), slug
        assert (two.exercises[slug].guide or ex).slug == (ex.guide or ex).slug
        assert [g.slug for g in two.exercises[slug].guides] == [g.slug for g in ex.guides]
        assert two.exercises[slug].region is two.regions[ex.region.key]
    assert [[e.slug for e in g.exercises] for g in two.guides] == [[e.slug for e in g.exercises] for g in one.guides]


def test_two_pages_whose_titles_differ_only_in_spacing_or_case_are_one_error(project):
    """A page titled like another but for case or a doubled space was a KeyError (the lookup used a
    different key from the one stored); now it is a located problem naming the other page."""
    path = project / "content" / "pages" / "when-to-stop.md"
    title = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    about = project / "content" / "pages" / "about.md"
    about_title = next(line for line in about.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    twin = about_title.removeprefix("title: ").upper().replace(" ", "  ", 1)
    path.write_text(path.read_text(encoding="utf-8").replace(title, f'title: "{twin}"', 1), encoding="utf-8")
    result = run_cli("check", root=project)
    assert result.code == 1 and "Traceback" not in result.text
    assert (
        "content/pages/when-to-stop.md:2: title: title" in result.text
        and "is also used by content/pages/about.md" in result.text
    )


def test_a_link_to_a_guides_settings_file_is_located(project):
    """A link to a guide's .yml passed check and failed only in MkDocs (no such page): check says
    so at the line, and names the page to link to."""
    path = project / "content" / "pages" / "about.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nSee [the MS guide](../guides/mobility-for-ms.yml).\n", encoding="utf-8"
    )
    line = len(path.read_text(encoding="utf-8").splitlines())
    result = run_cli("check", root=project)
    assert result.code == 1
    expected = f'content/pages/about.md:{line}: body: link "../guides/mobility-for-ms.yml" is to a settings file'
    assert expected in result.text, result.text
    assert "hint: link to the page made from it: ../guides/mobility-for-ms.md" in result.text


def test_a_yes_no_site_setting_must_be_yes_or_no(project):
    """use_directory_urls: "no" reached MkDocs as the text "no"; anything but yes or no is named."""
    config = project / "mkdocs.yml"
    text = config.read_text() + "use_directory_urls: maybe\n"
    config.write_text(text)
    result = run_cli("check", root=project)
    assert result.code == 1
    assert f"mkdocs.yml:{len(text.splitlines())}: use_directory_urls: expected yes or no" in result.text
    config.write_text(text.replace("maybe", "no"))
    assert run_cli("check", root=project).code == 0


def test_a_link_to_a_heading_names_one_the_page_has(project, tmp_path):
    """MkDocs refuses a link to a heading a page does not have; check said nothing, so the build
    failed where check had passed.  Now check names it at its line, and what check accepts, MkDocs
    accepts too."""
    page = project / "content/pages/accessibility.md"
    good = "\nSee [pain](when-to-stop.md#pain), [the top](#accessibility) and [sources](when-to-stop.md#sources).\n"
    bad = (
        "\nSee [nothing](when-to-stop.md#no-such-heading), [nope](#nope) and "
        "[a guide's](../guides/passive-range-of-motion.md#steps).\n"
    )
    text = page.read_text()
    page.write_text(text + good + bad)
    line = len((text + good).splitlines()) + 2  # after the blank line that starts `bad`
    result = run_cli("check", root=project)
    assert result.code == 1
    where = f"content/pages/accessibility.md:{line}: body: link"
    assert f'{where} "when-to-stop.md#no-such-heading": the page has no heading #no-such-heading' in result.text
    assert f'{where} "#nope": the page has no heading #nope' in result.text
    assert (
        f'{where} "../guides/passive-range-of-motion.md#steps" names a heading of a page the build writes'
        in result.text
    )
    assert len([l for l in result.text.splitlines() if l.startswith("content/")]) == 3
    # "#" alone is the top of a page, and a "## " line in a fenced block is no heading (MkDocs
    # always reads fences): check and MkDocs agree on both
    fence = "\n```\n## not a heading\n```\n\nSee [the top](#) and [fenced](#not-a-heading).\n"
    page.write_text(text + good + fence)
    result = run_cli("check", root=project)
    assert [l for l in result.text.splitlines() if l.startswith("content/")] == [
        f'content/pages/accessibility.md:{len((text + good + fence).splitlines())}: body: link "#not-a-heading": '
        "the page has no heading #not-a-heading"
    ]
    page.write_text(text + good)
    assert run_cli("check", root=project).code == 0
    assert run_build_py("site", "--out", str(tmp_path / "out"), root=project).returncode == 0


@pytest.mark.parametrize("before", ["", "Keep your heart rate < 120.\n\n"])
def test_a_page_heading_of_one_or_five_hashes_is_named_at_its_line(project, before):
    """A `# heading` in a page's text (the title is the page's only one) was accepted, unless the
    text held a `<` or `[` somewhere: then it was "raw HTML (<h1>)" at a wrong line."""
    page = project / "content/pages/accessibility.md"
    text = page.read_text() + "\n" + before + "# Next steps\n\nMore.\n\n##### Tiny\n"
    page.write_text(text)
    lines = text.splitlines()
    result = run_cli("check", root=project)
    assert result.code == 1
    assert (
        f"content/pages/accessibility.md:{lines.index('# Next steps') + 1}: body: a # heading is not allowed in the "
        "text: the title is the page's only one"
    ) in result.text
    assert f"content/pages/accessibility.md:{lines.index('##### Tiny') + 1}: body: a heading of 5 #" in result.text

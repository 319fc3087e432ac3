"""Custom handouts: from the command line and from the website, checked in the PDFs they make."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_build_py
from playwright.sync_api import expect
from pypdf import PdfReader

from handbook.render.site import read_data

pytestmark = pytest.mark.slow
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_cli_renders_a_plan(tmp_path):
    out = tmp_path / "handout.pdf"
    result = run_build_py("handout", str(ROOT / "examples/handout-plan.yml"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out}: 3 exercises on" in result.stdout
    text = flat(text_of(out))
    order = [text.index(t) for t in ("Heel-Cord Stretching", "Neck Rotation", "Glute Bridge")]
    assert order == sorted(order)
    assert "Home Exercise Program (Maria Lopez) – Page 1 of" in text
    assert "Dose: 10 times, each leg, or hold 30 seconds · Ideally once a day" in text  # default dose
    assert "Dose: 5 times, or hold 30 seconds · Twice a day" in text  # the patient's dose, still either/or
    # write in by hand: each blank stays with its words (the phrases may stand on lines of their own)
    assert all(f"{part} ·" in text for part in ("Dose: __________ times", "__________ sets", "Hold __________ seconds"))
    assert "Prepared for Maria Lopez by Sam Lee, PT, Riverside ALS Clinic · 2026-11-22" in text
    # page 1 says who it is for, who prescribed it and when, with lines for the clinic's phone and
    # the next review; later pages do not repeat it
    pages = [
        flat(
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(out), "-"], capture_output=True, text=True, check=True
            ).stdout
        )
        for n in (1, 2)
    ]
    for part in (
        "For: Maria Lopez",
        "Prescribed by: Sam Lee, PT, Riverside ALS Clinic",
        "Date: 2026-11-22",
        "Clinic phone: ________________",
        "Next review: ________________",
    ):
        assert part in pages[0], part
    assert "Prescribed by:" not in pages[1]
    assert "Exercise log: week of" in text and "Tiredness before (1 to 10)" in text
    assert "Do these after lunch" in text
    reader = PdfReader(out)
    assert "Exercise log" in reader.pages[-1].extract_text()


def test_cli_large_print(tmp_path):
    plan = tmp_path / "plan.yml"
    plan.write_text("large_print: yes\nexercises:\n  - bird-dog\n  - sit-to-stand\n")
    out = tmp_path / "lp.pdf"
    result = run_build_py("handout", str(plan), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "(large print)" in text_of(out)


@pytest.mark.parametrize(
    "plan, expected",
    [
        ("exercises:\n  - hip-rotaton\n", '2: exercises[1]: no exercise "hip-rotaton" in content/exercises/'),
        (
            "exercises:\n  - exercise: bird-dog\n    reps: lots\n",
            '3: exercises[1].reps: expected a whole number (10), a range (8-10), as-prescribed; got "lots"',
        ),
        ("exercises:\n  - bird-dog\n  - bird-dog\n", '3: exercises[2]: "bird-dog" is listed twice (first on line 2)'),
        ("patient: Ann\n", '1: exercises: required field "exercises" is missing'),
        ("large_print: maybe\nexercises: [bird-dog]\n", '1: large_print: expected yes or no; got "maybe"'),
        ("exercises:\n  - exercise: bird-dog\n    dose: scribble\n", '3: exercises[1].dose: unknown dose "scribble"'),
    ],
)
def test_cli_bad_plans(tmp_path, plan, expected):
    path = tmp_path / "plan.yml"
    path.write_text(plan)
    out = tmp_path / "x.pdf"
    result = run_build_py("handout", str(path), "-o", str(out))
    assert result.returncode == 1
    assert f"{path.as_posix()}:{expected}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


# --- the website's "Make a handout" page -------------------------------------------------------


def pick(page, query, title):
    search = page.get_by_label("Search by name or body part")
    search.fill("")
    search.type(query, delay=10)
    page.get_by_role("checkbox", name=title, exact=True).check()


def chosen_titles(page):
    return page.locator("#ho-chosen > li h3").all_inner_texts()


def open_handout(page, server, *slugs, address=""):
    """The handout page, ready, with these exercises ticked in its results."""
    page.goto(f"{server}/handout/{address}")
    page.wait_for_selector(".handout-app.ho-ready")
    for slug in slugs:
        page.locator(f"#ho-results input[data-slug='{slug}']").check()


@pytest.mark.browser
def test_make_a_handout_in_the_browser(page, server, tmp_path):
    page.goto(f"{server}/handout/")
    page.wait_for_selector("#handout-app.ho-ready")
    pick(page, "calf", "Heel-Cord Stretching")
    pick(page, "neck turn", "Neck Rotation")
    pick(page, "bridge", "Glute Bridge")
    assert chosen_titles(page) == ["Heel-Cord Stretching", "Neck Rotation", "Glute Bridge"]

    # a dose for one, write-in for another
    neck = page.locator("#ho-chosen > li", has_text="Neck Rotation")
    neck.get_by_label("Set a dose for this person").check()
    neck.get_by_label("Times (a number or a range like 8-10)").fill("5")
    neck.get_by_label("How often").fill("Twice a day")
    page.locator("#ho-chosen > li", has_text="Glute Bridge").get_by_label(
        "Leave blank lines to write the dose in by hand"
    ).check()
    # reorder by keyboard: Glute Bridge up one place
    page.get_by_role("button", name="Move up: Glute Bridge").focus()
    page.keyboard.press("Enter")
    assert chosen_titles(page) == ["Heel-Cord Stretching", "Glute Bridge", "Neck Rotation"]
    assert page.evaluate("document.activeElement.id") == "ho-glute-bridge-up", "focus stays on the moved item"
    # the live region is emptied, then filled 30 ms later, so screen readers announce it again
    expect(page.locator("#ho-announce")).to_contain_text("Glute Bridge moved to number 2 of 3")

    page.get_by_label("Patient name").fill("Maria Lopez")
    page.get_by_label("Clinic").fill("Riverside ALS Clinic")
    page.get_by_label("Add an exercise log page").check()

    pdf = tmp_path / "browser-handout.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="Letter", print_background=True)
    page.emulate_media(media="screen")
    text = flat(text_of(pdf))
    order = [text.index(t) for t in ("Heel-Cord Stretching", "Glute Bridge", "Neck Rotation")]
    assert order == sorted(order)
    assert "5 times, or hold 30 seconds · Twice a day" in text
    assert "________ times" in text
    assert "Home Exercise Program (Maria Lopez) – Page 1 of" in text
    assert "Riverside ALS Clinic" in text
    from handbook.model import LOG  # the log's words are the build's, as on the PDF's log page

    assert all(flat(words) in text for words in (LOG["title"], LOG["intro"], *LOG["tiredness"], LOG["notes"]))
    assert "Find exercises" not in text and "Move up" not in text, "only the handout prints"

    # the link holds everything but the patient's name, unless asked
    page.get_by_role("button", name="Copy link to this handout").click()
    link = page.get_by_label(re.compile("^Link to this handout")).input_value()
    assert "#h=" in link and "Maria" not in link
    other = page.context.new_page()
    other.goto(link)
    other.wait_for_selector("#handout-app.ho-ready")
    assert chosen_titles(other) == ["Heel-Cord Stretching", "Glute Bridge", "Neck Rotation"]
    assert other.get_by_label("Patient name").input_value() == ""
    assert other.get_by_label("Clinic").input_value() == "Riverside ALS Clinic"
    other_neck = other.locator("#ho-chosen > li", has_text="Neck Rotation")
    assert other_neck.get_by_label("Times (a number or a range like 8-10)").input_value() == "5"
    assert (
        other.locator("#ho-chosen > li", has_text="Glute Bridge")
        .get_by_label("Leave blank lines to write the dose in by hand")
        .is_checked()
    )
    other.close()

    page.get_by_label("Put the patient's name in the copied link too").check()
    page.get_by_role("button", name="Copy link to this handout").click()
    link = page.get_by_label(re.compile("^Link to this handout")).input_value()
    third = page.context.new_page()
    third.goto(link)
    third.wait_for_selector("#handout-app.ho-ready")
    assert third.get_by_label("Patient name").input_value() == "Maria Lopez"
    third.close()


@pytest.mark.browser
def test_warning_past_ten_exercises_and_axe(page, server):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{server}/handout/")
    page.wait_for_selector("#handout-app.ho-ready")
    boxes = page.locator("#ho-results input[type=checkbox]")
    for i in range(10):
        boxes.nth(i).check()
    assert page.locator("#ho-warning").is_hidden()
    boxes.nth(10).check()
    expect(page.locator("#ho-warning")).to_contain_text("This handout has 11 exercises")
    page.locator("#ho-chosen > li").first.get_by_label("Set a dose for this person").check()
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert result.violations_count == 0, result.generate_report()


@pytest.mark.browser
def test_the_handout_page_words_every_dose_as_the_build_does(page, server, built):
    """Every exercise, set to 'this person's dose' with its own numbers, reads exactly as the PDFs do:
    the page assembles the build's words (model.dose_parts, the sides of content/vocabulary.yml), it does not
    invent its own."""
    import base64
    import json

    data = read_data(built)
    items = [{"slug": ex["slug"], "mode": "custom", "dose": ex["dose"]} for ex in data["exercises"]]
    link = base64.urlsafe_b64encode(json.dumps({"items": items}).encode()).decode().rstrip("=")
    page.goto(f"{server}/handout/#h={link}")
    page.wait_for_selector(".handout-app.ho-ready")
    shown = page.locator("#ho-preview .card .dose").all_inner_texts()
    assert len(shown) == len(data["exercises"])
    for ex, text in zip(data["exercises"], shown):
        assert " ".join(text.split()) == f"Dose: {ex['doseLine']}", ex["slug"]


@pytest.mark.browser
@pytest.mark.parametrize("leave", ["reload", "back"])
def test_reloading_or_going_back_keeps_the_choices(page, server, leave):
    """The address holds the choices as they are made: a reload, or leaving for an exercise's page
    and coming back with Back, never loses the work."""
    open_handout(page, server, "hip-rotation", "bird-dog")
    if leave == "reload":
        page.reload()
    else:
        page.goto(f"{server}/exercises/bird-dog/")
        page.go_back()
    page.wait_for_selector(".handout-app.ho-ready")
    assert page.locator("#ho-chosen > li").count() == 2
    assert page.get_by_role("button", name="Move up: Bird Dog").is_visible()


@pytest.mark.browser
def test_the_printed_sheet_says_who_it_is_for_and_who_prescribed_it(page, server, built):
    """The web page's printed sheet has the PDF handout's head: who it is for, who prescribed it,
    the date, and lines to write the clinic's phone and the next review on (labels from the build)."""

    from handbook.model import PRESCRIPTION as labels

    data = read_data(built)
    open_handout(page, server, "hip-rotation")
    page.fill("#ho-patient", "Maria Lopez")
    page.fill("#ho-therapist", "Sam Lee, PT")
    page.emulate_media(media="print")
    head = " ".join(page.inner_text("#ho-preview .prescription").split())
    assert f"{labels['patient']}: Maria Lopez" in head
    assert f"{labels['prescriber']}: Sam Lee, PT" in head
    for key in ("date", "phone", "review"):
        assert f"{labels[key]}: {data['writeInLine']}" in head
    assert page.locator("#ho-preview .prescription").is_visible()


def test_a_handout_is_written_beside_its_plan_by_default(tmp_path):
    """Without -o the PDF goes beside the plan (plan.yml -> plan.pdf), never into the folder the
    command runs in: run from the repository, a patient's handout would land in it."""
    plan = tmp_path / "maria.yml"
    plan.write_text((ROOT / "examples/handout-plan.yml").read_text(encoding="utf-8"), encoding="utf-8")
    before = set(ROOT.glob("*.pdf"))
    result = run_build_py("handout", str(plan))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "maria.pdf").is_file()
    assert set(ROOT.glob("*.pdf")) == before


@pytest.mark.browser
def test_leaving_with_a_patient_name_not_in_the_link_asks_first(page, server):
    """The address keeps every choice but the patient's name (unless the clinician ticks the box to
    share it): closing or leaving the page with a name typed asks first; without one it does not."""
    open_handout(page, server, "hip-rotation")
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    page.fill("#ho-patient", "Maria Lopez")
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]


@pytest.mark.browser
def test_go_to_print_takes_one_key_press(page, server):
    open_handout(page, server)
    page.get_by_role("button", name="Go to Print").click()
    assert page.evaluate("document.activeElement.id") == "ho-print"


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_every_control_of_the_handout_page_is_44px(browser, server, width):
    """With exercises chosen and a dose being set, every button, box, field and list on the page
    is at least 44 x 44 px: hands with a tremor tap the handout page too (WCAG 2.5.5 as our bar)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    open_handout(page, server, "hip-rotation", "bird-dog")
    page.locator("#ho-chosen > li").first.get_by_label("Set a dose for this person").check()
    small = page.evaluate("""() => [...document.querySelectorAll(
            '#handout-app button, #handout-app input, #handout-app select, #handout-app textarea')]
        .filter(e => e.offsetParent !== null && e.type !== 'hidden')
        .map(e => [e.id || e.dataset.slug || e.tagName, e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 43.5 || r.height < 43.5)
        .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    context.close()
    assert small == []


@pytest.mark.browser
def test_the_printed_sheet_has_a_qr_code_of_its_exercises_without_the_patient(page, server, tmp_path):
    """The printed handout carries a QR code that opens its exercises and doses online; decoded from
    the page as a phone would read it, it holds no patient's name, therapist or notes, even with the
    box to share the name ticked."""
    import base64
    import json

    import zxingcpp
    from PIL import Image

    open_handout(page, server, "hip-rotation", "bird-dog")
    page.fill("#ho-patient", "Maria Lopez")
    page.fill("#ho-therapist", "Sam Lee, PT")
    page.fill("#ho-notes", "Call me on Tuesday")
    page.check("#ho-name-in-link")
    page.emulate_media(media="print")
    shot = tmp_path / "qr.png"
    page.eval_on_selector("#ho-preview .ho-qr", "e => { e.style.width = '400px'; e.style.height = '400px'; }")
    page.locator("#ho-preview .ho-qr").screenshot(path=str(shot))
    codes = [c.text for c in zxingcpp.read_barcodes(Image.open(shot))]
    assert len(codes) == 1 and "/handout/#h=" in codes[0], codes
    packed = codes[0].split("#h=", 1)[1]
    data = json.loads(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)))
    assert [i["slug"] for i in data["items"]] == ["hip-rotation", "bird-dog"]
    text = json.dumps(data)
    for private in ("Maria", "Sam Lee", "Tuesday"):
        assert private not in text
    page.emulate_media(media="screen")
    page.goto(codes[0])
    page.wait_for_selector(".handout-app.ho-ready")
    assert page.locator("#ho-chosen > li").count() == 2


@pytest.mark.browser
def test_the_web_sheet_shows_each_card_as_a_printed_handout_does(page, server, tmp_path):
    """The handout page's cards are the build's (templates/card.html.j2), not a copy in JavaScript:
    for every exercise, the sheet shows what the PDF handout's card says (title, dose, notes, where
    the exercise comes from, steps and every caution), default dose and written-in blank alike.
    The page's own copy had left out the note that an exercise comes from people's experience."""
    from handbook import checking
    from handbook import model as m

    project, _ = checking.check(ROOT)
    slugs = sorted(project.exercises)
    plan = tmp_path / "plan.yml"
    plan.write_text(
        "exercises:\n"
        + "".join(f"  - exercise: {s}\n" + ("    dose: write-in\n" if i % 2 else "") for i, s in enumerate(slugs))
    )
    out = tmp_path / "plan.pdf"
    result = run_build_py("handout", str(plan), "-o", str(out))
    assert result.returncode == 0, result.stderr
    printed = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(out).pages).split())
    items = [{"slug": s, "mode": "write-in" if i % 2 else "default"} for i, s in enumerate(slugs)]
    import base64
    import json

    link = base64.urlsafe_b64encode(json.dumps({"items": items}).encode()).decode().rstrip("=")
    page.goto(f"{server}/handout/#h={link}")
    page.wait_for_selector(".handout-app.ho-ready")
    cards = page.locator("#ho-preview .card")
    assert cards.count() == len(slugs)
    for i, slug in enumerate(slugs):
        ex = project.exercises[slug]
        shown = " ".join(cards.nth(i).inner_text().split())
        # the steps as they render (their Markdown marks gone)
        steps = [re.sub(r"[*_`\[\]]|\(http[^)]*\)", "", s) for mt in ex.methods for s in mt.steps]
        says = [ex.title, *ex.safety, *steps]
        says += [ex.community_note] if ex.community else []
        says += ["Dose: " + ex.dose_line] if not i % 2 else list(m.WRITE_IN_PARTS)
        for text in says:
            words = " ".join(text.split())
            assert words in shown, (slug, words)
            assert words[:40] in printed, (slug, words)  # and the PDF says it too


@pytest.mark.browser
def test_a_dose_word_is_written_once_for_print_and_the_handout_page(page, tmp_path, monkeypatch):
    """The handout page words a therapist's dose with the build's words (model.DOSE_WORDS), not words
    of its own: a site built with other words says the new ones, on paper and on the page alike."""
    import base64
    import json

    from conftest import run_cli

    from handbook import model as m

    words = dict(m.DOSE_WORDS, times="{n} TIMES", each_time="{hold} EVERY TIME", between=" / ")
    monkeypatch.setattr(m, "DOSE_WORDS", words)
    out = tmp_path / "site"
    result = run_cli("site", "--files", "--out", str(out), root=ROOT)
    assert result.code == 0, result.text
    dose = {"reps": "8", "hold": "5", "relation": "both", "sides": "none"}
    assert m.dose_parts(m.Amount(8), m.Amount(5), m.NO_SIDES, "both") == ["8 TIMES", "Hold 5 seconds EVERY TIME"]
    link = base64.urlsafe_b64encode(
        json.dumps({"items": [{"slug": "bird-dog", "mode": "custom", "dose": dose}]}).encode()
    ).decode()
    page.goto((out / "handout.html").as_uri() + "#h=" + link.rstrip("="))
    page.wait_for_selector(".handout-app.ho-ready")
    shown = " ".join(page.locator("#ho-preview .card .dose").inner_text().split())
    assert shown == "Dose: 8 TIMES / Hold 5 seconds EVERY TIME", shown


@pytest.mark.browser
def test_the_sheets_head_and_log_are_the_pdf_handouts(page, server, built):
    """The web sheet's head and log table come from the build, as the PDF handout has them: a row for
    each chosen exercise, in order, with a box to tick each day, then the tiredness rows; a head
    without a patient's name has no "For" row, and the date left empty is a line to write on."""
    from handbook.model import LOG, PRESCRIPTION

    data = read_data(built)
    open_handout(page, server, "glute-bridge", "neck-rotation")
    page.get_by_label("Add an exercise log page").check()
    rows = page.locator("#ho-preview table.log tbody tr")
    names = [" ".join(t.split()) for t in rows.locator("th").all_inner_texts()]
    assert names == ["Glute Bridge", "Neck Rotation", *LOG["tiredness"]]
    ticks = [rows.nth(i).locator(".tick").count() for i in range(rows.count())]
    assert ticks == [len(LOG["days"])] * 2 + [0] * len(LOG["tiredness"])
    head = " ".join(page.inner_text("#ho-preview .prescription").split())
    assert f"{PRESCRIPTION['patient']}:" not in head
    assert f"{PRESCRIPTION['date']}: {data['writeInLine']}" in head

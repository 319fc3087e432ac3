"""Print packets, checked the way a clinic would: parsed PDFs, page by page."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT, manifest_of, run_build_py
from pypdf import PdfReader

from handbook import checking

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def proj():
    project, _ = checking.check(ROOT, today=dt.date(2026, 11, 22))
    return project


@pytest.fixture(scope="module")
def manifest(built):
    return {(r["guide"], r["edition"]): r for r in manifest_of(built)}


def page_texts(pdf: Path) -> list[str]:
    count = len(PdfReader(pdf).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for n in range(1, count + 1)
    ]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def too_near_the_edge(pdf: Path, inches: float = 0.5) -> list[str]:
    """Pages with a mark (text, rule, picture) nearer than `inches` to an edge of the paper."""
    found = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            marks = page.chars + page.rects + page.lines + page.images + page.curves
            if not marks:
                continue
            gaps = {
                "left": min(m["x0"] for m in marks),
                "right": page.width - max(m["x1"] for m in marks),
                "top": min(m["top"] for m in marks),
                "bottom": page.height - max(m["bottom"] for m in marks),
            }
            near = {side: round(gap / 72, 2) for side, gap in gaps.items() if gap < inches * 72 - 0.5}
            if near:
                found.append(f"{pdf.name} page {n}: {near}")
    return found


def test_passive_rom_packet_matches_the_source_layout(built, manifest, proj):
    """The source's "FOR PRINTING" layout: a numbered packet, legs first, then arms, every page headed
    "ROM Exercises (Section) – Page N of M"."""
    r = manifest[("passive-range-of-motion", "regular")]
    guide = next(g for g in proj.guides if g.slug == "passive-range-of-motion")
    lower, upper = (s.pages for s in guide.sections)
    assert r["total_pages"] == lower + upper
    assert [(s["title"], s["first"], s["last"]) for s in r["sections"]] == [
        ("Lower Extremities", 1, lower),
        ("Upper Extremities", lower + 1, lower + upper),
    ]
    headers = [t.strip().splitlines()[0].strip().replace("\xa0", " ") for t in page_texts(built / r["pdf"])]
    total = lower + upper
    assert headers == [
        f"ROM Exercises ({'Lower' if n <= lower else 'Upper'} Extremities) – Page {n} of {total}"
        for n in range(1, total + 1)
    ]


@pytest.mark.parametrize("edition", ["regular", "large-print"])
def test_every_guide_section_and_page(built, manifest, proj, edition):
    for guide in proj.guides:
        r = manifest[(guide.slug, edition)]
        packet = built / r["pdf"]
        texts = page_texts(packet)
        assert len(texts) == r["total_pages"]
        for sec, section in zip(r["sections"], guide.sections):
            if edition == "regular":
                assert sec["last"] - sec["first"] + 1 <= section.pages, f"{guide.slug} {sec['title']} over budget"
            # the section PDF and the single pages are cut from the same render
            section_texts = page_texts(built / sec["pdf"])
            assert len(section_texts) == sec["last"] - sec["first"] + 1
            assert len(sec["page_pdfs"]) == len(section_texts)
            for n, single in zip(range(sec["first"], sec["last"] + 1), sec["page_pdfs"]):
                label = f"{guide.print_title} ({sec['title']}) – Page {n} of {r['total_pages']}"
                assert flat(texts[n - 1]).strip().startswith(label)  # a long large-print header may wrap before "Page"
                assert len(PdfReader(built / single).pages) == 1
                assert flat(page_texts(built / single)[0]).strip().startswith(label)
            own = flat(" ".join(texts[sec["first"] - 1 : sec["last"]]))
            # the log lists every exercise; in large print it may take more than one page
            log_first = r["sections"][-1]["last"] if r.get("log_pdf") else len(texts)
            others = flat(
                " ".join(t for i, t in enumerate(texts) if not sec["first"] - 1 <= i < sec["last"] and i < log_first)
            )
            mentioned = " ".join(" ".join(e.safety + e.all_steps) for e in guide.exercises)
            for ex in section.exercises:
                assert ex.title in own, (guide.slug, ex.title)
                if ex.title not in mentioned:  # a caution may name another exercise ("Single Leg Stand")
                    assert ex.title not in others, f"{ex.title} printed outside its section"
                assert flat(ex.dose_line) in own, ex.dose_line
                for note in ex.safety:
                    assert flat(note) in own, note
                for step in ex.all_steps:
                    assert flat(step) in own, step
            assert "Safety" in own


def test_large_print_is_labelled_and_bigger(built, manifest):
    r = manifest[("passive-range-of-motion", "large-print")]
    assert r["total_pages"] > 4
    with pdfplumber.open(built / r["pdf"]) as pdf:
        sizes = [round(c["size"], 1) for page in pdf.pages for c in page.chars]
        text = pdf.pages[0].extract_text()
    assert "large print" in text.lower()
    assert min(sizes) >= 17.95  # every letter, headers and footers included
    assert sorted(sizes)[len(sizes) // 2] >= 18  # body text at 18pt


def test_regular_print_text_is_at_least_12pt_no_italics(built, manifest):
    for (slug, edition), r in manifest.items():
        if edition != "regular":
            continue
        with pdfplumber.open(built / r["pdf"]) as pdf:
            chars = [c for page in pdf.pages for c in page.chars]
        assert min(c["size"] for c in chars) >= 11.95, slug
        assert not [c for c in chars if re.search("italic|oblique", c["fontname"], re.I)]


def test_fonts_embedded_and_legible(built, manifest):
    for r in manifest.values():
        out = subprocess.run(["pdffonts", str(built / r["pdf"])], capture_output=True, text=True, check=True).stdout
        rows = out.strip().splitlines()[2:]
        assert rows, out
        for row in rows:
            assert "Atkinson-Hyperlegible" in row, f"only the vendored font may be embedded: {row}"
            # columns: name type encoding emb sub uni object ID
            assert row.split()[-5:-3] == ["yes", "yes"], f"not embedded and subset: {row}"


def test_tagged_pdf_ua_with_title_and_language(built, manifest):
    for r in manifest.values():
        reader = PdfReader(built / r["pdf"])
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"]) is True
        assert "/StructTreeRoot" in root
        assert str(root["/Lang"]).startswith("en")
        assert reader.metadata.title and "ALS Network" in reader.metadata.title
        info = subprocess.run(["pdfinfo", str(built / r["pdf"])], capture_output=True, text=True).stdout
        assert "Tagged:          yes" in info
        assert "Page size:       612 x 792 pts (letter)" in info


def test_footer_has_org_phone_link_and_review(built, manifest, proj):
    from handbook.render.printing import review_text

    r = manifest[("mobility-for-ms", "regular")]
    review = review_text(next(g for g in proj.guides if g.slug == "mobility-for-ms"))
    for text in page_texts(built / r["pdf"]):
        t = flat(text)
        assert f"{proj.settings.organisation} · {proj.settings.phone}" in t
        assert "/guides/mobility-for-ms" in t
        assert review in t


def test_qr_code_points_at_the_guide_page(built, manifest, proj, tmp_path):
    """The QR code, decoded from the printed page as a phone would read it (zxing-cpp on a 150 dpi
    rendering), opens the guide's page on the site: the first page of every packet, and every page
    of one (the code is in the running footer)."""
    import zxingcpp
    from PIL import Image

    from handbook.render.printing import guide_url

    for guide in proj.guides:
        for edition in ("regular", "large-print"):
            r = manifest[(guide.slug, edition)]
            stem = tmp_path / f"{guide.slug}-{edition}"
            every = guide is proj.guides[0] and edition == "regular"
            subprocess.run(
                ["pdftoppm", "-r", "150", *([] if every else ["-l", "1"]), "-png", str(built / r["pdf"]), str(stem)],
                check=True,
            )
            pages = sorted(tmp_path.glob(f"{stem.name}-*.png"))
            assert len(pages) == (r["total_pages"] if every else 1)
            for png in pages:
                codes = [c.text for c in zxingcpp.read_barcodes(Image.open(png))]
                assert codes == [guide_url(proj, guide)], (png.name, codes)


def test_shared_safety_on_every_page_of_a_section(built, manifest, proj):
    r = manifest[("passive-range-of-motion", "regular")]
    texts = page_texts(built / r["pdf"])
    for text in texts:
        assert "Safety for every exercise on this page" in flat(text)
        assert "Never force past the point of resistance" in flat(text)


def test_two_builds_are_byte_identical(built, tmp_path):
    again = tmp_path / "again"
    result = run_build_py("all", "--no-cache", "--out", str(again))
    assert result.returncode == 0, result.stderr

    def digest(folder):
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    first, second = digest(built), digest(again)
    assert first.keys() == second.keys()
    differ = [k for k in first if first[k] != second[k]]
    assert differ == []


def test_overlong_section_fails_naming_the_spilled_exercises(project, tmp_path):
    path = project / "content/exercises/hamstring-stretch.md"
    extra = "".join(
        f"{n}. Keep holding the leg gently and check the person's face for any sign of pain.\n" for n in range(5, 17)
    )
    path.write_text(path.read_text() + extra)
    guide = project / "content/guides/passive-range-of-motion.yml"
    guide.write_text(guide.read_text().replace("    pages: 3\n", "    pages: 1\n", 1))
    out = tmp_path / "out"
    result = run_build_py("pdf", "--out", str(out), root=project)
    assert result.returncode == 1
    line = guide.read_text().splitlines().index("    pages: 1") + 1
    m = re.search(
        rf"content/guides/passive-range-of-motion.yml:{line}: sections\[1\].pages: the Lower Extremities "
        r'section of "Passive Range of Motion" needs (\d+) pages but is allotted 1 \(pages 1-1\); these '
        r"exercises spill past page 1: ([^\n]+)",
        result.stderr,
    )
    assert m and int(m.group(1)) > 1 and m.group(2).endswith("Hamstring Stretch"), result.stderr
    assert "hint: shorten their steps or safety notes" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists(), "a failed build writes nothing"


def laid_out(project, root: Path) -> list:
    """Every packet of a project laid out by WeasyPrint as the build lays it out:
    [(guide slug, edition key, document)]."""
    from handbook.render import printing

    return [
        (
            guide.slug,
            edition.key or "regular",
            printing.render_document(printing.prepare(project, guide, edition, root).html, root),
        )
        for guide in project.guides
        for edition in printing.EDITIONS
    ]


def boxes(page):
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        stack.extend(getattr(box, "children", None) or [])
        yield box


def classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def figures_over_text(docs) -> list[str]:
    """Figures float beside the steps: on no page may a figure's box cross a line of text (a float
    misplaced by the layout, on a card that moved to the next page, would).  Read from
    WeasyPrint's boxes: in the PDF a drawn figure is paths, not an image."""
    found = []
    for guide, edition, doc in docs:
        for n, page in enumerate(doc.pages, 1):
            figures = [b for b in boxes(page) if type(b).__name__.endswith("ReplacedBox") and "figure" in classes(b)]
            texts = [b for b in boxes(page) if type(b).__name__ == "TextBox" and b.text.strip()]
            for fig in figures:
                fx0, fy0 = fig.content_box_x(), fig.content_box_y()
                fx1, fy1 = fx0 + fig.width, fy0 + fig.height
                over = [
                    t.text
                    for t in texts
                    if t.position_x < fx1 - 1
                    and t.position_x + t.width > fx0 + 1
                    and t.position_y < fy1 - 1
                    and t.position_y + t.height > fy0 + 1
                ]
                if over:
                    found.append(f"{guide} {edition} page {n}: {' '.join(over)[:50]}")
    return found


def cards_split_that_would_fit(docs) -> list[str]:
    """A card goes on over a page break only when it is taller than a whole page: its title and
    its last line are on one page otherwise.  Sums each card's pieces, page by page."""
    found = []
    for guide, edition, doc in docs:
        pieces: dict[str, list] = {}
        for n, page in enumerate(doc.pages, 1):
            room = page._page_box.height
            for box in boxes(page):
                if "card" in classes(box) and box.element.get("id"):
                    pieces.setdefault(box.element.get("id"), []).append((n, box.border_height(), room))
        for card, parts in pieces.items():
            if len(parts) > 1 and sum(h for _, h, _ in parts) < min(r for _, _, r in parts) - 2:
                found.append(
                    f"{guide} {edition}: {card} on pages {[n for n, _, _ in parts]}, "
                    f"{sum(h for _, h, _ in parts):.0f} px of a {parts[0][2]:.0f} px page"
                )
    return found


def test_no_figure_lies_over_text_and_no_card_is_split_that_fits_on_a_page(proj):
    docs = laid_out(proj, ROOT)
    assert figures_over_text(docs) == []
    assert cards_split_that_would_fit(docs) == []


def test_a_card_guessed_taller_than_a_page_that_fits_is_kept_whole(proj, monkeypatch):
    """Large print lays the cards it guesses taller than a page out to go on over the next page from
    the first layout (one layout instead of two).  A wrong guess is measured and laid out again:
    with every card guessed taller than a page, none that fits on a page is split."""
    from handbook.render import printing

    monkeypatch.setattr(printing, "TALLER_THAN_A_PAGE", 0.0)
    docs = []
    for guide in proj.guides:
        html = printing.prepare(proj, guide, printing.EDITIONS[1], ROOT).html
        assert len(printing.FLOWING.findall(html)) == len(guide.exercises)  # every card guessed
        docs.append((guide.slug, "large-print", printing.render_document(html, ROOT)))
    assert cards_split_that_would_fit(docs) == []


def test_the_split_check_finds_a_split_card(project):
    """The check above fails when cards may break anywhere (print.css keeps each row whole)."""
    css = project / "templates" / "print" / "print.css"
    css.write_text(css.read_text(encoding="utf-8").replace(".card-row { break-inside: avoid; }", ""), encoding="utf-8")
    proj_free, _ = checking.check(project)
    assert cards_split_that_would_fit(laid_out(proj_free, project)) != []


def test_a4_every_pdf_inside_the_paper_large_print_at_18pt_and_cards_whole(project, tmp_path):
    """On A4 (narrower and taller than Letter) every PDF of every packet keeps 0.5 in inside the
    paper, large print keeps 18 pt, no figure lies over text and no card that fits on a page is
    split."""
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("paper: letter", "paper: a4"), encoding="utf-8")
    out = tmp_path / "out"
    result = run_build_py("pdf", "--no-cache", "--out", str(out), root=project)
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = sorted((out / "print").rglob("*.pdf"))
    assert len(pdfs) > 50
    problems = []
    for pdf in pdfs:
        problems += too_near_the_edge(pdf)
        with pdfplumber.open(pdf) as doc:
            if abs(doc.pages[0].width - 595.28) > 1 or abs(doc.pages[0].height - 841.89) > 1:
                problems.append(f"{pdf.name}: not A4")
            if "large-print" in pdf.name:
                small = {round(c["size"], 1) for page in doc.pages for c in page.chars if c["size"] < 17.95}
                if small:
                    problems.append(f"{pdf.name}: letters at {sorted(small)} pt")
    assert problems == []
    proj_a4, _ = checking.check(project)
    docs = laid_out(proj_a4, project)
    assert figures_over_text(docs) == []
    assert cards_split_that_would_fit(docs) == []


def test_every_mark_is_half_an_inch_inside_the_paper(built, manifest):
    """Home and office printers cannot print at the paper's edge: nothing, the footer's last line
    included, comes nearer than 0.5 in, in either edition."""
    for (guide, edition), record in manifest.items():
        assert too_near_the_edge(built / record["pdf"]) == [], (guide, edition)


def test_every_pdf_inside_the_paper_and_large_print_at_18pt(built, manifest, tmp_path):
    """Every PDF the build writes (packet, section, single page, log, in both editions) and a
    custom handout in both editions: nothing within 0.5 in of the edge; in large print no letter
    under 18 pt."""
    pdfs = []
    for (guide, edition), record in manifest.items():
        files = [record["pdf"], record["log_pdf"]] + [
            f for s in record["sections"] for f in [s["pdf"], *s["page_pdfs"]]
        ]
        pdfs += [(built / f, edition == "large-print") for f in files if f]
    plan = (ROOT / "examples" / "handout-plan.yml").read_text(encoding="utf-8")
    for large in (False, True):
        path = tmp_path / f"plan-{large}.yml"
        path.write_text(plan.replace("large_print: no", f"large_print: {'yes' if large else 'no'}"), encoding="utf-8")
        out = tmp_path / f"handout-{large}.pdf"
        assert run_build_py("handout", str(path), "-o", str(out)).returncode == 0
        pdfs.append((out, large))
    assert len(pdfs) > 50
    problems = []
    for pdf, large in pdfs:
        problems += too_near_the_edge(pdf)
        if large:
            with pdfplumber.open(pdf) as doc:
                small = {round(c["size"], 1) for page in doc.pages for c in page.chars if c["size"] < 17.95}
            if small:
                problems.append(f"{pdf.name}: letters at {sorted(small)} pt")
    assert problems == []


def test_a_long_running_head_still_keeps_inside_the_paper(project, tmp_path):
    """The room for the running head is estimated from its text; when the estimate falls short
    (here: a print title long enough to wrap the page label over three lines), the margins grow
    and the page is laid out again instead of printing off the top of the paper."""
    from handbook.render import printing

    path = project / "content" / "guides" / "mobility-for-ms.yml"
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^print_title: (.*)$", text, re.M).group(1)
    path.write_text(text.replace(f"print_title: {title}", "print_title: " + " ".join([title] * 4)), encoding="utf-8")
    proj_long, report = checking.check(project)
    guide = next(g for g in proj_long.guides if g.slug == "mobility-for-ms")
    for edition in printing.EDITIONS:
        result = printing.render_guide(proj_long, guide, edition, tmp_path, project)
        assert too_near_the_edge(tmp_path / result.pdf) == [], edition.key


def test_incremental_build_rerenders_only_changed_packets_and_never_serves_stale(project, tmp_path):
    out = tmp_path / "out"
    n = 2 * len(checking.check(project)[0].guides)  # a packet per guide and edition
    first = run_build_py("pdf", "--out", str(out), root=project)
    assert first.returncode == 0 and f"0 of {n} packets unchanged (cached), {n} rendered" in first.stdout
    same = run_build_py("pdf", "--out", str(out), root=project)
    assert f"{n} of {n} packets unchanged (cached), 0 rendered" in same.stdout

    p = project / "content/exercises/neck-flexion.md"
    p.write_text(p.read_text().replace("the ear can touch the shoulder.", "the ear can rest on the shoulder."))
    edit = run_build_py("pdf", "--out", str(out), root=project)
    assert f"{n - 2} of {n} packets unchanged (cached), 2 rendered" in edit.stdout
    assert "print/passive-range-of-motion/passive-range-of-motion.pdf" in edit.stdout
    assert "mobility-for-ms.pdf" not in edit.stdout
    fresh = tmp_path / "fresh"
    assert run_build_py("pdf", "--no-cache", "--out", str(fresh), root=project).returncode == 0

    def digest(folder):
        return {
            q.relative_to(folder).as_posix(): hashlib.sha256(q.read_bytes()).hexdigest()
            for q in sorted((folder / "print").rglob("*.pdf"))
        }

    assert digest(out) == digest(fresh), "a cached build must equal a fresh one"
    assert "rest on the shoulder" in flat(
        " ".join(page_texts(out / "print/passive-range-of-motion/passive-range-of-motion.pdf"))
    )

    css = project / "templates/print/print.css"
    css.write_text(css.read_text() + "\n/* a template change */\n.unused-rule { color: #000; }\n")
    restyled = run_build_py("pdf", "--out", str(out), root=project)
    assert f"0 of {n} packets unchanged (cached), {n} rendered" in restyled.stdout


def test_exercise_log_page_where_the_guide_asks_for_it(built, manifest, proj):
    r = manifest[("strengthening-for-als", "regular")]
    assert r["log_pdf"] and r["sections"][-1]["last"] == r["total_pages"] - 1
    texts = page_texts(built / r["pdf"])
    last = flat(texts[-1])
    assert last.startswith(
        f"ALS Strengthening Exercises (Exercise log) – Page {r['total_pages']} of {r['total_pages']}"
    )
    assert "Tiredness before (1 to 10)" in last and "Tiredness after (1 to 10)" in last
    guide = next(g for g in proj.guides if g.slug == "strengthening-for-als")
    for ex in guide.exercises:
        assert ex.title in last
    # "Bring this page": one page, in either edition and for every guide that has one
    for record in manifest.values():
        if record["log_pdf"]:
            assert len(PdfReader(built / record["log_pdf"]).pages) == 1, record["log_pdf"]
    assert not manifest[("passive-range-of-motion", "regular")]["log_pdf"], "the source layout has no log page"


def test_alternatives_say_or_and_sides_fit_the_exercise(built, manifest, proj):
    """Where the source offers the reps OR a hold, the card says "or" in one phrase and never
    separates them with " · " (which reads as "do both"); a dose names arms or legs only when the
    exercise is done with each arm or each leg."""
    for guide in proj.guides:
        text = flat(" ".join(page_texts(built / manifest[(guide.slug, "regular")]["pdf"])))
        for ex in guide.exercises:
            assert f"Dose: {ex.dose_line}" in text, ex.slug
            if ex.either:
                assert f"{ex.reps_text}, or hold {ex.hold.number()} seconds" in text, ex.slug
                assert f"{ex.reps_text} · Hold" not in text, ex.slug
            if ex.sides not in ("each-leg", "each-foot"):
                assert " leg" not in ex.dose_line, ex.slug
            if ex.sides not in ("each-arm", "each-hand"):
                assert " arm" not in ex.dose_line, ex.slug
            html = (built / f"exercises/{ex.slug}/index.html").read_text()
            if ex.either:
                assert ", or hold " in html, ex.slug


def test_a_card_taller_than_a_page_continues_under_its_title(project, tmp_path):
    """A card that cannot fit on one page goes on under "<title> (continued)" at the top of every
    page it continues onto, and only there."""
    from handbook.render import printing

    path = project / "content" / "exercises" / "neck-flexion.md"
    text = path.read_text(encoding="utf-8")
    steps = "\n".join(
        f"{n}. Slowly tilt the head toward the left shoulder, then back to the middle ({n})." for n in range(1, 41)
    )
    head, _, _ = text.rpartition("\n---\n")
    path.write_text(head + "\n---\n\n" + steps + "\n", encoding="utf-8")
    proj_long, report = checking.check(project)
    assert not report.errors, report.errors
    guide = next(g for g in proj_long.guides if "neck-flexion" in {e.slug for e in g.exercises})
    result = printing.render_guide(proj_long, guide, printing.EDITIONS[1], tmp_path, project)
    pages = page_texts(tmp_path / result.pdf)
    title = proj_long.exercises["neck-flexion"].title
    first = next(n for n, t in enumerate(pages) if f"{title}\n" in t and "(40)" not in t and "(1)" in t)
    last = next(n for n, t in enumerate(pages) if "(40)." in flat(t))
    assert last > first + 1, "the card should take three pages or more"
    labelled = [n for n, t in enumerate(pages) if f"{title} (continued)" in t]
    assert labelled == list(range(first + 1, last + 1))
    # it starts where the page before has room, after what comes before it (it was moved to a
    # new page first, leaving the page above it part blank)
    section = next(s for s in guide.sections if "neck-flexion" in {e.slug for e in s.exercises})
    at = [e.slug for e in section.exercises].index("neck-flexion")
    before = section.exercises[at - 1].all_steps[-1] if at else "Read first"
    assert flat(before)[:40] in flat(pages[first]), "the long card began on a page of its own"


def test_read_first_box_keeps_every_word_whole(built, manifest, proj):
    """The "Read first" box prints each general instruction whole, on the first page of every
    section, in both editions: no word is cut in two at a line's end ("Mu / scle", which WeasyPrint
    did to inline lists in a box that breaks long words)."""
    for guide in proj.guides:
        for edition in ("regular", "large-print"):
            r = manifest[(guide.slug, edition)]
            texts = page_texts(built / r["pdf"])
            for sec in r["sections"]:
                page = flat(texts[sec["first"] - 1])
                for line in guide.general_instructions:
                    assert flat(line) in page, (guide.slug, edition, sec["first"], line)


def test_a_section_may_set_its_own_print_header(project, tmp_path):
    """`header:` on a guide's section replaces "<print title> (<section>)" in the running head, for
    a guide whose one section needs no brackets: "Hand Exercises – Page 1 of 2"."""
    from handbook.render import printing

    path = project / "content" / "guides" / "mobility-for-ms.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  - region: balance\n", "  - region: balance\n    header: MS Balance Exercises\n", 1
        ),
        encoding="utf-8",
    )
    proj_h, report = checking.check(project)
    assert not report.errors, report.errors
    guide = next(g for g in proj_h.guides if g.slug == "mobility-for-ms")
    result = printing.render_guide(proj_h, guide, printing.EDITIONS[0], tmp_path, project)
    heads = [t.strip().splitlines()[0].replace("\xa0", " ") for t in page_texts(tmp_path / result.pdf)]
    first = result.sections[0]
    assert heads[0] == f"MS Balance Exercises – Page 1 of {result.total_pages}"
    assert (
        heads[first.last]
        == f"MS Mobility Exercises ({result.sections[1].title}) – Page {first.last + 1} of {result.total_pages}"
    )
    assert result.labels[0] == heads[0]


def test_check_with_print_fails_where_build_would_at_the_line_to_change(project):
    """`check --print` lays out the packets and reports a section over its page allotment at the
    guide's `pages:` line, with a pull-request annotation, as `build` would fail; a packet it has
    proven is not laid out again, and lowering the allotment is judged anew, never taken from the
    cache of a build that had more pages."""
    out = project / "site"
    assert run_build_py("pdf", "--out", str(out), root=project).returncode == 0  # a warm PDF cache
    proven = run_build_py("check", "--print", root=project)
    assert proven.returncode == 0 and "(0 laid out, 6 proven" in proven.stdout, proven.stdout + proven.stderr
    guide = project / "content/guides/passive-range-of-motion.yml"
    guide.write_text(guide.read_text().replace("    pages: 3\n", "    pages: 1\n", 1))
    line = guide.read_text().splitlines().index("    pages: 1") + 1
    result = run_build_py("check", "--print", "--github", root=project)
    assert result.returncode == 1
    assert (
        f"content/guides/passive-range-of-motion.yml:{line}: sections[1].pages: the Lower Extremities section"
        in result.stdout + result.stderr
    )
    assert (
        f"::error file=content/guides/passive-range-of-motion.yml,line={line},title=sections[1].pages::"
        in result.stdout + result.stderr
    )
    assert "Traceback" not in result.stderr
    plain = run_build_py("check", root=project)
    assert plain.returncode == 0, "without --print, check stays a quick look at the content"
    built = run_build_py("pdf", "--out", str(out), root=project)
    assert built.returncode == 1 and "sections[1].pages" in built.stderr, "the warm cache must not hide it"


def test_a_card_that_cannot_fit_a_page_is_reported_at_its_file(project):
    """In regular print two cards share a row that cannot break: a card taller than a page would run
    into the footer.  `check --print` names the exercise's file, as `build` does."""
    path = project / "content" / "exercises" / "neck-flexion.md"
    head, _, _ = path.read_text(encoding="utf-8").rpartition("\n---\n")
    path.write_text(
        head
        + "\n---\n\n"
        + "\n".join(
            f"{n}. Slowly tilt the head toward the left shoulder, then back to the middle ({n})." for n in range(1, 61)
        )
        + "\n",
        encoding="utf-8",
    )
    result = run_build_py("check", "--print", root=project)
    text = result.stdout + result.stderr
    assert result.returncode == 1, text
    assert "content/exercises/neck-flexion.md:1: steps: the card is taller than a page in regular print" in text
    assert "hint: shorten its steps or safety notes, or split it into two exercises" in text


def test_decorative_marks_are_artifacts(built, manifest):
    """The warning marks are decoration (the heading beside them says "Safety"): in the tagged PDF
    each (a drawn form) is inside an /Artifact sequence, never untagged content or a Figure without
    /Alt; the one picture, the QR code, is a Figure (its /Alt says where it links).  Read from
    every page's content stream of every packet."""
    from pypdf.generic import ContentStream

    for (guide, edition), record in manifest.items():
        reader = PdfReader(built / record["pdf"])
        drawn = 0
        for n, page in enumerate(reader.pages, 1):
            stack = []
            for operands, operator in ContentStream(page.get_contents(), reader).operations:
                if operator in (b"BMC", b"BDC"):
                    stack.append(str(operands[0]))
                elif operator == b"EMC" and stack:
                    stack.pop()
                elif operator == b"Do":
                    kind = page["/Resources"]["/XObject"][operands[0]].get_object()["/Subtype"]
                    want = "/Figure" if kind == "/Image" else "/Artifact"
                    drawn += kind == "/Form"
                    assert stack and stack[-1] == want, (guide, edition, n, kind, stack)
        assert drawn, f"{guide} {edition}: no warning mark drawn at all"

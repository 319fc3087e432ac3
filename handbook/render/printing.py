"""Stage 4b, render print: per-guide packets as PDFs with Jinja2 and WeasyPrint.

One render per guide and edition.  From that render we read which page every card starts and ends
on (anchors), check each section against its page allotment, then write the whole packet, each
section, and each single page from the same pages: no second render.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import segno

from ..diagnostics import Problem
from ..model import (
    AWAITING_REVIEW,
    LOG,
    PRESCRIPTION,
    WRITE_IN_LINE,
    WRITE_IN_PARTS,
    Guide,
    Project,
    Section,
    page_label,
    section_label,
)
from .card import environment, own_safety
from .illustrate import figure_art

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": b"handbook", "uncompressed_pdf": False}


@dataclass(frozen=True)
class Edition:
    key: str  # "" for the regular edition, "large-print" for large print
    large: bool
    body: str
    header: str
    small: str
    budget: bool  # the allotment applies (large print has its own page count)
    bottom: str  # the page's bottom margin: the footer and the 0.5 in under it that printers cannot print
    leading: str  # line spacing of every text: 1.25 regular, 1.3 large print (large-print guidance)


EDITIONS = (
    Edition("", False, "12pt", "13pt", "12pt", True, "1.16in", "1.25"),
    Edition("large-print", True, "18pt", "18pt", "18pt", False, "1.95in", "1.3"),
)


class PageBudgetError(Exception):
    pass


@dataclass
class SectionPages:
    title: str
    region: str
    first: int  # 1-based, packet-wide
    last: int
    exercises: list[str]
    label: str = ""  # the print header's words before "– Page N of M"
    exercise_pages: dict = field(default_factory=dict)  # exercise slug -> [first, last] packet page
    pdf: str = ""  # path relative to the output folder
    page_pdfs: list[str] = field(default_factory=list)


@dataclass
class PacketResult:
    guide: str
    edition: str
    total_pages: int
    pdf: str
    sections: list[SectionPages]
    labels: list[str]  # the header of each page, in order
    log_pdf: str = ""  # the exercise log page, when the guide has one

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def short_url(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def guide_url(project: Project, guide: Guide) -> str:
    base = project.settings.site_url or "https://example.org/"
    return base.rstrip("/") + f"/guides/{guide.slug}/"


def review_text(guide: Guide) -> str:
    dates = [e.review.reviewed for e in guide.exercises] + [guide.review.reviewed]
    if any(d is None for d in dates):
        return AWAITING_REVIEW
    return f"Clinically reviewed {min(d for d in dates if d is not None).isoformat()}"


def url_fetcher_for(root: Path):
    """WeasyPrint may read only the project's own files (fonts, assets) and data: URIs (figures):
    no network, no file outside the project, so nothing is fetched from or leaked to elsewhere."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    allowed = [os.path.realpath(root / "assets"), os.path.realpath(root / "templates")]

    class ProjectFiles(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme.lower() == "file":  # whatever the host (file://localhost/... too)
                real = os.path.realpath(unquote(parts.path))
                if parts.netloc not in ("", "localhost") or not (
                    any(real.startswith(a + os.sep) for a in allowed) and os.path.isfile(real)
                ):
                    raise ValueError(f"print rendering may not read {url[:80]}")
            elif parts.scheme.lower() != "data":
                raise ValueError(f"print rendering may not fetch {url[:80]}")
            return super().fetch(url, headers)

    return ProjectFiles(allowed_protocols={"file", "data"}, allow_redirects=False)


def css_for(root: Path, edition: Edition, paper: str) -> str:
    css = (root / "templates" / "print" / "print.css").read_text(encoding="utf-8")
    fonts = (root / "assets" / "fonts").as_uri()
    for key, value in {
        "FONTS": fonts,
        "ASSETS": (root / "assets" / "site").as_uri(),
        "PAPER": "letter" if paper == "letter" else "A4",
        "BODY": edition.body,
        "HEADER": edition.header,
        "SMALL": edition.small,
        "BOTTOM": edition.bottom,
        "LEADING": edition.leading,
    }.items():
        css = css.replace("{{" + key + "}}", value)
    return css


def shared_safety(section: Section) -> list[str]:
    """Safety notes every exercise of the section has: printed once, at the top of every page."""
    if len(section.exercises) < 2:
        return []
    first, *rest = section.exercises
    return [note for note in first.safety if all(note in e.safety for e in rest)]


def common_meta(section: Section) -> str:
    """Position and helper, when every exercise of the section shares them (said once, in the band)."""
    labels = {(e.position_label, e.helper_label) for e in section.exercises}
    if len(labels) != 1 or len(section.exercises) < 2:
        return ""
    position, helper = labels.pop()
    return f"{position} · {helper}"


# A card with more text than this (its steps, notes, dose note and own safety notes, each list item
# counted with the part of a line it leaves empty) is about two thirds of a page tall at half width:
# in regular print it takes a whole row, where it is half as tall and fits under its section's title.
LONG_CARD_CHARS = 1100
# The paper (width, height) in inches, as print.css names it.
PAPER_INCHES = {"letter": (8.5, 11.0), "a4": (8.27, 11.69)}
# In large print a card with more text than this is likely to continue on a next page: its section's
# running head keeps room for the "(continued)" line from the start (else render_document finds it
# short and lays the packet out a second time).
SPLIT_CARD_CHARS = 800
# A large-print card whose estimated height is over this times its page's room is guessed taller
# than a page.  The estimate runs 0-25% high: on the shipped cards (Letter) those taller than a page
# come out at 1.11-1.58 and the others at 1.06 or less.
TALLER_THAN_A_PAGE = 1.09


def card_size(exercise, shared: list[str]) -> int:
    items = [t for mt in exercise.methods for t in mt.steps + mt.notes] + own_safety(exercise, shared)
    extra = (exercise.dose_note, exercise.community_note if exercise.community else "", exercise.ways_lead)
    return sum(len(t) + 25 for t in items) + sum(len(t) for t in extra if t)


def card_rows(exercises, edition: Edition, shared: list[str]) -> list[list]:
    """The rows of a section's card grid, in the section's order: each a list of (exercise, wide),
    the exercise None for the "Read first" box, wide for a long card that takes a whole row of its
    own in regular print.  Large print: one card a row, the box above them.  Regular print:
    two cards a row, a long card a row of its own; when the cards before the first long one are
    an odd number, the box takes the first place, like a card, so that those rows have no hole
    (above a lone card, the box could also be left alone on the section's first page)."""
    if edition.large:
        return [[(ex, False)] for ex in exercises]
    long = [card_size(ex, shared) > LONG_CARD_CHARS for ex in exercises]
    first_run = long.index(True) if True in long else len(exercises)
    items = list(zip(exercises, long))
    if first_run % 2:  # the box evens out the first run
        items.insert(0, (None, False))
    rows: list[list] = []
    pending: list = []  # a card (or the box) waiting for the second place of its row
    for ex, is_long in items:
        if is_long:
            if pending:
                rows.append(pending)
                pending = []
            rows.append([(ex, True)])
        elif pending:
            rows.append(pending + [(ex, False)])
            pending = []
        else:
            pending = [(ex, False)]
    if pending:
        rows.append(pending)
    return rows


def _top_margin(shared: list[str], edition: Edition, label: str, continues: bool = False) -> str:
    """Room for the running head (page label and shared-safety box) and the 0.5 in above it that
    printers cannot print on, reserved up front.  The text's height is estimated from its length;
    render_document measures the laid-out pages and lays them out again where this falls short."""
    leading = float(edition.leading)
    body_pt, header_pt = float(edition.body.removesuffix("pt")), float(edition.header.removesuffix("pt"))
    label_lines = -(-(len(label) + len(" – Page 10 of 10")) // (61 if edition.large else 88))
    text = len("Safety for every exercise on this page ") + sum(len(t) + 3 for t in shared)
    box_lines = -(-text // (62 if edition.large else 95)) if shared else 0
    inches = (
        SAFE_PX / 96
        + label_lines * header_pt * leading / 72
        + 0.09  # the label, its rule
        + (box_lines * body_pt * leading / 72 + 0.16 if shared else 0.0)
        + 0.1  # the box, the gap
        + (1.12 * body_pt * leading / 72 if continues else 0.0)
    )  # "<title> (continued)"
    return f"{inches:.2f}in"


def taller_than_a_page(
    section: Section, shared: list[str], edition: Edition, label: str, paper: str, arts: dict, write_in=()
) -> tuple[bool, list[str]]:
    """For a large-print section: whether a card is likely to go on over a page (its running head
    then keeps room for the "(continued)" line from the start), and the cards likely taller than
    a page, from their text and figure (laid out from the start to begin where the page has room).
    Guesses: render_document measures the layout and lays it out again where they were wrong."""
    if not edition.large:
        return False, []
    continues = any(card_size(ex, shared) > SPLIT_CARD_CHARS for ex in section.exercises)
    width, height = PAPER_INCHES.get(paper, PAPER_INCHES["letter"])
    top = float(_top_margin(shared, edition, label, continues).removesuffix("in"))
    room = (height - top - float(edition.bottom.removesuffix("in"))) * 96
    meta = not common_meta(section)  # each card says its position and helper
    return continues, [
        ex.slug
        for ex in section.exercises
        if _card_height(ex, shared, edition, width - 1.0, arts.get(ex.slug), ex.slug in write_in, meta)
        > TALLER_THAN_A_PAGE * room
    ]


def _card_height(ex, shared: list[str], edition: Edition, width: float, art, write_in: bool, meta: bool) -> float:
    """A large-print card's height in px, estimated line by line: its head (title, dose, position)
    beside its figure, then its notes, cautions and steps, narrower while they run beside the
    figure.  Characters per inch and the figure's size follow print.css."""
    body_pt = float(edition.body.removesuffix("pt"))
    line = body_pt * float(edition.leading) / 72 * 96
    per_inch = 7.9 * 18 / body_pt
    text = width - 0.15  # the card's border and padding
    figure = figure_width = 0.0
    if art is not None:
        figure_width = 3.4 if art.wide else 2.0
        figure = min(figure_width * art.aspect, 2.2) * 96 + 8
    beside = (text - figure_width - 0.1) * per_inch if figure else text * per_inch

    def lines(words: str, chars: float) -> int:
        return max(1, -(-len(words) // max(int(chars), 1)))

    dose = "Dose: " + (" · ".join(WRITE_IN_PARTS) if write_in else ex.dose_line)
    y = lines(ex.title, beside / 1.12) * line * 1.12 + 4 + lines(dose, beside / 1.05) * line + (line if meta else 0)
    items = [(t, 1.0) for t in ([ex.dose_note] if ex.dose_note and not write_in else [])]
    items += [(ex.community_note, 1.0)] if ex.community else []
    own = own_safety(ex, shared)
    items += [("Safety: the box at the top, and:", 1.0)] + [(t, 1.03) for t in own] if own else []
    items += [(ex.ways_lead, 1.0)] if ex.ways_lead else []
    for i, method in enumerate(ex.methods):
        items += [("", 1.0)] if ex.method_label(i) else []
        items += [(t, 1.05) for t in method.steps] + [(t, 1.0) for t in method.notes]
    for words, wider in items:
        y += lines(words, (beside if y < figure else text * per_inch) / wider) * line + 2
    return max(y, figure) + 16


def packet_html(
    project: Project, guide: Guide, edition: Edition, root: Path, sections: list[Section] | None = None, handout=None
) -> str:
    sections = sections or guide.sections
    url = guide_url(project, guide) if handout is None else (project.settings.site_url or "https://example.org/")
    # a picture, not a path: WeasyPrint parses an SVG path again on every page of every PDF (0.9 s
    # of a build); 8 px a module is over 500 dpi at 0.55 in, sharp however a viewer scales it
    qr = segno.make(url, error="m").png_data_uri(scale=8, dark="#000", light="#fff", border=2)
    arts = {ex.slug: art for s in sections for ex in s.exercises if (art := figure_art(ex, root))}
    shared = [shared_safety(s) for s in sections]
    labels = [section.label(guide.print_title) for section in sections]
    write_in = handout.write_in if handout else ()
    guesses = [
        taller_than_a_page(section, notes, edition, label, project.settings.paper, arts, write_in)
        for section, notes, label in zip(sections, shared, labels)
    ]
    page_rules = "\n".join(
        f".sec-{i} {{ page: sec{i}; }} @page sec{i} {{ margin-top: {_top_margin(notes, edition, label, more)}; }}"
        for i, (notes, label, (more, _)) in enumerate(zip(shared, labels, guesses), 1)
    ) + "".join(f"\n#row-{slug} {{ break-inside: auto; }}" for _, tall in guesses for slug in tall)
    css = css_for(root, edition, project.settings.paper).replace("{{SECTION_PAGES}}", page_rules)
    return (
        environment(root)
        .get_template("print/packet.html.j2")
        .render(
            guide=guide,
            sections=sections,
            edition=edition,
            settings=project.settings,
            css=css,
            qr=qr,
            short_url=short_url(url),
            shared=shared,
            common_meta=common_meta,
            rows=[card_rows(sec.exercises, edition, notes) for sec, notes in zip(sections, shared)],
            review_text=review_text(guide),
            arts=arts,
            handout=handout,
            log_exercises=(handout.exercises if handout.log_page else [])
            if handout
            else (guide.exercises if guide.log_page else []),
            log=LOG,
            write_in=write_in,
            blank=WRITE_IN_LINE,
            prescription=PRESCRIPTION,
            section_label=section_label,
        )
    )


class RenderWarnings(logging.Handler):
    """WeasyPrint reports broken CSS, missing fonts and images as log warnings: collect them so
    that a template mistake shows up instead of printing a subtly wrong handout."""

    # counters in a running header are valid (GCPM) and work, but WeasyPrint warns about them
    IGNORED = ("is only allowed in page margins",)

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if not any(text in message for text in self.IGNORED):
            self.messages.append(message)


SAFE_PX = 48  # 0.5 in (CSS px): nothing is printed nearer the paper's edge, where printers cannot print


def render_document(html: str, root: Path):
    """Lay out a print document.  The running head (page label and shared safety box) and the
    footer sit in the page margins, whose sizes are estimates; when a page's head or footer comes
    nearer than 0.5 in to the paper's edge, the margins grow by what is missing and the document
    is laid out again (at most twice), so that a long safety box or footer never leaves the
    printable area.

    A card is kept whole on one page; one taller than a page cannot be, and WeasyPrint first
    moves it to a new page anyway, leaving blank paper above it and a few stray lines on the page
    after.  So in large print, where a card is alone in its row, the cards packet_html guesses
    taller than a page start where the page has room and go on over the next, from the first
    layout.  The guess is checked: a card found split that was not guessed is laid out again that
    way, and one guessed that turns out to fit on a page is laid out again whole."""
    from weasyprint import HTML  # imported late: `check` must not pay for it

    handler = RenderWarnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    flowing = set(FLOWING.findall(html))  # guessed taller than a page by packet_html
    kept: set[str] = set()
    try:
        for _ in range(3):
            doc = HTML(string=html, base_url=str(root) + "/", url_fetcher=url_fetcher_for(root)).render()
            more, tall, whole = _what_to_mend(doc, html, flowing, kept)
            if not more and not tall and not whole:
                break
            flowing |= set(tall)
            kept |= whole
            html = html.replace("</style>", _mending_css(more, tall, whole) + "</style>", 1)
    finally:
        logger.removeHandler(handler)
    for message in handler.messages:
        print(f"warning: print rendering: {message}", file=sys.stderr)
    return doc


def _what_to_mend(doc, html: str, flowing: set, kept: set) -> tuple[dict, dict, set]:
    """What a layout got wrong: the margins to grow, the cards taller than a page that were moved to
    a new page (and what of them fits on the page before), and the cards guessed taller than a page
    that fit on one."""
    more = margins_to_add(doc)
    split = split_cards(doc)
    # guessed taller than a page, but split where it fits on one: kept whole after all, with every
    # other guess this layout measured wrong
    whole = set()
    if any(slug in flowing - kept and fits_on_a_page(doc, slug) for slug in split):
        whole = {slug for slug in flowing - kept if fits_on_a_page(doc, slug)}
    tall = {
        slug: room
        for slug in split
        if f'id="row-{slug}"' in html and slug not in flowing and (room := room_above(doc, slug))
    }
    return more, tall, whole


def _mending_css(more: dict, tall: dict, whole: set) -> str:
    return (
        "".join(f"@page {name} {{ margin-{side}: {px:.1f}px; }}" for (name, side), px in more.items())
        + "".join(f"#row-{slug} {{ break-inside: auto; }}" for slug in sorted(tall))
        + "".join(f"#row-{slug} {{ break-inside: avoid; }}" for slug in sorted(whole))
        # only the top fits: its steps begin on the next page (WeasyPrint would move the top too)
        + "".join(
            f"#card-{slug} .card-top {{ break-after: page; }}"
            for slug, room in sorted(tall.items())
            if room == TOP_ONLY
        )
    )


FLOWING = re.compile(r"#row-([\w-]+) \{ break-inside: auto; \}")


def fits_on_a_page(doc, slug: str) -> bool:
    """Whether a card's pieces, page by page, add up to less than a page's room."""
    pieces = []
    for page in doc.pages:
        box = _find(page._page_box, "card", f"card-{slug}")
        if box is not None:
            pieces.append((box.border_height(), page._page_box.height))
    return sum(h for h, _ in pieces) < min((room for _, room in pieces), default=0) - 2


def split_cards(doc) -> list[str]:
    """The exercises whose card begins on one page and ends on another."""
    first: dict[str, int] = {}
    split = []
    for n, page in enumerate(doc.pages):
        for anchor in page.anchors:
            if anchor.startswith("card-"):
                first.setdefault(anchor[5:], n)
            elif anchor.startswith("end-") and first.get(anchor[4:], n) != n:
                split.append(anchor[4:])
    return split


TOP_AND_STEP, TOP_ONLY = "top and first step", "top only"


def room_above(doc, slug: str) -> str:
    """What of the card fits at the foot of the page before the one it was moved to: its top
    (title to cautions, kept on one page) and first step, its top only, or nothing ("").  Only
    when something fits is laying it out again worth it.  (A page lists the anchor of every
    element it holds a part of: an element begins on the first.)"""
    begins: dict[str, int] = {}
    for n, page in enumerate(doc.pages):
        for anchor in page.anchors:
            begins.setdefault(anchor, n)
    n = begins.get(f"card-{slug}", 0)
    if n == 0 or any(a.startswith("sec-") and at == n for a, at in begins.items()):
        return ""  # the first page, or the page before is another section's
    top = _find(doc.pages[n]._page_box, "card-top", f"card-{slug}")
    if top is None:
        return ""
    # its height with what floats out of it (the figure beside a short head), and its first step
    # (kept whole: WeasyPrint moves the top with it unless told to break after the top)
    height = max(top.margin_height(), _ink_extent(top)[1] - top.position_y) + 8  # the card's border and padding
    steps = _find(doc.pages[n]._page_box, "steps", f"card-{slug}")
    first = next(iter(getattr(steps, "children", None) or []), None)
    step = first.margin_height() if first is not None else 0.0
    before = doc.pages[n - 1]._page_box
    body = [c for c in before.children if not getattr(c, "at_keyword", None)]
    used = max((_ink_extent(c)[1] for c in body), default=before.content_box_y())
    free = before.content_box_y() + before.height - used
    return TOP_AND_STEP if height + step <= free else TOP_ONLY if height <= free else ""


def _find(box, css_class: str, inside: str):
    """The first box of an element with `css_class` within the element whose id is `inside`."""
    stack = [(box, False)]
    while stack:
        b, within = stack.pop()
        element = getattr(b, "element", None)
        if element is not None:
            within = within or element.get("id") == inside
            if within and css_class in (element.get("class") or "").split():
                return b
        stack.extend((c, within) for c in reversed(getattr(b, "children", None) or []))
    return None


def margins_to_add(doc) -> dict[tuple[str, str], float]:
    """{(page name selector, "top" | "bottom"): new margin in px} for the named pages whose head or
    footer is nearer than SAFE_PX to the edge.  Reads WeasyPrint's laid-out margin boxes (pinned
    to 70.x in pyproject.toml)."""
    more: dict[tuple[str, str], float] = {}
    for page in doc.pages:
        box = page._page_box
        selector = box.page_type.name or ""
        for child in box.children:
            keyword = getattr(child, "at_keyword", None)
            if keyword not in ("@top-center", "@bottom-left"):
                continue
            top, bottom = _ink_extent(child)
            if top > bottom:
                continue
            if keyword == "@top-center" and top < SAFE_PX:
                want = box.margin_top + (SAFE_PX - top) + 2
                key = (selector, "top")
            elif keyword == "@bottom-left" and bottom > box.margin_height() - SAFE_PX:
                want = box.margin_bottom + (bottom - (box.margin_height() - SAFE_PX)) + 2
                key = ("", "bottom")
            else:
                continue
            more[key] = max(more.get(key, 0.0), want)
    return more


def _ink_extent(box) -> tuple[float, float]:
    """Top and bottom (px) of the lines, pictures and borders drawn in a box."""
    top, bottom = float("inf"), float("-inf")
    stack = [box]
    while stack:
        b = stack.pop()
        stack.extend(getattr(b, "children", None) or [])
        kind = type(b).__name__
        if kind in ("LineBox", "InlineReplacedBox", "BlockReplacedBox"):
            top, bottom = min(top, b.position_y), max(bottom, b.position_y + b.height)
        elif kind == "BlockBox" and (b.border_top_width or b.border_bottom_width):
            y = b.position_y + b.margin_top
            top, bottom = min(top, y), max(bottom, y + b.border_height())
    return top, bottom


@dataclass
class Job:
    """Everything one packet render needs, prepared in the main process (cheap, picklable)."""

    guide_slug: str
    guide_path: str
    guide_title: str
    print_title: str
    edition: Edition
    html: str
    sections: list[dict]  # title, region, pages, line, label, exercises: [(slug, title)]
    key: str = ""  # cache key: changes whenever anything that shapes the PDF or its verdict changes
    files: dict = field(default_factory=dict)  # exercise slug -> its content file, for located problems


def prepare(project: Project, guide: Guide, edition: Edition, root: Path) -> Job:
    html = packet_html(project, guide, edition, root)
    sections = [
        {
            "title": s.title,
            "region": s.region.key,
            "pages": s.pages,
            "line": s.line,
            "label": s.label(guide.print_title),
            "exercises": [(e.slug, e.title) for e in s.exercises],
        }
        for s in guide.sections
    ]
    # the figures are inside the HTML (data URIs), so the HTML covers them; the sections' page
    # allotments are not in it, and a cached packet must not pass a budget that was lowered since.
    # (The lines of `pages:` are not part of it: only passing packets are kept, and a comment added
    # above a section must not make every packet render again.)
    h = hashlib.sha256()
    for part in (
        html,
        _code_fingerprint(root),
        repr(PDF_OPTIONS),
        repr([sec["pages"] for sec in sections]) if edition.budget else "",
    ):
        h.update(part.encode() + b"\0")
    return Job(
        guide.slug,
        guide.path,
        guide.title,
        guide.print_title,
        edition,
        html,
        sections,
        h.hexdigest()[:32],
        {e.slug: e.path for e in guide.exercises},
    )


@functools.lru_cache(maxsize=4)
def _code_fingerprint(root: Path) -> str:
    """The renderer's own inputs besides the HTML: its code, the fonts and WeasyPrint's version."""
    import weasyprint

    h = hashlib.sha256(weasyprint.__version__.encode())
    h.update(Path(__file__).read_bytes())
    for font in sorted((root / "assets" / "fonts").glob("*.ttf")):
        h.update(font.read_bytes())
    return h.hexdigest()


def execute(job: Job, out: Path, root: Path) -> PacketResult:
    """Render one packet (in a worker process when there are several) and write its PDFs."""
    doc, spans, anchor_page = lay_out(job, root)
    problems = verdict(job, doc, spans, anchor_page)
    if problems:
        raise PageBudgetError("\n".join(p.format() for p in problems))

    folder = out / "print" / job.guide_slug
    folder.mkdir(parents=True, exist_ok=True)
    stem = job.guide_slug + (f"-{job.edition.key}" if job.edition.key else "")
    rel = lambda p: p.relative_to(out).as_posix()  # noqa: E731
    packet = folder / f"{stem}.pdf"
    packet.write_bytes(doc.write_pdf(**PDF_OPTIONS))
    labels = []
    total = len(doc.pages)
    for span in spans:
        single = b""
        for n in range(span.first, span.last + 1):
            page_path = folder / f"{stem}-page-{n}.pdf"
            single = doc.copy([doc.pages[n - 1]]).write_pdf(**PDF_OPTIONS)
            page_path.write_bytes(single)
            span.page_pdfs.append(rel(page_path))
            labels.append(page_label(span.label, n, total))
        path = folder / f"{stem}-{span.region}.pdf"
        # a one-page section's PDF is its page's PDF, byte for byte: written, not drawn again
        path.write_bytes(
            single
            if span.first == span.last
            else doc.copy(doc.pages[span.first - 1 : span.last]).write_pdf(**PDF_OPTIONS)
        )
        span.pdf = rel(path)
    log_pdf = ""
    if "log" in anchor_page:
        n = anchor_page["log"]
        log_path = folder / f"{stem}-exercise-log.pdf"
        log_path.write_bytes(doc.copy(doc.pages[n - 1 :]).write_pdf(**PDF_OPTIONS))
        log_pdf = rel(log_path)
        labels.append(page_label(section_label(job.print_title, "Exercise log"), n, total))
    return PacketResult(job.guide_slug, job.edition.key or "regular", total, rel(packet), spans, labels, log_pdf)


def lay_out(job: Job, root: Path):
    """(document, the sections' page spans, anchor name -> page number) of one packet."""
    doc = render_document(job.html, root)
    anchor_page: dict[str, int] = {}
    for number, page in enumerate(doc.pages, 1):
        for name in page.anchors:
            anchor_page.setdefault(name, number)
    spans: list[SectionPages] = []
    end = anchor_page["log"] - 1 if "log" in anchor_page else len(doc.pages)
    for i, section in enumerate(job.sections, 1):
        first = anchor_page[f"sec-{i}"]
        last = (anchor_page[f"sec-{i + 1}"] - 1) if i < len(job.sections) else end
        slugs = [slug for slug, _ in section["exercises"]]
        spans.append(
            SectionPages(
                section["title"],
                section["region"],
                first,
                last,
                slugs,
                label=section["label"],
                exercise_pages={slug: [anchor_page[f"card-{slug}"], anchor_page[f"end-{slug}"]] for slug in slugs},
            )
        )
    return doc, spans, anchor_page


def verdict(job: Job, doc, spans: list[SectionPages], anchor_page: dict[str, int]) -> list[Problem]:
    """What in a laid-out packet an editor must change, each at the file and line to change: a card
    taller than a page in regular print (it would run into the footer), a section over its
    page allotment (the exercises that spill named)."""
    problems = overflow_problems(doc, job.files, job.guide_path, job.edition.large)
    if job.edition.budget:
        problems += budget_problems(job, spans, anchor_page)
    return problems


def overflow_problems(doc, files: dict, default_path: str, large: bool) -> list[Problem]:
    """A card taller than a page that cannot go on over the next (it would run into the footer),
    at the exercise's file."""
    edition = "large print" if large else "regular print"
    return [
        Problem(
            files.get(slug, default_path),
            1,
            "steps",
            f"the card is taller than a page in {edition} and would run into the footer",
            "shorten its steps or safety notes, or split it into two exercises",
        )
        for slug in overflowing_cards(doc)
    ]


def render_guide(project: Project, guide: Guide, edition: Edition, out: Path, root: Path) -> PacketResult:
    return execute(prepare(project, guide, edition, root), out, root)


def overflowing_cards(doc) -> list[str]:
    """Cards whose box ends below the page's content area (drawn over the footer).

    Reads WeasyPrint's laid-out boxes (pinned to 70.x in pyproject.toml)."""
    found = []
    for page in doc.pages:
        box = page._page_box
        bottom = box.content_box_y() + box.height + 0.5

        def walk(b, bottom=bottom):
            element = getattr(b, "element", None)
            if element is not None and "card" in (element.get("class") or "").split():
                if b.position_y + b.margin_top + b.border_height() > bottom:
                    found.append(element.get("id", "?").removeprefix("card-"))
                return
            for child in getattr(b, "children", None) or []:
                walk(child, bottom)

        walk(box)
    return sorted(set(found))


def budget_problems(job: Job, spans: list[SectionPages], anchor_page: dict[str, int]) -> list[Problem]:
    problems = []
    for i, (span, section) in enumerate(zip(spans, job.sections), 1):
        used = span.last - span.first + 1
        if used <= section["pages"]:
            continue
        limit = span.first + section["pages"] - 1
        spilled = [title for slug, title in section["exercises"] if anchor_page[f"end-{slug}"] > limit]
        problems.append(
            Problem(
                job.guide_path,
                section["line"],
                f"sections[{i}].pages",
                f'the {section["title"]} section of "{job.guide_title}" needs {used} pages but is allotted '
                f"{section['pages']} (pages {span.first}-{limit}); these exercises spill past page {limit}: "
                f"{', '.join(spilled)}",
                "shorten their steps or safety notes, move an exercise to another section, or raise `pages:` "
                "for this section",
            )
        )
    return problems


def _cached(job: Job, cache: Path | None, out: Path) -> PacketResult | None:
    entry = cache / job.key if cache else None
    if not entry or not (entry / "result.json").is_file():
        return None
    data = json.loads((entry / "result.json").read_text())
    for rel_path in data["files"]:
        target = out / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(entry / "files" / rel_path, target)
    r = data["result"]
    return PacketResult(
        r["guide"],
        r["edition"],
        r["total_pages"],
        r["pdf"],
        [SectionPages(**s) for s in r["sections"]],
        r["labels"],
        r.get("log_pdf", ""),
    )


def _store(job: Job, result: PacketResult, cache: Path | None, out: Path) -> None:
    if not cache:
        return
    cache.mkdir(parents=True, exist_ok=True)
    files = (
        [result.pdf]
        + [p for s in result.sections for p in [s.pdf, *s.page_pdfs]]
        + ([result.log_pdf] if result.log_pdf else [])
    )
    tmp = cache / f".{job.key}.{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    for rel_path in files:
        (tmp / "files" / rel_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / rel_path, tmp / "files" / rel_path)
    (tmp / "result.json").write_text(json.dumps({"files": files, "result": result.as_dict()}))
    final = cache / job.key
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)  # an entry appears complete or not at all


def _verdict_of(job: Job, root: Path) -> list[Problem]:
    """Lay out one packet (no PDF written) and say what an editor must change."""
    doc, spans, anchor_page = lay_out(job, root)
    return verdict(job, doc, spans, anchor_page)


def check_print(project: Project, root: Path, report, cache: Path, workers: int | None = None) -> tuple[int, int]:
    """`check --print`: the print rules that only a layout can judge (page allotments, cards taller
    than a page), located for the editor, so that `check` fails where `build` would.  A packet
    whose inputs a build rendered (its PDF cache entry) or an earlier check passed (a verdict
    file under .build/print-verdicts) is proven without a layout.  Returns (laid out, proven)."""
    verdicts = cache.parent / "print-verdicts"
    jobs = [prepare(project, g, e, root) for g in project.guides for e in EDITIONS]
    todo = [job for job in jobs if not ((cache / job.key / "result.json").is_file() or (verdicts / job.key).is_file())]
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if workers == 1:
        found = [_verdict_of(job, root) for job in todo]
    else:
        with _pool(workers) as pool:
            found = list(pool.map(_verdict_of, todo, [root] * len(todo)))
    verdicts.mkdir(parents=True, exist_ok=True)
    for job, problems in zip(todo, found):
        for p in problems:
            if p not in report.problems:  # a card too tall in both editions is one problem to fix
                report.problems.append(p)
        if not problems:
            (verdicts / job.key).touch()
    used = {job.key for job in jobs}
    for entry in verdicts.iterdir():  # keep the verdicts to this content
        if entry.name not in used:
            entry.unlink(missing_ok=True)
    return len(todo), len(jobs) - len(todo)


def _length(guide: Guide, edition: Edition) -> tuple:
    """How long a packet takes to render, roughly: large print first, then by exercises."""
    return (edition.large, sum(len(s.exercises) for s in guide.sections))


def _collect_results(outcomes, results: dict, cache: Path | None, out: Path, step) -> tuple[list, int]:
    """Each packet's result as it comes (cached for the next build); its budget problems, if any."""
    problems, rendered = [], 0
    for i, job, result in outcomes:
        rendered += 1
        try:
            results[i] = result()
        except PageBudgetError as exc:
            problems.append(str(exc))
            continue
        _store(job, results[i], cache, out)
        step(f"  {results[i].pdf}: {results[i].total_pages} pages")
    return problems, rendered


def _pool(workers: int):
    """Worker processes for laying out packets, tied to this process's life and warmed up."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),))


def _worker_init(parent: int) -> None:
    """Tie the worker's life to the build's, then warm it: import WeasyPrint and load the fonts.

    A build killed with SIGKILL gets no chance to stop its workers; without this they would go
    on writing PDFs into a staging folder that the next build has already cleared."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the build died before the line above took effect
        os._exit(1)
    from weasyprint import HTML

    HTML(string="<p>warm</p>").render()


def _progress(total: int):
    """A progress bar on a terminal; plain lines in CI and logs."""
    if total and sys.stdout.isatty() and not os.environ.get("CI"):
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("Rendering PDFs", total=total)

        def step(text: str) -> None:
            bar.advance(task)
            if text:
                bar.console.print(text)

        return step, bar.stop
    return (lambda text: print(text, flush=True) if text else None), (lambda: None)


def _keep_only(cache: Path | None, used: set[str]) -> None:
    """Keep the PDF cache to what this build used."""
    if cache and cache.is_dir():
        for entry in cache.iterdir():
            if entry.name not in used:
                shutil.rmtree(entry, ignore_errors=True)


def _cold(cache: Path | None) -> bool:
    """Nothing to reuse: every packet will be rendered."""
    return cache is None or not cache.is_dir() or not any(cache.iterdir())


def render_all(
    project: Project, out: Path, root: Path, progress=None, workers: int | None = None, cache: Path | None = None
) -> list[PacketResult]:
    """Render every guide in every edition, in parallel, reusing cached packets whose inputs are
    unchanged.  Budget problems of all guides are reported together.

    Each packet goes to a worker as soon as it is prepared (its HTML written and its figures
    drawn), so the workers start and warm up while this process prepares the rest, and the
    longest packets (large print, most exercises) go first, so that no core is left with a long
    one at the end while the other waits."""
    pairs = [(g, e) for g in project.guides for e in EDITIONS]
    order = sorted(range(len(pairs)), reverse=True, key=lambda i: _length(*pairs[i]))
    workers = max(1, min(workers or os.cpu_count() or 1, len(pairs)))
    jobs: dict[int, Job] = {}
    results: dict[int, PacketResult] = {}
    step, stop = _progress(len(pairs))

    def outcomes(pool):
        """(index, job, a call that returns its result) for each packet not in the cache."""
        pending = []
        for i in order:
            job = jobs[i] = prepare(project, *pairs[i], root)
            hit = _cached(job, cache, out)
            if hit:
                results[i] = hit
                step("")
            elif pool is None:
                yield i, job, functools.partial(execute, job, out, root)
            else:
                pending.append((i, job, pool.submit(execute, job, out, root).result))
        yield from pending

    try:
        with contextlib.ExitStack() as stack:
            pool = None
            if workers > 1:
                pool = stack.enter_context(_pool(workers))
                if _cold(cache):
                    pool.submit(os.getpid)  # start and warm the workers now
            problems, rendered = _collect_results(outcomes(pool), results, cache, out, step)
    finally:
        stop()
    if problems:
        raise PageBudgetError("\n".join(problems))
    _keep_only(cache, {job.key for job in jobs.values()})
    if progress:
        progress(f"  {len(pairs) - rendered} of {len(pairs)} packets unchanged (cached), {rendered} rendered")
    return [results[i] for i in range(len(pairs))]

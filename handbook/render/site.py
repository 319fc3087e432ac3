"""Stage 4a, render site: write Markdown pages and the nav from the model, then let MkDocs render.

All structure (pages, nav, browse indexes, the print list) is generated here, in our code, into a
build folder with a config made from the checked settings of the top-level mkdocs.yml.  MkDocs and Material only turn
Markdown into HTML, so replacing them later means replacing one function, `run_mkdocs`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from .. import model as m
from .. import safe_html
from ..output import carry_over
from .card import UnsafeCard, web_cards, web_sheet
from .illustrate import all_art
from .printing import short_url

BROWSE = (  # the website's filters: a list of content/vocabulary.yml each, with its heading
    ("type", "Type of exercise"),
    ("position", "Position"),
    ("helper", "Who helps"),
    ("conditions", "Condition"),
)


def _env(root: Path) -> jinja2.Environment:
    """Templates escape every value: an editor's `<` is shown, never run.  Markdown bodies, which
    the check has vetted and MkDocs' last step sanitises, are marked `| safe` where they go."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root / "templates" / "site")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    # front matter: MkDocs puts a page's title into <title>, the menu and search as it is
    env.filters["yaml_str"] = lambda s: Markup(
        yaml.safe_dump(html.escape(str(s)), default_style='"', width=10_000).strip()
    )
    return env


def _write_figures(arts: dict, docs: Path) -> dict[str, str]:
    """Each exercise's figure file, written; exercise slug -> the figure's path from the site's root."""
    figures: dict[str, str] = {}
    for slug, art in arts.items():
        figures[slug] = f"figures/{art.file_name(slug)}"
        (docs / "figures").mkdir(parents=True, exist_ok=True)
        (docs / figures[slug]).write_bytes(art.data)
    return figures


def _in_guides(ex: m.Exercise, print_of: dict) -> list[tuple]:
    """(guide, the PDF of its section that holds the exercise, its own pages by edition) for each
    guide that prints it."""
    out = []
    for guide in ex.guides:
        pdf, own = None, []
        for ed in (print_of.get(guide.slug) or {}).get("editions") or []:
            for sec in ed["sections"]:
                if ex.slug not in sec["exercises"]:
                    continue
                pdf = pdf or sec["pdf"]
                first, last = sec.get("exercise_pages", {}).get(ex.slug, (0, 0))
                pages = sec["page_pdfs"][first - sec["first"] : last - sec["first"] + 1] if first else []
                if pages:
                    own.append((ed["label"], first, last, pages))
        out.append((guide, pdf, own))
    return out


def _facets(project: m.Project, exercises: list[m.Exercise]) -> list[dict]:
    """The browse page's groups: for each filter, each word of its list that some exercise has."""
    facets = []
    for attr, title in BROWSE:
        groups = []
        for key, label in _shown(project, attr):
            items = [
                e for e in exercises if (key in getattr(e, attr) if attr == "conditions" else getattr(e, attr) == key)
            ]
            if items:
                groups.append({"key": key, "label": label, "exercises": items})
        facets.append({"attr": attr, "title": title, "groups": groups})
    return facets


def _script_data(project: m.Project, root: Path, arts: dict, figures: dict[str, str], directory_urls: bool) -> dict:
    """What the site's scripts know (the handout maker, the forgiving search): the exercises with
    their address and card, the handout's head and log, and the words the build uses for doses."""
    s = project.settings
    try:
        cards, write_in_dose = web_cards(project, root, arts, figures)
        sheet = web_sheet(root)
    except UnsafeCard as exc:  # a tripwire, like secure_pages: check's markup rules come first
        raise UnsafeOutput(f"assets/{DATA_FILE}: {exc}") from None
    rows = exercise_data(project, figures, cards)
    for row in rows:
        row["url"] = page_url(f"exercises/{row['slug']}.md", directory_urls)
    return {
        "exercises": rows,
        "instructions": list(m.HANDOUT_INSTRUCTIONS),
        "sides": dict(_shown(project, "sides")),
        "notesLabel": m.NOTES_LABEL,
        "writeInDose": write_in_dose,
        **sheet,
        "blank": m.BLANK,
        "writeInLine": m.WRITE_IN_LINE,
        "log": m.LOG,
        "doseWords": m.DOSE_WORDS,
        "organisation": s.organisation,
        "phone": s.phone,
        "siteUrl": s.site_url,
    }


def exercise_data(
    project: m.Project, figures: dict[str, str] | None = None, cards: dict[str, str] | None = None
) -> list[dict]:
    """What the website's handout maker needs of each exercise, in guide order.

    `figures`: each exercise's figure, as a path from the site's root; `cards`: each exercise's
    card, as print lays it out (handbook.card), which the page shows with the dose it is given."""
    figures, cards = figures or {}, cards or {}
    rows = []
    for ex in sorted(project.exercises.values(), key=lambda e: (e.region.order, e.title)):
        rows.append(
            {
                "slug": ex.slug,
                "title": ex.title,
                "summary": ex.summary,
                "region": ex.region.key,
                "regionTitle": ex.region.title,
                "type": ex.type,
                "position": ex.position,
                "helper": ex.helper,
                "conditions": ex.conditions,
                "helperLabel": ex.helper_label,
                "aliases": ex.aliases,
                "guide": ex.guide.title if ex.guide else "",
                "dose": {
                    "reps": str(ex.reps),
                    "hold": str(ex.hold),
                    "sides": ex.sides,
                    "relation": ex.reps_and_hold,
                    "sets": str(ex.sets) if ex.sets else "",
                    "rest": str(ex.rest) if ex.rest else "",
                    "frequency": ex.frequency,
                },
                "doseLine": ex.dose_line,
                "card": cards.get(ex.slug, ""),
                "figure": figures.get(ex.slug, ""),
                "figureAlt": ex.figure_alt if ex.slug in figures else "",
            }
        )
    return rows


def _shown(project: m.Project, name: str) -> list[tuple[str, str]]:
    """(word, what readers see) for each word of a list of content/vocabulary.yml, in its order."""
    return [(key, word.shown) for key, word in project.vocabulary.get(name, {}).items()]


DATA_FILE = "handout-data.js"  # under assets/: what the site's scripts know of each exercise


def read_data(site: Path) -> dict:
    """The exercise data a built site gives its scripts (for tests and tools)."""
    text = (site / "assets" / DATA_FILE).read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :].strip().removesuffix(";"))


def page_url(md: str, directory_urls: bool = True) -> str:
    """A generated page's address from the site's root, as MkDocs writes it: exercises/x.md is
    exercises/x/ (or exercises/x.html without directory URLs)."""
    stem = md.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index") if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


def up_to_root(md: str, directory_urls: bool = True) -> str:
    """The relative way from a generated page to the site's root: "../../" for exercises/x.md."""
    return "../" * page_url(md, directory_urls).count("/") if directory_urls else "../" * md.count("/")


def review_line(review: m.Review, years: int) -> str:
    reviewed = review.reviewed
    if reviewed is None:
        return m.AWAITING_REVIEW
    due = review.next_due(years)
    who = f" by {review.reviewed_by}" if review.reviewed_by else ""
    return f"Last reviewed {reviewed.isoformat()}{who} · Next review due {due.isoformat() if due else ''}"


def print_index(project: m.Project, manifest: list[dict]) -> list[dict]:
    """For each guide: its print links the way the source lists them (from the one render)."""
    by_key = {(r["guide"], r["edition"]): r for r in manifest}
    out = []
    for guide in project.guides:
        editions = []
        for key, label in (("regular", "Regular print"), ("large-print", "Large print")):
            r = by_key.get((guide.slug, key))
            if not r:
                continue
            # the render labelled every page (sections' pages, then the log page) in this order
            pdfs = [pdf for sec in r["sections"] for pdf in sec["page_pdfs"]] + (
                [r["log_pdf"]] if r.get("log_pdf") else []
            )
            pages = [{"label": text, "pdf": pdf} for text, pdf in zip(r["labels"], pdfs, strict=True)]
            editions.append(
                {
                    "label": label,
                    "key": key,
                    "total": r["total_pages"],
                    "pdf": r["pdf"],
                    "sections": r["sections"],
                    "pages": pages,
                    "log_pdf": r.get("log_pdf", ""),
                }
            )
        out.append({"guide": guide, "editions": editions})
    return out


class _Pages:
    """Writes the site's Markdown pages from templates/site/, counting them."""

    def __init__(self, project: m.Project, docs: Path, root: Path):
        self.env, self.project, self.docs, self.count = _env(root), project, docs, 0
        self.directory_urls = project.settings.mkdocs.get("use_directory_urls", True) is not False
        self.page_slugs = {p.slug for p in project.pages}  # templates link a hand-written page only if it exists

    def __call__(self, rel: str, template: str, **ctx) -> None:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # `up`: the way from this page to the site's root, for the few addresses written as HTML
        # (MkDocs rewrites Markdown links itself, for either URL style)
        path.write_text(
            self.env.get_template(template).render(
                settings=self.project.settings,
                project=self.project,
                page_slugs=self.page_slugs,
                up=up_to_root(rel, self.directory_urls),
                url=lambda md: page_url(md, self.directory_urls),
                **ctx,
            ),
            encoding="utf-8",
        )
        self.count += 1


def generate(project: m.Project, docs: Path, root: Path, manifest: list[dict]) -> tuple[list, int]:
    """Write every Markdown page into `docs`; return (nav, page count)."""
    write = _Pages(project, docs, root)
    prints = print_index(project, manifest)
    regions = sorted(project.regions.values(), key=lambda r: r.order)
    used_regions = [r for r in regions if project.exercises_in_region(r.key)]
    exercises = sorted(project.exercises.values(), key=lambda e: _guide_order(project, e))
    arts = all_art(project, root)
    figures = _write_figures(arts, docs)
    _content_pages(write, exercises, used_regions, prints, figures)
    _tool_pages(write, exercises, used_regions, prints, figures)
    (docs / "assets").mkdir(parents=True, exist_ok=True)
    # a script, not JSON to fetch: a script loads from disk too (a pull request's preview)
    data = _script_data(project, root, arts, figures, write.directory_urls)
    (docs / "assets" / DATA_FILE).write_text(
        f"window.moveWellData = {json.dumps(data, ensure_ascii=False, sort_keys=True)};\n"
    )
    nav = [
        {"Home": "index.md"},
        {"Guides": [{g.title: f"guides/{g.slug}.md"} for g in project.guides]},
        {"Exercises by body region": [{r.title: f"regions/{r.key}.md"} for r in used_regions]},
        {"Browse all exercises": "browse.md"},
        {"For printing": "print.md"},
        {"Make a handout": "handout.md"},
        {"Help and safety": [{p.title: f"pages/{p.slug}.md"} for p in project.pages]},
        {"Figure review (for clinicians)": "figures.md"},
    ]
    return nav, write.count


def _guide_order(project: m.Project, e: m.Exercise) -> tuple:
    g = e.guide
    gi = project.guides.index(g) if g else 99
    pos = g.exercises.index(e) if g else 0
    return (gi, pos, e.title)


def _content_pages(write: _Pages, exercises: list, used_regions: list, prints: list, figures: dict) -> None:
    """The home page, the guides, the exercises, the regions and the hand-written pages."""
    project, years = write.project, write.project.settings.review_years
    print_of = {p["guide"].slug: p for p in prints}
    write("index.md", "home.md.j2", guides=project.guides, regions=used_regions, pages=project.pages)
    for guide in project.guides:
        review = review_line(guide.review, years)
        write(f"guides/{guide.slug}.md", "guide.md.j2", guide=guide, review=review, prints=print_of.get(guide.slug))
    for ex in exercises:
        write(
            f"exercises/{ex.slug}.md",
            "exercise.md.j2",
            ex=ex,
            review=review_line(ex.review, years),
            in_guides=_in_guides(ex, print_of),
            figure=figures.get(ex.slug),
        )
    for region in used_regions:
        in_region = [e for e in exercises if e.region.key == region.key]
        write(f"regions/{region.key}.md", "region.md.j2", region=region, exercises=in_region)
    for page in project.pages:
        write(f"pages/{page.slug}.md", "page.md.j2", page=page, review=review_line(page.review, years))


def _tool_pages(write: _Pages, exercises: list, used_regions: list, prints: list, figures: dict) -> None:
    """Browse, For printing, the figure review and Make a handout."""
    project = write.project
    write("browse.md", "browse.md.j2", facets=_facets(project, exercises), regions=used_regions, exercises=exercises)
    write("print.md", "print.md.j2", prints=prints)
    guides = [g for g in project.guides if g.exercises]
    write("figures.md", "figures.md.j2", exercises=exercises, figures=figures, guides=guides)
    filters = [(attr, title, _shown(project, attr)) for attr, title in BROWSE]
    filters.insert(0, ("region", "Body region", [(r.key, r.title) for r in used_regions]))
    write("handout.md", "handout.md.j2", filters=filters, default_title=m.HANDOUT_TITLE)


def write_config(project: m.Project, build: Path, docs: Path, site_dir: Path, root: Path, nav: list) -> Path:
    """The whole MkDocs config, from mkdocs.yml's checked settings (not INHERITed: MkDocs would
    read the file again, tags, hooks and all) plus what the build decides."""
    s = project.settings
    contact = " · ".join(x for x in (s.organisation, s.phone, s.email) if x)

    def escaped(items):  # menu titles reach the page as they are
        return [{html.escape(k): escaped(v) if isinstance(v, list) else v for k, v in entry.items()} for entry in items]

    extensions: list = [name if isinstance(name, str) else {name[0]: dict(name[1])} for name in s.markdown_extensions]
    extensions.append("handbook.safe_html")  # last: every page's HTML passes the allow-list
    config = dict(s.mkdocs)
    config.update(
        {
            "site_name": html.escape(s.site_name),
            "docs_dir": str(docs),
            "site_dir": str(site_dir),
            "nav": escaped(nav),
            "copyright": html.escape(contact),
            "markdown_extensions": extensions,
            "extra_css": ["assets/site.css", "assets/handout.css"],
            "extra_javascript": [
                "assets/find.js",
                "assets/site.js",
                "assets/vendor/qrcode.js",
                "assets/handout-dose.js",
                "assets/handout-link.js",
                "assets/handout.js",
            ],
            "not_in_nav": "/exercises/*.md\n",
            "strict": True,
            "hooks": [],
            "validation": {
                "omitted_files": "warn",
                "absolute_links": "warn",
                "unrecognized_links": "warn",
                "anchors": "warn",
            },
        }
    )
    for key in ("site_description", "site_author"):
        if key in config:
            config[key] = html.escape(str(config[key]))
    # our own page for a missing address, over the theme's bare "404 - Not found"
    overrides = build / "overrides"
    overrides.mkdir(exist_ok=True)
    shutil.copyfile(root / "templates" / "site" / "theme" / "404.html", overrides / "404.html")
    config["theme"] = {**dict(config.get("theme") or {}), "custom_dir": "overrides"}
    path = build / "mkdocs.yml"
    path.write_text(
        "# Generated by build.py: do not edit. Settings live in the top-level mkdocs.yml.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return path


class MkDocsWarnings(Exception):
    pass


# What renders the generated pages: MkDocs 1.6 (frozen), or ProperDocs, its maintained 1.x fork,
# which takes MkDocs' place for MkDocs' plugins and themes (Material included).  Chosen per build
# with MOVE_WELL_SITE_ENGINE; tests/test_site.py builds the site with each.
ENGINES = ("mkdocs", "properdocs")
ENGINE_VARIABLE = "MOVE_WELL_SITE_ENGINE"


class EngineUnavailable(Exception):
    pass


def engine_name() -> str:
    """The engine asked for (MOVE_WELL_SITE_ENGINE), as written; site_engine() checks it."""
    return (os.environ.get(ENGINE_VARIABLE) or "mkdocs").strip().lower()


def site_engine() -> str:
    """The engine this build uses; ProperDocs is made to answer every `mkdocs.*` import."""
    name = engine_name()
    if name not in ENGINES:
        raise EngineUnavailable(f"{ENGINE_VARIABLE}={name!r}: expected one of {', '.join(ENGINES)}")
    if name == "properdocs":
        if "mkdocs.commands" in sys.modules and "properdocs" not in sys.modules:
            raise EngineUnavailable("MkDocs was already loaded in this process; run the build again on its own")
        try:
            import properdocs.replacement  # noqa: F401  (from here on, mkdocs.* is properdocs.*)
        except ImportError:
            raise EngineUnavailable("ProperDocs is not installed: pip install 'properdocs>=1.6.7,<2'") from None
    return name


def run_mkdocs(config_path: Path) -> None:
    """Render the generated Markdown with MkDocs (or ProperDocs), strict: any warning fails the build."""
    engine = site_engine()
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    handler = Collect()
    logs = [logging.getLogger(name) for name in {"mkdocs", engine}]
    for log in logs:
        log.addHandler(handler)
    try:
        cfg = load_config(str(config_path))
        mkdocs_build(cfg)
    except Abort as exc:
        raise MkDocsWarnings("\n".join(warnings) or str(exc)) from None
    finally:
        for log in logs:
            log.removeHandler(handler)
    if warnings:
        raise MkDocsWarnings("\n".join(warnings))


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S | re.I)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}


class UnsafeOutput(Exception):
    pass


class _Tripwire(HTMLParser):
    """The first event-handler attribute or script: URL in a page, parsed as a browser would."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = ""

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if self.found:
                return
            if name.startswith("on") or (
                name in _URL_ATTRIBUTES
                and safe_html.url_scheme(value or "") in ("javascript", "vbscript", "data")
                and tag != "img"
            ):
                self.found = f"<{tag} {name}={(value or '')[:40]!r}>"

    handle_startendtag = handle_starttag


def _theme_scripts() -> list[re.Pattern]:
    """The inline scripts the theme itself writes (from its own templates), as patterns: only these
    may run.  A script that reached a page any other way, e.g. through a setting the theme writes
    into the page as it is, is not one of them."""
    from importlib.resources import files

    patterns = []
    folder = files("material") / "templates" / "partials" / "javascripts"
    for template in sorted(folder.iterdir(), key=lambda t: t.name):
        if not template.name.endswith(".html"):
            continue
        for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S):
            parts = re.split(r"\{\{.*?\}\}", body)  # a Jinja value: the page's relative base, "." or "../.."
            patterns.append(re.compile(r"[./]*".join(re.escape(part) for part in parts)))
    return patterns


_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]*)"')
_SEARCH_FORM_END = re.compile(r'(<form class="md-search__form" name="search">.*?)\s*</form>', re.S)


def _tidy_theme_markup(text: str) -> str:
    """Mend what the Nu HTML checker and HTML_CodeSniffer find in the theme's own frame (not in our
    content): an empty tabindex on menu labels, autocomplete on checkboxes, a label for a control
    the page does not have, a toggle without a name.  None of it changes what a reader sees or can
    do."""
    text = _EMPTY_TABINDEX.sub(r"\1", text)
    text = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", text)
    ids = set(re.findall(r'\bid="([^"]*)"', text))
    text = _LABEL_FOR.sub(lambda m: m.group(0) if m.group(2) in ids else m.group(1), text)
    # the table of contents' hidden toggle has no name of its own (HTML_CodeSniffer, 4.1.2)
    text = text.replace('type="checkbox" id="__toc">', 'type="checkbox" id="__toc" aria-label="Table of contents">')
    # the search form had no submit button (3.2.2, H32), and Enter sent the form: the page reloaded
    # with the search lost.  site.js takes the submit and opens the best match instead.
    return _SEARCH_FORM_END.sub(
        r'\1<button type="submit" class="mw-search-go" tabindex="-1">Open the best match</button>\n    </form>',
        text,
        count=1,
    )


def secure_pages(site_dir: Path) -> int:
    """Give every page a Content-Security-Policy that lets only the site's own scripts run (the
    theme's few inline ones by hash), and refuse to publish a page with an event-handler attribute
    or a script: link anywhere (the content is sanitised; this also covers the theme's frame)."""
    count = 0
    theme = _theme_scripts()
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        wire = _Tripwire()
        wire.feed(text)
        if wire.found:
            raise UnsafeOutput(f"{page.relative_to(site_dir)}: would publish {wire.found}")
        scripts = [m.group(1) for m in _INLINE_SCRIPT.finditer(text)]
        unknown = [body for body in scripts if not any(p.fullmatch(body) for p in theme)]
        if unknown:
            raise UnsafeOutput(
                f"{page.relative_to(site_dir)}: would publish an inline script that is not the "
                f"theme's own: {unknown[0][:60]!r}"
            )
        text = _tidy_theme_markup(text)
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'" for body in scripts
        )
        policy = (
            "default-src 'self'; script-src 'self' " + hashes + "; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'"
        )
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        text, n = re.subn(r"<head>", "<head>\n    " + meta, text, count=1)
        if n:
            page.write_text(text, encoding="utf-8")
            count += 1
    return count


def _digest(docs: Path, config: Path, root: Path) -> str:
    """Everything MkDocs reads: the generated pages and assets, both configs, MkDocs' and Material's
    versions.  The PDFs under docs/print/ are copied, not rendered, so they are left out."""
    import hashlib
    from importlib.metadata import version

    engine = engine_name()
    h = hashlib.sha256(f"{engine} {version('mkdocs')} {version('mkdocs-material')}".encode())
    h.update(
        b"".join(
            line
            for line in config.read_bytes().splitlines(True)  # temporary folders, new every build
            if not line.startswith((b"site_dir:", b"docs_dir:"))
        )
    )
    # the sanitiser, the page security and the handout page's cards are part of the render
    for code in (Path(__file__), Path(safe_html.__file__), Path(__file__).with_name("card.py")):
        h.update(code.read_bytes())
    for path in sorted((config.parent / "overrides").glob("*")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not rel.startswith("print/"):
            h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def build_site(
    project: m.Project,
    stage: Path,
    root: Path,
    manifest: list[dict],
    timings: dict | None = None,
    previous: Path | None = None,
    previous_digest: str = "",
) -> int:
    """Generate the pages and render them into `stage`, keeping the PDFs in place.  When
    `previous_digest` (of the site in `previous`) equals this build's, its pages are reused.
    The digest is left in timings["digest"] for the build's state file."""
    import time

    build = Path(tempfile.mkdtemp(prefix="handbook-site-"))
    timings = timings if timings is not None else {}
    try:
        started = time.perf_counter()
        docs = build / "docs"
        docs.mkdir()
        nav, count = generate(project, docs, root, manifest)
        assets = docs / "assets"
        shutil.copytree(root / "assets" / "site", assets, dirs_exist_ok=True)
        shutil.copytree(root / "assets" / "fonts", assets / "fonts")
        site_dir = build / "site"
        config = write_config(project, build, docs, site_dir, root, nav)
        digest = _digest(docs, config, root)
        timings["generate"] = time.perf_counter() - started
        started = time.perf_counter()
        timings["digest"] = digest
        if previous is not None and previous.is_dir() and previous_digest == digest:
            # Nothing MkDocs reads has changed: reuse the previous build's pages (a no-change rebuild).
            carry_over(previous, stage)
            timings["mkdocs"] = 0.0
            timings["reused"] = True
        else:
            if (stage / "print").is_dir():  # MkDocs empties site_dir: move the PDFs through docs/
                shutil.move(str(stage / "print"), str(docs / "print"))
            run_mkdocs(config)
            secure_pages(site_dir)
            timings["mkdocs"] = time.perf_counter() - started
            for item in site_dir.iterdir():
                shutil.move(str(item), str(stage / item.name))
        return count
    finally:
        shutil.rmtree(build, ignore_errors=True)


__all__ = ["build_site", "generate", "short_url"]

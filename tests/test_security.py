"""Security corpus: what a careless or hostile contributor, or a crafted handout link, can try.

Every payload either is refused by `check` with path:line, or is published inert: the built site,
driven in chromium, runs no script, makes no outside request and still shows every safety note.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build_py, run_cli

from handbook import safe_html

EX = "content/exercises/neck-flexion.md"
GUIDE = "content/guides/passive-range-of-motion.yml"
PAGE = "content/pages/when-to-stop.md"

# --- 1. refused by check, located -------------------------------------------------------------------

FIELD_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example/></iframe>",
    "<style>.safety{display:none}</style>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "![pixel](https://evil.example/pixel.png)",
    '*x*{ onclick="alert(1)" }',
    "[[[nested]]](javascript:alert(1))",
    "[" * 500 + "x" + "]" * 500,
    '<a href="https://example.org" onmouseover="alert(1)">x</a>',
    "<details open ontoggle=alert(1)>x</details>",
    "<!-- hidden -->",
    '[x](https://example.org \'<meta http-equiv="refresh" content="0;url=https://evil.example">\')',
    "[Only do what feels good]: https://example.org",
    "Bird Dog {#__config}",
    "[a " * 8000,
]
FIELDS = ["title", "summary", "frequency", "dose_note"]
LIST_FIELDS = ["safety", "aliases", "sources"]

BODY_PAYLOADS = [
    "<script>alert(1)</script>",
    "\\`<img src=x onerror=alert(1)>\\`",
    "```\n<script>alert(1)</script>\n~~~",
    '![x](y.png){ onerror="alert(1)" }',
    'A paragraph.\n{: onclick="alert(1)" }',
    "[x][a]\n\n[a]: javascript:alert(1)",
    "[x][a]\n\n[a]:\n    javascript:alert(2)",
    "[x]( javascript:alert(1) )",
    "<javascript:alert(1)>",
    '<a rel="attachment" href="file:///etc/hostname">notes</a>',
    "[notes](file:///etc/hostname)",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="https://evil.example"><button>Go</button></form>',
    '<div markdown="1" style="display:none">x</div>',
    '<object data="x.svg"></object>',
    "Read [the rule](https://example.org '<style>.safety{display:none}</style>') below.",
    "## The rule {#__config}",
    "\n".join("    " * i + "- x" for i in range(60)),
    "1. ![Helper photo][t] Hold the leg.\n\n[t]: https://evil.example/track.png",
]

CONFIG_PAYLOADS = {
    "hooks": "hooks:\n  - evil.py\n",
    "python tag": "extra_css: !!python/object/apply:os.system ['true']\n",
    "env tag": "site_author: !ENV HOME\n",
    "alias": "extra_x: &a [1]\nextra_y: *a\n",
    "billion laughs": "a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n",
    "INHERIT": "INHERIT: mkdocs.yml\n",
    "script in site_description": 'site_description: "<script>alert(1)</script>"\n',
    "plugin": "plugins:\n  - macros\n",
    "extension": "markdown_extensions:\n  - pymdownx.snippets\n",
    "extra_javascript": "extra_javascript: [https://evil.example/x.js]\n",
    "custom_dir": "theme:\n  name: material\n  custom_dir: /etc\n",
    "review_years": "extra:\n  handbook:\n    review_years: 9000\n",
    "extra.alternate": "extra_z: 1\n",
    "repo_name": "repo_url: https://github.com/example/repo\nrepo_name: '<script>alert(1)</script>'\n",
    "toc baselevel": "markdown_extensions:\n  - toc:\n      baselevel: abc\n",
    "toc slugify": "markdown_extensions:\n  - toc:\n      slugify: x\n",
    "theme language": "theme:\n  name: material\n  language: xx\n",
    "theme icon": "theme:\n  name: material\n  icon:\n    logo: nope/nope\n",
    "edit_uri": "edit_uri: 'javascript:alert(1)//'\n",
}
# extra.* values the theme writes into every page as they are
EXTRA_PAYLOADS = {
    "alternate": "  alternate:\n    - name: English\n      link: /\n      lang: 'en\"><script>alert(1)</script><x \"'\n",
    "consent": "  consent:\n    title: Cookies\n    description: '<script>alert(1)</script>'\n",
    "analytics": "  analytics:\n    provider: google\n    property: 'G-X\"+alert(1)+\"'\n",
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("attack") / "project")


class Edit:
    """Change one file of the scratch project for one test, then put it back."""

    def __init__(self, root: Path, rel: str):
        self.path, self.original = root / rel, (root / rel).read_text()

    def __enter__(self):
        return self

    def set_field(self, name: str, value: str, in_list: bool = False):
        text = self.original
        value = json.dumps(value)  # a YAML double-quoted string
        new = f"{name}:\n  - {value}\n" if in_list else f"{name}: {value}\n"
        pattern = re.compile(rf"^{name}:.*\n(?:  - .*\n)*", re.M)
        text = (
            pattern.sub(lambda _: new, text, count=1)
            if pattern.search(text)
            else text.replace("\n---\n", f"\n{new}---\n", 1)
        )
        self.path.write_text(text)

    def append(self, extra: str):
        self.path.write_text(self.original.rstrip("\n") + "\n\n" + extra + "\n")

    def __exit__(self, *exc):
        self.path.write_text(self.original)


def refused(root: Path, rel: str):
    result = run_cli("check", root=root)
    assert result.code == 1, result.text
    assert re.search(rf"^{re.escape(rel)}:\d+: ", result.text, re.M), result.text
    return result


@pytest.mark.parametrize("payload", FIELD_PAYLOADS, ids=range(len(FIELD_PAYLOADS)))
def test_every_text_field_refuses_markup(scratch, payload):
    for name in FIELDS:
        with Edit(scratch, EX) as e:
            e.set_field(name, payload)
            out = refused(scratch, EX).text
            assert f": {name}: " in out, (name, out)
    for name in LIST_FIELDS:
        with Edit(scratch, EX) as e:
            e.set_field(name, payload, in_list=True)
            assert f": {name}[1]: " in refused(scratch, EX).text


@pytest.mark.parametrize("payload", BODY_PAYLOADS, ids=range(len(BODY_PAYLOADS)))
def test_bodies_refuse_markup_with_the_line(scratch, payload):
    with Edit(scratch, EX) as e:
        e.append(payload)
        out = refused(scratch, EX).text
        first = len(e.original.rstrip("\n").split("\n")) + 2  # the payload starts two lines below
        lines = [int(n) for n in re.findall(rf"^{re.escape(EX)}:(\d+): body:", out, re.M)]
        assert lines and all(first <= n < first + payload.count("\n") + 1 for n in lines), out
    with Edit(scratch, PAGE) as e:
        e.append(payload)
        refused(scratch, PAGE)


@pytest.mark.parametrize(
    "where, name",
    [(GUIDE, "title"), (GUIDE, "summary"), (GUIDE, "intro"), (GUIDE, "audience"), ("content/regions.yml", None)],
)
def test_guide_and_region_fields_refuse_markup(scratch, where, name):
    for payload in ("<script>alert(1)</script>", "[x](javascript:alert(1))"):
        with Edit(scratch, where) as e:
            if name:
                e.set_field(name, payload)
            else:
                e.path.write_text(e.original.replace("title: Lower Extremities", f"title: {json.dumps(payload)}"))
            refused(scratch, where)
    with Edit(scratch, GUIDE) as e:
        e.path.write_text(
            re.sub(r"(general_instructions:\n)  - .*\n", r'\1  - "<img src=x onerror=alert(1)>"\n', e.original, count=1)
        )
        assert "general_instructions[1]" in refused(scratch, GUIDE).text


@pytest.mark.parametrize("name", list(CONFIG_PAYLOADS))
def test_mkdocs_yml_is_read_safely(scratch, name):
    with Edit(scratch, "mkdocs.yml") as e:
        text = CONFIG_PAYLOADS[name]
        if name.startswith(("theme", "toc", "markdown")):  # replace the section rather than repeat the key
            key = text.split(":", 1)[0]
            e.path.write_text(re.sub(rf"^{key}:\n(?:[ #].*\n|\n)*", text, e.original, count=1, flags=re.M))
        else:
            e.path.write_text(e.original + "\n" + text)
        refused(scratch, "mkdocs.yml")


@pytest.mark.parametrize("name", list(EXTRA_PAYLOADS))
def test_extra_settings_the_theme_would_publish_are_refused(scratch, name):
    with Edit(scratch, "mkdocs.yml") as e:
        e.path.write_text(e.original.replace("extra:\n", "extra:\n" + EXTRA_PAYLOADS[name], 1))
        assert f"extra.{name}" in refused(scratch, "mkdocs.yml").text


@pytest.mark.parametrize("value", ['"²"', "9" * 5000, '"①"'])
def test_doses_that_are_not_plain_numbers(scratch, value):
    with Edit(scratch, EX) as e:
        e.path.write_text(re.sub(r"^reps: .*$", f"reps: {value}", e.original, count=1, flags=re.M))
        assert ": reps: " in refused(scratch, EX).text


def test_a_figure_file_must_be_what_its_name_says(scratch):
    figures = scratch / "content/figures"
    figures.mkdir(exist_ok=True)
    (figures / "evil.png").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="file://localhost/etc/hostname"/></svg>'
    )
    with Edit(scratch, EX) as e:
        text = re.sub(
            r"^figure:\n(?:  .*\n)*",
            "figure: figures/evil.png\nfigure_alt: A person.\n",
            e.original,
            count=1,
            flags=re.M,
        )
        e.path.write_text(text)
        assert "is not a PNG picture (its contents are SVG)" in refused(scratch, EX).text


def test_titles_that_look_empty_are_refused(scratch):
    for value in ("\u200b\u200b", "\u200d \u2060"):
        with Edit(scratch, EX) as e:
            e.set_field("title", value)
            assert ": title: " in refused(scratch, EX).text


# --- 2. the website: payloads that pass check are shown as text, never run ------------------------------

INERT = {
    "title": "Neck &lt;script&gt;alert(1)&lt;/script&gt; & \"Flexion\" 'tilt'",
    "summary": "Shown as text: `<img src=x onerror=alert(1)>` and &#60;b&#62; and </textarea>",
    "dose_note": "A {{ jinja }} and {% raw %} and ${template} and \\<script\\>",
    "aliases": 'alias " onmouseover="alert(1)',
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    path = root / EX
    text = path.read_text()
    for name, value in INERT.items():
        line = f"{name}: {json.dumps(value)}" if name != "aliases" else f"aliases: [{json.dumps(value)}]"
        text = re.sub(rf"^{name}:.*$", lambda _, line=line: line, text, count=1, flags=re.M)
    text += "\nSee `<script>alert(2)</script>` and &lt;img src=x onerror=alert(3)&gt;.\n"
    path.write_text(text)
    regions = root / "content/regions.yml"
    regions.write_text(
        regions.read_text().replace("title: Upper Extremities", 'title: "Upper &lt;b onmouseover=alert(1)&gt; & Arms"')
    )
    assert run_cli("check", root=root).code == 0
    out = root / "site"
    result = run_build_py("site", "--out", str(out), root=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def serve(directory: Path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


class Watch:
    """Record what a page does that it must not: dialogs, script errors, CSP reports, outside requests."""

    def __init__(self, page, base: str):
        self.events: list[str] = []
        page.on("dialog", lambda d: (self.events.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: self.events.append(f"script error: {e}"))
        page.on("console", lambda m: m.type == "error" and self.events.append(f"console: {m.text}"))

        def route(r):
            if r.request.url.startswith(base) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.events.append(f"outside request: {r.request.url}")
                r.abort()

        page.route("**/*", route)


@pytest.mark.browser
def test_hostile_text_is_shown_not_run(browser, hostile_site):
    httpd, base = serve(hostile_site)
    try:
        context = browser.new_context()
        page = context.new_page()
        watch = Watch(page, base)
        for rel in (
            "exercises/neck-flexion/",
            "regions/upper-extremities/",
            "browse/",
            "",
            "guides/passive-range-of-motion/",
            "figures/",
            "handout/",
        ):
            page.goto(f"{base}/{rel}")
            page.wait_for_load_state("networkidle")
        page.goto(f"{base}/exercises/neck-flexion/")
        # plain text is shown as it was typed, entities and all
        assert "Neck &lt;script&gt;alert(1)&lt;/script&gt; & \"Flexion\" 'tilt'" in page.inner_text("h1")
        assert "onerror=alert(1)" in page.inner_text(
            "article"
        ) and "&lt;img src=x onerror=alert(3)&gt;" in page.inner_text("article")
        assert "Upper &lt;b onmouseover=alert(1)&gt; & Arms" in page.text_content("nav.md-nav--primary")
        assert page.title().startswith("Neck &lt;script&gt;")
        assert page.locator(".safety li").count() == 3 and page.locator(".safety").is_visible()
        # search shows the hostile title and summary as text
        page.get_by_role("textbox", name="Search").click()
        page.keyboard.type("Flexion", delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.wait_for_timeout(500)
        assert "alert(1)" in page.inner_text(".md-search-result")
        assert not watch.events, watch.events
        context.close()
    finally:
        httpd.shutdown()


def test_published_pages_carry_a_content_security_policy(hostile_site):
    for page in [hostile_site / "index.html", hostile_site / "exercises/neck-flexion/index.html"]:
        head = page.read_text().split("</head>")[0]
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', head).group(1)
        assert "script-src 'self' 'sha256-" in policy and "object-src 'none'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert head.index("Content-Security-Policy") < head.index("<script")


def test_the_last_step_keeps_only_what_the_site_uses():
    dirty = (
        '<p onclick="x">a<script>alert(1)</script><img src="x" onerror="y">'
        '<a href="javascript:alert(1)">j</a><a href="https://ok.example/">k</a>'
        '<iframe src="https://evil.example"></iframe><svg onload="x"></svg><style>*{}</style></p>'
    )
    clean = safe_html.clean_page(dirty)
    for gone in ("onclick", "<script", "onerror", "javascript:", "<iframe", "<svg", "<style"):
        assert gone not in clean
    assert 'href="https://ok.example/"' in clean
    # the theme's own ids stay the theme's; content ids such as the handout page's are kept
    assert 'id="__config"' not in safe_html.clean_page('<h1 id="__config">x</h1><h2 id="md-toggle">y</h2>')
    assert 'id="ho-q"' in safe_html.clean_page('<input id="ho-q" type="search">')
    assert "title=" not in safe_html.clean_page('<a href="https://ok.example/" title="<style>x</style>">k</a>')


def test_a_page_that_would_run_script_is_not_published(tmp_path):
    from handbook.render.site import UnsafeOutput, secure_pages

    (tmp_path / "ok.html").write_text("<html><head></head><body><p>fine</p></body></html>")
    assert secure_pages(tmp_path) == 1
    (tmp_path / "bad.html").write_text('<html><head></head><body><img src=x onerror="alert(1)"></body></html>')
    with pytest.raises(UnsafeOutput):
        secure_pages(tmp_path)
    (tmp_path / "bad.html").write_text("<html><head><script>alert(1)</script></head><body></body></html>")
    with pytest.raises(UnsafeOutput, match="not the theme's own"):
        secure_pages(tmp_path)
    # the theme's own inline scripts, at any depth, are allowed and hashed into the policy
    theme = (
        '<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.'
        'charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
        '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}'
        "catch(e){}}</script>"
    )
    (tmp_path / "bad.html").write_text(f"<html><head>{theme}</head><body></body></html>")
    assert secure_pages(tmp_path) == 2


def test_svg_figure_files_are_sanitised():
    dirty = (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
        '<a href="javascript:alert(3)"><circle r="4"/></a><image href="https://evil.example/x.png"/>'
        '<foreignObject><iframe src="x"></iframe></foreignObject><circle r="5" style="x"/></svg>'
    )
    clean = safe_html.sanitize_svg(dirty)
    for gone in ("onload", "<script", "javascript:", "<image", "foreignObject", "<iframe", "style="):
        assert gone not in clean
    assert "<circle" in clean


# --- 3. the handout link is hostile data --------------------------------------------------------------


def link(obj) -> str:
    raw = json.dumps(obj).encode()
    return "#h=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


HANDOUT_LINKS = {
    "proto slug": link({"items": [{"slug": "__proto__"}, {"slug": "constructor"}, {"slug": "hip-abduction"}]}),
    "many items": link({"items": [{"slug": "hip-abduction"}] * 5000}),
    "too long": "#h=" + "A" * 60_000,
    "not base64": "#h=%%%%",
    "not json": "#h=" + base64.urlsafe_b64encode(b"{nope").decode().rstrip("="),
    "items not a list": link({"items": {"slug": "hip-abduction"}, "title": 5}),
    "css breakout": link(
        {
            "title": "x\r}}} .safety, .band { display: none } body { background: "
            'url(https://evil.example/x.png) } @media print { @page { @top-left { content: "',
            "patient": '"}body{display:none}',
            "items": [{"slug": "hip-abduction"}],
        }
    ),
    "bad doses": link(
        {
            "items": [
                {
                    "slug": "hip-abduction",
                    "mode": "custom",
                    "dose": {"reps": "-3", "sets": "-3 sets", "hold": "999999", "frequency": "x" * 5000},
                }
            ]
        }
    ),
    "html in fields": link(
        {
            "title": "<img src=x onerror=alert(1)>",
            "notes": "<script>alert(1)</script>",
            "items": [{"slug": "hip-abduction"}],
        }
    ),
    "huge title": link({"title": "T" * 100_000, "items": [{"slug": "hip-abduction"}]}),
}


@pytest.mark.browser
@pytest.mark.parametrize("name", list(HANDOUT_LINKS))
def test_hostile_handout_links(browser, server, name):
    context = browser.new_context()
    page = context.new_page()
    watch = Watch(page, server)
    page.goto(f"{server}/handout/{HANDOUT_LINKS[name]}")
    page.wait_for_selector(".handout-app.ho-ready", timeout=15_000)
    chosen = page.locator("#ho-chosen > li").count()
    assert chosen <= 1, f"{name}: {chosen} items"
    if chosen:
        # every safety note and the Read first band are there on screen and in print
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            assert page.locator("#ho-preview .band").is_visible(), media
            assert page.locator("#ho-preview .safety li").first.is_visible(), media
        # the print style is still one @media rule holding one @page rule: nothing broke out of its strings
        rules = page.evaluate("""() => { const s = document.getElementById('ho-page-style').sheet;
            return [s.cssRules.length, s.cssRules[0].cssRules.length, s.cssRules[0].cssRules[0].constructor.name]; }""")
        assert rules == [1, 1, "CSSPageRule"], rules
        line = page.inner_text("#ho-preview")
        assert "999999" not in line and "-3" not in line
    else:
        assert page.locator("#ho-link-problem").is_visible(), name
    assert not [e for e in watch.events if not e.startswith("console: Failed to load resource")], watch.events
    context.close()


# --- 4. print fetches nothing from outside the project ------------------------------------------------


def test_print_reads_only_project_files(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from handbook.render.printing import render_document

    secret = tmp_path / "secret.txt"
    secret.write_text("API_KEY=hunter2")
    local = secret.as_uri().replace("file://", "file://localhost")
    html = (
        f'<p><a rel="attachment" href="{secret.as_uri()}">notes</a>'
        f'<a rel="attachment" href="{local}">notes</a><img src="{local}">'
        f'<img src="{secret.as_uri()}"><img src="https://evil.example/pixel.png">'
        f'<link rel="stylesheet" href="https://evil.example/x.css"></p>'
    )
    doc = render_document(html, ROOT)
    out = tmp_path / "x.pdf"
    out.write_bytes(doc.write_pdf())
    reader = pypdf.PdfReader(out)
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    assert not reader.attachments
    assert b"hunter2" not in out.read_bytes()


def test_print_html_of_a_step_is_sanitised():
    html = safe_html.inline_html(
        '**Lift** <a rel="attachment" href="file:///etc/hostname">x</a> & '
        "[ok](https://example.org) <img src=x onerror=alert(1)>"
    )
    assert "<strong>Lift</strong>" in html and 'href="https://example.org"' in html
    assert "file:" not in html and "attachment" not in html and "<img" not in html and "&amp;" in html


# --- 5. builds: one at a time, no-change builds publish the same tree, readable by a web server ----------


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_rebuilding_unchanged_content_publishes_the_same_tree(project, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_build_py("all", "--out", str(a), root=project).returncode == 0
    first = tree(a)
    result = run_build_py("all", "--out", str(a), root=project)
    assert result.returncode == 0 and "unchanged, reused" in result.stdout, result.stdout
    second = tree(a)
    assert run_build_py("all", "--no-cache", "--out", str(b), root=project).returncode == 0
    cold = tree(b)
    assert "print/index.html" in second
    bookkeeping = [k for k in second if k.rsplit("/", 1)[-1].startswith(".") or k.endswith("manifest.json")]
    assert not bookkeeping, bookkeeping  # the folder holds only what is published
    assert set(first) == set(second) == set(cold)
    differ = [k for k in cold if first[k] != cold[k] or second[k] != cold[k]]
    assert not differ, differ[:10]
    assert (os.stat(a).st_mode & 0o777) == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_second_build_into_the_same_folder_waits_its_turn(project, tmp_path):
    out = tmp_path / "site"
    lock = os.open(tmp_path / ".site-build.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        result = run_build_py("site", "--out", str(out), root=project)
    finally:
        os.close(lock)
    assert result.returncode == 1 and "another build is writing" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


# --- 6. faults end in one clear line, never a traceback or a hang --------------------------------------


def test_special_files_and_links_outside_are_refused(project, tmp_path):
    os.mkfifo(project / "content/exercises/fifo.md")
    (project / "content/exercises/folder.md").mkdir()
    (tmp_path / "outside.md").write_text((project / EX).read_text().replace("Neck Flexion", "Outside"))
    (project / "content/exercises/linked.md").symlink_to(tmp_path / "outside.md")
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(project), "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    out = result.stdout + result.stderr
    assert "content/exercises/fifo.md:1: file: " in out and "not a regular file" in out
    assert "content/exercises/folder.md:1: file: " in out and "a folder" in out
    assert "content/exercises/linked.md:1: file: is a link to a file outside the project" in out


@pytest.mark.parametrize("name", ["content/regions.yml", "mkdocs.yml"])
def test_a_config_file_that_is_a_folder(project, name):
    path = project / name
    path.unlink()
    path.mkdir()
    result = run_build_py("check", root=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{name}:1: file: " in result.stdout + result.stderr


@pytest.mark.parametrize("summary", ["", "summary: Stretches & strength\n"])
def test_a_second_yaml_document_in_a_file_is_named_at_its_line(project, summary):
    """A '---' line in a YAML file starts a second document: libyaml refuses it and the pure parser
    reads it, and the syntax error was then raised with nothing to report (UnboundLocalError); with
    an "&" in the file (read as events first, for anchors), the refusal escaped (ComposerError)."""
    path = project / "content" / "guides" / "passive-range-of-motion.yml"
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not summary or not line.startswith("summary:")
    ]
    lines.insert(4, "---\n")
    lines.insert(2, summary)
    path.write_text("".join(lines), encoding="utf-8")
    result = run_build_py("check", root=project)
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out and "please report" not in out, out
    assert "content/guides/passive-range-of-motion.yml:" in out and ": yaml: YAML syntax error" in out, out


@pytest.mark.parametrize("value", ["", "soon", "-5", "99999999999999999999"])
def test_bad_source_date_epoch_is_one_clear_line(project, tmp_path, value):
    env = dict(os.environ, SOURCE_DATE_EPOCH=value)
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(project), "site", "--out", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 2 and "SOURCE_DATE_EPOCH" in result.stderr and "Traceback" not in result.stderr


def test_extra_that_is_not_a_mapping(project):
    cfg = project / "mkdocs.yml"
    data = cfg.read_text()
    cfg.write_text(re.sub(r"^extra:\n(?:  .*\n|\n)*", "extra: oops\n", data, flags=re.M))
    result = run_cli("check", root=project)
    assert result.code == 1 and re.search(r"^mkdocs.yml:\d+: extra: ", result.text, re.M), result.text


def test_read_only_output_folder_is_one_clear_line(project, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write into a read-only folder")
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o500)
    result = run_build_py("site", "--out", str(parent / "site"), root=project)
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr


def test_handout_into_a_missing_folder(project, tmp_path):
    plan = tmp_path / "plan.yml"
    plan.write_text("exercises:\n  - hip-abduction\n")
    target = tmp_path / "no" / "such" / "folder" / "h.pdf"
    result = run_build_py("handout", str(plan), "-o", str(target), root=project)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0 and target.is_file(), result.stdout + result.stderr


def test_a_very_long_word_is_refused_with_its_line(project):
    path = project / "content/exercises/hip-abduction.md"
    path.write_text(
        path.read_text().replace(
            "5. Slide the leg back next to the other leg.", "5. Slide the leg back next to the other leg. " + "W" * 300
        )
    )
    result = run_cli("check", root=project)
    assert result.code == 1 and re.search(r"hip-abduction.md:\d+: body: a word of 300 letters", result.text)


@pytest.mark.slow
def test_a_very_long_word_stays_on_the_paper(project, tmp_path, monkeypatch):
    """The check refuses it; should one reach print anyway, the card wraps it."""
    from handbook import validate

    monkeypatch.setattr(validate, "LONGEST_WORD", 10_000)
    path = project / "content/exercises/hip-abduction.md"
    path.write_text(
        path.read_text().replace(
            "5. Slide the leg back next to the other leg.", "5. Slide the leg back next to the other leg. " + "W" * 300
        )
    )
    plan = tmp_path / "plan.yml"
    plan.write_text("exercises:\n  - hip-abduction\n")
    pdf = tmp_path / "h.pdf"
    result = run_cli("handout", str(plan), "-o", str(pdf), root=project)
    assert result.code == 0, result.text
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        ws = [c for page in doc.pages for c in page.chars if c["text"] == "W"]
        assert len(ws) >= 300
        for page in doc.pages:
            assert all(c["x1"] <= page.width - 0.4 * 72 for c in page.chars), "text runs off the paper"


def test_a_zero_width_character_does_not_make_a_title_unique(project):
    path = project / "content/exercises/hip-rotation.md"
    path.write_text(re.sub(r"^title: .*$", 'title: "Hip\u200b Abduction"', path.read_text(), count=1, flags=re.M))
    result = run_cli("check", root=project)
    assert result.code == 1 and "is also used by content/exercises/hip-abduction.md" in result.text, result.text

"""What editor text may become in HTML, declared once: the check, the website and print all use it.

Every field and body an editor writes is untrusted input on a public website.  There is one path
from that text to HTML: Python-Markdown with the extensions mkdocs.yml names, then an allow-list
sanitiser (nh3).  Three uses, one set of rules:

- `markup_problems` (the check): renders editor text exactly as the site does and walks the HTML
  tokens it produces, so an editor is told, with the line, about anything the sanitiser would
  remove (raw HTML, `{ attributes }`, pictures, links that are not web, mail or phone addresses).
- `SanitizeExtension` (the website): the last step of every page MkDocs renders; it keeps only
  the tags and attributes our templates and editor Markdown use.  A payload the check missed
  still cannot run.
- `inline_html` (print): a step or safety note as sanitised inline HTML for WeasyPrint.

SVG figure files are cleaned by `sanitize_svg` before they are published on the site's origin.
This module imports no other stage, so every stage may use it.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# --- what editor Markdown may produce --------------------------------------------------------------
# Markdown's own output for text, lists, links, headings, tables and admonitions; nothing else.
EDITOR_TAGS = frozenset(
    {
        "p",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "a",
        "ul",
        "ol",
        "li",
        "br",
        "hr",
        "blockquote",
        "h2",
        "h3",
        "h4",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "div",
        "abbr",
        "sup",
        "sub",
        "dl",
        "dt",
        "dd",
    }
)
# No `title` anywhere: the theme's tooltips insert a title as HTML.
EDITOR_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "h2": frozenset({"id"}),
    "h3": frozenset({"id"}),
    "h4": frozenset({"id"}),
    "ol": frozenset({"start"}),
    "div": frozenset({"class"}),  # admonitions only: see ADMONITION_CLASSES
    "p": frozenset({"class"}),
    "th": frozenset({"style"}),
    "td": frozenset({"style"}),  # tables: text-align only
}
ADMONITION_CLASSES = frozenset(
    {
        "admonition",
        "admonition-title",
        "note",
        "tip",
        "info",
        "warning",
        "danger",
        "caution",
        "important",
        "attention",
        "hint",
        "error",
        "abstract",
        "summary",
        "success",
        "question",
        "failure",
        "bug",
        "example",
        "quote",
    }
)
_TABLE_STYLE = re.compile(r"^text-align:\s*(left|right|center);?$")

# --- what a finished website page may contain: the above plus our templates' own markup -------------
SITE_TAGS = EDITOR_TAGS | {
    "h1",
    "h5",
    "h6",
    "span",
    "section",
    "article",
    "figure",
    "figcaption",
    "img",
    "details",
    "summary",
    "caption",
    "tfoot",
    "kbd",
    "mark",
    "small",
    "del",
    "ins",
    "s",
    "u",
    "form",
    "fieldset",
    "legend",
    "label",
    "input",
    "select",
    "option",
    "textarea",
    "button",
}
SITE_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "role", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "input": {
        "type",
        "value",
        "checked",
        "readonly",
        "autocomplete",
        "spellcheck",
        "name",
        "placeholder",
        "min",
        "max",
        "step",
        "inputmode",
    },
    "label": {"for"},
    "select": {"name"},
    "option": {"value", "selected"},
    "textarea": {"rows", "cols", "name"},
    "button": {"type", "disabled"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "details": {"open"},
    "p": {"hidden"},
}
# Ids the theme looks up (#__config, #__search, ...): content must not take them over (DOM clobbering).
THEME_IDS = re.compile(r"^(__|md-)")


def _keep_attribute(tag: str, attribute: str, value: str):
    if attribute == "id" and THEME_IDS.match(value):
        return None
    return value


_site_cleaner = nh3.Cleaner(
    tags=set(SITE_TAGS),
    attributes={k: set(v) for k, v in SITE_ATTRIBUTES.items()},
    generic_attribute_prefixes={"data-", "aria-"},
    url_schemes=set(URL_SCHEMES),
    strip_comments=True,
    link_rel=None,
    attribute_filter=_keep_attribute,
)
_print_cleaner = nh3.Cleaner(
    tags={"strong", "em", "b", "i", "code", "a", "br", "sup", "sub", "abbr"},
    attributes={"a": {"href"}},
    url_schemes=set(URL_SCHEMES),
    strip_comments=True,
    link_rel=None,
)


def clean_page(html_text: str) -> str:
    """A rendered page's content, keeping only what the site uses (the website's last step)."""
    return _site_cleaner.clean(html_text)


class _Sanitize(markdown.postprocessors.Postprocessor):
    def run(self, text: str) -> str:
        return clean_page(text)


class SanitizeExtension(markdown.extensions.Extension):
    """Add to MkDocs' markdown_extensions: every page's HTML passes the allow-list last."""

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # after raw HTML is put back (priority 30) and entities restored (20)
        md.postprocessors.register(_Sanitize(md), "handbook_sanitize", 1)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown looks this name up
    return SanitizeExtension(**kwargs)


# --- the check ------------------------------------------------------------------------------------

# Text with none of these characters cannot hold a tag, a link, a picture or { attributes }.
_MARKUP_CHARS = re.compile(r"[<\[{]")
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
MAX_NESTING = 40
MAX_MARKUP = 300  # [ and < in one text: Markdown's link parsing slows down sharply past a few thousand
MAX_INDENT = 40  # spaces before a line: ten levels of nested lists, far past any handout
_DEEP_INDENT = re.compile(r"^ {%d,}" % (MAX_INDENT + 1), re.M)
# attr_list's { #id .class key=value }: in a heading it sets the id, so it is refused everywhere
_ATTRIBUTE_SYNTAX = re.compile(r"\{\s*[#.:]|\{[^{}\n]*=")


@lru_cache(maxsize=8)
def _markdown(extensions: tuple) -> markdown.Markdown:
    names, configs = [], {}
    for entry in extensions:
        name, config = entry if isinstance(entry, tuple) else (entry, None)
        names.append(name)
        if config:
            configs[name] = dict(config)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def render_markdown(text: str, extensions: tuple = ()) -> str:
    """Editor Markdown as the website's Markdown renders it, before sanitising."""
    return _convert(text, extensions)[0]


def _convert(text: str, extensions: tuple) -> tuple[str, dict]:
    md = _markdown(extensions)
    md.reset()
    return md.convert(text), dict(md.references)


def url_scheme(url: str) -> str:
    """The scheme a browser would see in `url` ('' for a relative address)."""
    m = _SCHEME.match(_CONTROL_AND_SPACE.sub("", html.unescape(url)))
    return m.group(1).lower() if m else ""


class Problem:
    """What the sanitiser would remove, and text to look for to find its line (first found wins)."""

    __slots__ = ("message", "hint", "needles")

    def __init__(self, message: str, hint: str = "", *needles: str):
        self.message, self.hint, self.needles = message, hint, needles


RAW_HINT = "write plain Markdown: **bold**, lists with 1. and -, links as [text](address)"


# a heading editors may not write (# is the page's title; Markdown has nothing below ######)
_ODD_HEADING = re.compile(r"^ {0,3}(#|#{5,6})[ \t]+\S", re.M)


class _Walker(HTMLParser):
    def __init__(self, text: str = ""):
        super().__init__(convert_charrefs=True)
        self.text = text  # the Markdown, to find a heading's line in
        self.problems: list[Problem] = []
        self.links: list[str] = []
        self.shown = ""  # the text a reader would see

    def handle_data(self, data):
        self.shown += data

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_comment(self, data):
        self.problems.append(Problem("HTML comments (<!-- -->) are not allowed", RAW_HINT, "<!--"))

    def handle_decl(self, decl):
        self.problems.append(Problem(f"raw HTML (<!{decl[:20]}>) is not allowed", RAW_HINT, "<!"))

    def handle_pi(self, data):
        self.problems.append(Problem("raw HTML (<?…>) is not allowed", RAW_HINT, "<?"))

    def _element(self, tag, attrs):
        if tag == "img":
            self.problems.append(
                Problem(
                    "pictures in the text are not allowed",
                    "an exercise's picture comes from its figure: field; remove the ![...](...) image",
                    "<img",
                    "![",
                )
            )
            return
        if tag in ("h1", "h5", "h6"):
            self._heading(int(tag[1]))
            return
        if tag not in EDITOR_TAGS:
            shown = (self.get_starttag_text() or f"<{tag}>")[:30]
            self.problems.append(Problem(f"raw HTML ({shown}) is not allowed", RAW_HINT, f"<{tag}"))
            return
        allowed = EDITOR_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            self._attribute(tag, name, value or "", allowed)
        if tag == "a":
            self._link(dict(attrs).get("href"))

    def _heading(self, level: int) -> None:
        line = next((m.group(0) for m in _ODD_HEADING.finditer(self.text) if len(m.group(1)) == level), "")
        self.problems.append(
            Problem(
                "a # heading is not allowed in the text: the title is the page's only one"
                if level == 1
                else f"a heading of {level} # is not allowed: headings go down to ####",
                "use ## for a heading in the text (### and #### below it)",
                line.strip(),
            )
        )

    def _attribute(self, tag: str, name: str, value: str, allowed) -> None:
        if name == "title" and tag == "a":
            self.problems.append(
                Problem(
                    "a link title (quoted text after the address) is not allowed",
                    "write [text](address) with nothing after the address",
                    f"{value[:12]}",
                    "](",
                )
            )
        elif (
            name not in allowed
            or (name == "class" and not set(value.split()) <= ADMONITION_CLASSES)
            or (name == "style" and not _TABLE_STYLE.match(value))
        ):
            self.problems.append(
                Problem(
                    f"the attribute {name}= is not allowed",
                    "remove the { ... } after the text, or the HTML: plain Markdown only",
                    f"{name}=",
                    name,
                )
            )

    def _link(self, href) -> None:
        if href is None or not href.strip():
            self.problems.append(Problem("a link has no address", "write it as [text](https://...)", "]("))
            return
        scheme = url_scheme(href)
        if scheme and scheme not in URL_SCHEMES:
            self.problems.append(
                Problem(
                    f"{scheme}: links are not allowed",
                    "link to a web page (https://...), an email (mailto:), a phone (tel:) or another content file",
                    f"{scheme}:",
                    scheme,
                    href[:12],
                )
            )
        elif not scheme and not href.startswith("//"):
            self.links.append(href)


def markup_problems(text: str, extensions: tuple = ()) -> tuple[list[Problem], list[str]]:
    """What the sanitiser would remove from `text`, and the relative links it holds."""
    deep = _DEEP_INDENT.search(text)
    if deep:
        return [
            Problem(
                f"a line is indented {len(deep.group(0))} spaces: nested too deeply to be read safely",
                "use at most two or three levels of lists",
                " " * (MAX_INDENT + 1),
            )
        ], []
    if not _MARKUP_CHARS.search(text) and not _ODD_HEADING.search(text):
        return [], []
    too_much = _too_much_markup(text)
    if too_much:
        return [too_much], []
    try:
        rendered, references = _convert(text, extensions)
    except RecursionError:
        return [Problem("too deeply nested to be read safely", "write plain text", "")], []
    if references:
        name = next(iter(references))
        return [
            Problem(
                f"[{name}]: is a link definition, which shows nothing",
                "write links in place: [text](https://...)",
                f"[{name}]:",
            )
        ], []
    walker = _Walker(text)
    walker.feed(rendered)
    walker.close()
    if not walker.shown.strip() and not walker.problems:
        walker.problems.append(
            Problem("this text shows nothing when it is published", "write it as plain words", text.strip()[:12])
        )
    return walker.problems, walker.links


def _too_much_markup(text: str) -> Problem | None:
    """Text that is not read at all: brackets nested too deep, too many of them, { ... } attributes."""
    depth = max((len(m.group(0)) for m in re.finditer(r"[\[\]<>{}()]+", text)), default=0)
    if depth > MAX_NESTING:
        return Problem(
            f"{depth} brackets in a row: too deeply nested to be read safely",
            "write plain text; brackets are for links: [text](address)",
            "[[",
        )
    count = text.count("[") + text.count("<")
    if count > MAX_MARKUP:
        return Problem(
            f"{count} [ and < characters: too much markup to read safely",
            "write plain text; brackets are for links: [text](address)",
            "[",
            "<",
        )
    syntax = _ATTRIBUTE_SYNTAX.search(text)
    if syntax:
        return Problem(
            "{ ... } attributes are not allowed",
            "remove the { ... }: headings get their links from their words",
            syntax.group(0),
        )
    return None


def locate(text: str, *needles: str) -> int:
    """0-based line of the first of `needles` found in `text` (case-insensitive); 0 if none is."""
    low = text.lower()
    for needle in needles:
        at = low.find(needle.lower()) if needle else -1
        if at >= 0:
            return text.count("\n", 0, at)
    return 0


# --- print ----------------------------------------------------------------------------------------


def inline_html(text: str) -> str:
    """One line of editor Markdown (a step, a note) as sanitised inline HTML for print."""
    rendered = (
        render_markdown(text)
        if _MARKUP_CHARS.search(text) or "*" in text or "_" in text or "`" in text
        else html.escape(text, quote=False)
    )
    rendered = rendered.strip().removeprefix("<p>").removesuffix("</p>")
    return _print_cleaner.clean(rendered)


# --- SVG figure files -----------------------------------------------------------------------------

SVG_TAGS = {
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "title",
    "desc",
    "defs",
    "lineargradient",
    "radialgradient",
    "stop",
    "clippath",
}
# presentation and geometry attributes only; nothing that names another resource (href, style)
SVG_ATTRIBUTES = {
    "viewBox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "transform",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "font-size",
    "font-weight",
    "font-family",
    "text-anchor",
    "offset",
    "stop-color",
    "stop-opacity",
    "preserveAspectRatio",
    "role",
    "aria-label",
    "id",
    "clip-rule",
}
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


def sanitize_svg(text: str) -> str:
    """The drawing in `text` with everything that could run, fetch or link removed."""
    clean = nh3.clean(
        text, tags=SVG_TAGS, attributes={"*": SVG_ATTRIBUTES}, url_schemes=set(), strip_comments=True, link_rel=None
    )
    clean = clean.strip()
    if not clean.startswith("<svg"):
        return f"<svg {SVG_NS}></svg>\n"
    if "xmlns=" not in clean.split(">", 1)[0]:
        clean = re.sub(r"^<svg\b", f"<svg {SVG_NS}", clean)
    return clean + "\n"

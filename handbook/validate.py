"""Stage 2, validate: check loaded files against the model and build the typed Project.

Every problem is reported (never raised) so that one run shows the editor all of them.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable

from . import model as m
from . import safe_html
from .diagnostics import Report, did_you_mean, quote
from .load import Item, RawProject, SourceFile, YAML11Surprise, load_markdown_file

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RANGE = re.compile(r"^\s*([0-9]{1,4})\s*(?:-|–|to)\s*([0-9]{1,4})\s*$")
PLACEHOLDER = m.PLACEHOLDER
RESERVED_SLUGS = {"exercises", "guides", "regions", "print", "browse", "search", "assets", "handout", "index"}
# zero-width and other invisible characters: a title of only these looks empty
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2800\u3164 \t\n"
FIGURE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"}


class Invalid(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


# --- converters: one per FieldSpec.kind --------------------------------------------------------------


def _described(item: Item) -> str:
    if isinstance(item.value, YAML11Surprise):
        return f"{item.raw}"
    if item.kind in ("text", "number", "date"):
        return quote(item.raw if item.raw is not None else item.value)
    return f"a {item.kind}" if item.kind != "empty" else "nothing"


def _surprise(item: Item, wanted: str) -> None:
    v = item.value
    if isinstance(v, YAML11Surprise):
        read_as = v.read_as
        shown = str(read_as).lower() if isinstance(read_as, bool) else read_as
        raise Invalid(
            f'expected {wanted}; YAML 1.1 reads "{item.raw}" as {shown}',
            f'put it in quotes ("{item.raw}") if you mean the text',
        )


def conv_text(item: Item, spec: m.FieldSpec, ctx) -> str:
    _surprise(item, "text")
    if isinstance(item.value, str):
        text = item.value.strip()
        if not text:
            raise Invalid("is empty", f"write a value, e.g. {spec.example}" if spec.example else "")
        if not text.strip(INVISIBLE):
            raise Invalid("has only invisible characters", f"write a value, e.g. {spec.example}")
        problems, _ = safe_html.markup_problems(text, ctx.get("extensions", ()))
        if problems:
            raise Invalid(problems[0].message, problems[0].hint)
        word = long_word(text)
        if word:
            raise Invalid(*word)
        return text
    if item.kind in ("number", "yes/no", "date"):
        raise Invalid(f"expected text; got {item.kind} {quote(item.raw)}", f'put it in quotes: "{item.raw}"')
    raise Invalid(
        f"expected text; got {_described(item)}",
        "write the text on the same line after the colon"
        if item.kind != "empty"
        else f"fill it in, e.g. {spec.name}: {spec.example}",
    )


def conv_choice(item: Item, spec: m.FieldSpec, ctx) -> str:
    if isinstance(item.value, YAML11Surprise) or not isinstance(item.value, str):
        raise Invalid(f"expected one of: {', '.join(spec.choices)}; got {_described(item)}")
    value = item.value.strip()
    if value not in spec.choices:
        raise Invalid(
            f"unknown {spec.name} {quote(value)}; expected one of: {', '.join(spec.choices)}",
            did_you_mean(value, spec.choices),
        )
    return value


def conv_word(item: Item, spec: m.FieldSpec, ctx) -> m.Word:
    """A word from the field's list in content/vocabulary.yml."""
    words = ctx.get("vocabulary", {}).get(spec.vocabulary)
    if isinstance(item.value, YAML11Surprise) or not isinstance(item.value, str):
        raise Invalid(
            f"expected a word from the {spec.vocabulary}: list in {m.VOCABULARY_FILE}; got {_described(item)}",
            f"for example: {spec.name}: {spec.example}",
        )
    value = item.value.strip()
    if words is None:  # the list itself is missing, and reported: take the word as it is
        return m.Word(value, value)
    if value not in words:
        raise Invalid(
            f"unknown {spec.name} {quote(value)}; expected one of: {', '.join(words)}",
            did_you_mean(value, words)
            or f"a new word goes in the {spec.vocabulary}: list of {m.VOCABULARY_FILE}, with what readers see",
        )
    return words[value]


def conv_word_list(item: Item, spec: m.FieldSpec, ctx) -> list[m.Word]:
    return _each(item, spec, ctx, conv_word)


def conv_region(item: Item, spec: m.FieldSpec, ctx) -> m.Region:
    regions = ctx["regions"]
    if not isinstance(item.value, str) or isinstance(item.value, YAML11Surprise):
        raise Invalid(f"expected a region key; got {_described(item)}")
    key = item.value.strip()
    if key not in regions:
        hint = did_you_mean(key, regions) or f"regions are listed in content/regions.yml: {', '.join(regions)}"
        raise Invalid(f"unknown region {quote(key)}", hint)
    return regions[key]


def _amount(item: Item, words: tuple[str, ...], what: str, example: str) -> m.Amount:
    expected = f"expected {what}" + (f", {' or '.join(words)}" if words else "")
    v = item.value
    if isinstance(v, YAML11Surprise):
        read_as = v.read_as
        shown = str(read_as).lower() if isinstance(read_as, bool) else read_as
        hint = (
            'write "none" for a movement with no hold'
            if isinstance(read_as, bool) and "none" in words
            else "write the plain number"
        )
        raise Invalid(f'{expected}; YAML 1.1 reads "{item.raw}" as {shown}', hint)
    if isinstance(v, bool) or v is None or isinstance(v, (list, dict, float, dt.date)):
        raise Invalid(f"{expected}; got {_described(item)}", f"for example: {example}")
    if isinstance(v, int):
        if v > 9999:
            raise Invalid(f"{v} is not a dose", f"for example: {example}")
        if v <= 0:
            raise Invalid(f"must be more than 0; got {v}", f"for example: {example}")
        return m.Amount(v, v)
    text = str(v).strip()
    if text.lower() in words:
        return m.Amount(word=text.lower())
    if re.fullmatch(r"[0-9]{1,4}", text):  # str.isdigit() also accepts "²", which int() refuses
        n = int(text)
        if n <= 0:
            raise Invalid(f"must be more than 0; got {n}")
        return m.Amount(n, n)
    r = RANGE.match(text)
    if r:
        low, high = int(r.group(1)), int(r.group(2))
        if low <= 0:
            raise Invalid(f"a range must start above 0; got {quote(text)}")
        if low >= high:
            raise Invalid(
                f"range {quote(text)} is backwards or empty; the smaller number comes first",
                f"write {high}-{low}" if high < low else f"write {low}",
            )
        return m.Amount(low, high)
    raise Invalid(f"{expected}; got {quote(text)}", f"for example: {example}")


def conv_reps(item, spec, ctx):
    return _amount(item, (m.AS_PRESCRIBED,), "a whole number (10), a range (8-10)", "10")


def conv_hold(item, spec, ctx):
    return _amount(item, ("none", m.AS_PRESCRIBED), "seconds (30), a range (20-40)", "30")


def conv_count(item, spec, ctx):
    return _amount(item, (), "a whole number (2) or a range (2-3)", "2")


def conv_seconds(item, spec, ctx):
    return _amount(item, (), "seconds (30) or a range (30-60)", "30-60")


def conv_count_one(item, spec, ctx) -> int:
    a = _amount(item, (), "a whole number", spec.example or "1")
    if a.low != a.high:
        raise Invalid(f"expected one whole number; got the range {quote(item.raw)}")
    assert a.low is not None  # a word is refused above: the spec allows none
    return a.low


def _list(item: Item, spec: m.FieldSpec) -> list[Item]:
    if isinstance(item.value, list):
        return item.value
    if item.kind == "empty":
        raise Invalid("is empty", f"write a list, e.g. {spec.name}: {spec.example}")
    raise Invalid(
        f"expected a list; got {_described(item)}", "put each item on its own line starting with '- ', or write [a, b]"
    )


def _each(item: Item, spec: m.FieldSpec, ctx, convert) -> list:
    """Convert every entry of a list; a bad entry is reported at its own line as field[n]."""
    out = []
    for i, sub in enumerate(_list(item, spec), 1):
        try:
            out.append(convert(sub, spec, ctx))
        except Invalid as exc:
            ctx["report"].error(ctx["path"], sub.line, f"{spec.name}[{i}]", exc.message, exc.hint)
    if not out and spec.required:
        raise Invalid("needs at least one entry", f"e.g. {spec.name}: {spec.example}")
    return out


def conv_text_list(item: Item, spec: m.FieldSpec, ctx) -> list[str]:
    return _each(item, spec, ctx, conv_text)


def conv_choice_list(item: Item, spec: m.FieldSpec, ctx) -> list[str]:
    return _each(item, spec, ctx, conv_choice)


def conv_slug_list(item: Item, spec: m.FieldSpec, ctx) -> list[tuple[str, int]]:
    out = []
    for i, sub in enumerate(_list(item, spec), 1):
        if not isinstance(sub.value, str) or isinstance(sub.value, YAML11Surprise):
            ctx["report"].error(
                ctx["path"], sub.line, f"{spec.name}[{i}]", f"expected an exercise's file name; got {_described(sub)}"
            )
            continue
        out.append((sub.value.strip().removesuffix(".md"), sub.line))
    if not out:
        raise Invalid("needs at least one exercise")
    return out


def conv_date(item: Item, spec: m.FieldSpec, ctx) -> dt.date | None:
    v = item.value
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    raise Invalid(
        f"expected a date written as YYYY-MM-DD (2026-03-14); got {_described(item)}",
        "write the year first, then month and day, with dashes",
    )


def conv_figure(item: Item, spec: m.FieldSpec, ctx):
    """Pose data (a mapping, drawn at build time) or a picture file inside content/."""
    if isinstance(item.value, dict):
        from .figures import parse_figure  # the pose language lives with its renderer

        figure, problems = parse_figure(item)
        for p in problems:
            ctx["report"].error(ctx["path"], p.line, p.field, p.message, p.hint)
        return figure
    text = conv_text(item, spec, ctx)
    content: Path = ctx["root"] / "content"
    if text.startswith(("/", "\\")) or re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I) or ".." in Path(text).parts:
        raise Invalid(
            f"figure {quote(text)} must be a path inside content/",
            "put the picture in content/figures/ and write figures/name.svg",
        )
    target = (content / text).resolve()
    if content.resolve() not in target.parents:
        raise Invalid(f"figure {quote(text)} points outside content/")
    if target.suffix.lower() not in FIGURE_SUFFIXES:
        raise Invalid(f"figure {quote(text)} is not a picture; use {', '.join(sorted(FIGURE_SUFFIXES))}")
    if not target.is_file():
        raise Invalid(f"figure file content/{text} does not exist", "check the spelling and the folder")
    kind = picture_kind(target)
    if kind != target.suffix.lower().replace(".jpeg", ".jpg"):
        raise Invalid(
            f"figure content/{text} is not a {target.suffix.lower()[1:].upper()} picture"
            + (f" (its contents are {kind[1:].upper()})" if kind else ""),
            "save it again from a drawing program, with the right file type",
        )
    return text


MAGIC = ((b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF87a", ".gif"), (b"GIF89a", ".gif"))


def picture_kind(path: Path) -> str:
    """What a picture file really is, from its first bytes ('' when it is none of ours): a file
    named .png may hold SVG, which a renderer would follow to other files."""
    head = path.read_bytes()[:4096]
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return ".svg" if "<svg" in text.lower() else ""
    return ""


def conv_sections(item: Item, spec: m.FieldSpec, ctx) -> list[dict]:
    out = []
    for i, sub in enumerate(_list(item, spec), 1):
        if not isinstance(sub.value, dict):
            ctx["report"].error(
                ctx["path"], sub.line, f"sections[{i}]", "expected region, pages and exercises for this section"
            )
            continue
        title = sub.value.get("title")
        if title is not None and (title.value is None or (isinstance(title.value, str) and not title.value.strip())):
            sub.value.pop("title")  # empty: the print header uses the region's title, as documented
        values = check_fields(sub.value, sub.line, SECTION_SPECS, ctx, prefix=f"sections[{i}].")
        if values is not None:
            values["_line"] = sub.line
            out.append(values)
    if not out:
        raise Invalid("needs at least one section")
    return out


def conv_flag(item: Item, spec: m.FieldSpec | None, ctx) -> bool:
    v = item.value
    if isinstance(v, YAML11Surprise) and isinstance(v.read_as, bool):
        return v.read_as  # yes / no are what people write here
    if isinstance(v, bool):
        return v
    raise Invalid(f"expected yes or no; got {_described(item)}", "write yes or no, without quotes")


def conv_plan_items(item: Item, spec: m.FieldSpec, ctx) -> list[dict]:
    out = []
    for i, sub in enumerate(_list(item, spec), 1):
        if isinstance(sub.value, str) and not isinstance(sub.value, YAML11Surprise):
            out.append({"exercise": sub.value.strip().removesuffix(".md"), "_line": sub.line, "_lines": {}})
        elif isinstance(sub.value, dict):
            values = check_fields(sub.value, sub.line, m.PLAN_ITEM_FIELDS, ctx, prefix=f"exercises[{i}].")
            values["_line"] = sub.line
            if values.get("exercise"):
                values["exercise"] = values["exercise"].removesuffix(".md")
                out.append(values)
        else:
            ctx["report"].error(
                ctx["path"],
                sub.line,
                f"exercises[{i}]",
                f"expected an exercise's file name, or exercise: with a dose; got {_described(sub)}",
            )
    if not out:
        raise Invalid("needs at least one exercise")
    return out


CONVERTERS: dict[str, Callable[[Item, m.FieldSpec, Any], Any]] = {
    "flag": conv_flag,
    "plan-items": conv_plan_items,
    "text": conv_text,
    "choice": conv_choice,
    "region": conv_region,
    "reps": conv_reps,
    "hold": conv_hold,
    "count": conv_count,
    "seconds": conv_seconds,
    "count-one": conv_count_one,
    "text-list": conv_text_list,
    "choice-list": conv_choice_list,
    "slug-list": conv_slug_list,
    "word": conv_word,
    "word-list": conv_word_list,
    "date": conv_date,
    "figure": conv_figure,
    "sections": conv_sections,
}
SECTION_SPECS = m.SECTION_FIELDS


def check_fields(data: dict[str, Item], line: int, specs, ctx, prefix: str = "") -> dict:
    """Check one mapping against its specs; return converted values (None for failed ones)."""
    report: Report = ctx["report"]
    path = ctx["path"]
    by_name = {s.name: s for s in specs}
    values: dict[str, Any] = {"_lines": {}}
    for key, item in data.items():
        if key not in by_name:
            hint = did_you_mean(key, by_name) or f"known fields: {', '.join(by_name)}"
            report.error(path, item.key_line or item.line, prefix + key, f'unknown field "{key}"', hint)
            continue
        values["_lines"][key] = item.key_line or item.line
        spec = by_name[key]
        if ctx.get("placeholder", True) and PLACEHOLDER in repr(item.plain()):
            words = ctx.get("vocabulary", {}).get(spec.vocabulary)
            report.error(
                path,
                item.key_line or item.line,
                prefix + key,
                f"still has the {PLACEHOLDER} placeholder",
                spec.help + m.choices_help(spec, words),
            )
            values[key] = None
            continue
        if item.value is None and not spec.required and spec.kind in ("date", "text"):
            continue  # an optional field left empty (reviewed:, reviewed_by:) means "not yet"
        try:
            values[key] = CONVERTERS[spec.kind](item, spec, ctx)
        except Invalid as exc:
            report.error(path, item.key_line or item.line, prefix + key, exc.message, exc.hint)
            values[key] = None
    for spec in specs:
        if spec.required and spec.name not in data:
            report.error(
                path,
                line,
                prefix + spec.name,
                f'required field "{spec.name}" is missing',
                f"add a line: {spec.name}: {spec.example}" if spec.example else "",
            )
            values[spec.name] = None
    return values


# --- bodies -------------------------------------------------------------------------------------------

STEP = re.compile(r"^(\d+)[.)]\s+(.*)$")
BULLET = re.compile(r"^[-*+]\s+(.*)$")
# a paragraph or bullet that is really a caution: "**Warning:** ...", "Caution: ...", "Important - ..."
CAUTION = re.compile(
    r"^(?:[-*+]\s+)?(?:\*\*|__)?(warning|caution|danger|important|do not|never|stop)\b"
    r"(?:\*\*|__)?\s*[:!\-–]",
    re.I,
)


LONGEST_WORD = 40  # letters: wider than a card's column in large print
_LONG_RUN = re.compile(r"\S{%d,}" % (LONGEST_WORD + 1))
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")


def long_word(text: str) -> tuple[str, str] | None:
    """(message, hint) for a word too long to fit a printed line, else None.  Web addresses are
    exempt: they are links, and print breaks them."""
    if not _LONG_RUN.search(text):
        return None
    words = _LINK_TARGET.sub(" ", text).split()
    longest = max(words, key=len, default="")
    if len(longest) > LONGEST_WORD:
        return (
            f"a word of {len(longest)} letters ({longest[:20]}…) will not fit on a printed line",
            "break it up with spaces, or put a web address in a link: [text](https://...)",
        )
    return None


def check_markdown(
    body: str, first_line: int, path: str, root: Path, report: Report, field_name="body", extensions: tuple = ()
) -> None:
    """Report what the site's sanitiser would remove (raw HTML, { attributes }, pictures, unsafe
    links), found in the tokens the site's own Markdown renders, and links to missing files."""
    for n, line in enumerate(body.split("\n")):
        if PLACEHOLDER in line:
            report.error(
                path,
                first_line + n,
                field_name,
                f"still has the {PLACEHOLDER} placeholder",
                "write the step in plain words, one action per step",
            )
        word = long_word(line)
        if word:
            report.error(path, first_line + n, field_name, *word)
    problems, links = safe_html.markup_problems(body, extensions)
    for p in problems:
        report.error(path, first_line + safe_html.locate(body, *p.needles), field_name, p.message, p.hint)
    for target in links:
        lineno = first_line + safe_html.locate(body, target)
        _check_link(target, path, root / "content", lineno, field_name, report, extensions)


def _check_link(
    target: str, path: str, content: Path, lineno: int, field_name: str, report: Report, extensions: tuple
) -> None:
    """A link in a content file's text: to a page (or a heading) that exists, inside content/."""
    here = posixpath.dirname(path.removeprefix("content/"))
    if target.startswith("#"):
        _check_anchor(target, path.removeprefix("content/"), content, path, lineno, field_name, report, extensions)
        return
    file_part = target.split("#", 1)[0].split("?", 1)[0]
    resolved = posixpath.normpath(posixpath.join(here, file_part))
    if resolved.startswith("..") or file_part.startswith("/"):
        report.error(path, lineno, field_name, f"link {quote(target)} points outside content/")
        return
    if resolved.endswith((".yml", ".yaml")):  # a guide's or the regions' file: the site has no such page
        stem = posixpath.splitext(posixpath.basename(file_part))[0]
        report.error(
            path,
            lineno,
            field_name,
            f"link {quote(target)} is to a settings file, not a page",
            f"link to the page made from it: {posixpath.splitext(file_part)[0]}.md"
            if resolved.startswith("guides/")
            else f"link to a page (.md), not {stem}'s settings",
        )
        return
    candidates = [content / resolved]
    if resolved.endswith(".md") and resolved.startswith("guides/"):
        candidates.append(content / (resolved[:-3] + ".yml"))
    if not any(c.is_file() for c in candidates):
        report.error(
            path,
            lineno,
            field_name,
            f"link to missing page {quote(target)}",
            "link to a file that exists, e.g. ../pages/when-to-stop.md or hip-rotation.md",
        )
    elif "#" in target:
        _check_anchor(target, resolved, content, path, lineno, field_name, report, extensions)


def _check_anchor(
    target: str, page: str, content: Path, path: str, lineno: int, field_name: str, report: Report, extensions: tuple
) -> None:
    """A link to a heading (#...) names one the page has: MkDocs refuses the build otherwise.  The
    headings of a hand-written page are its title's, its own and "Sources"; the pages the build
    writes (exercises, guides, regions) have headings of the build's, which may change."""
    fragment = target.split("#", 1)[1]
    if not fragment:
        return  # "#" alone: the top of the page, which MkDocs accepts
    if not page.startswith("pages/") or not page.endswith(".md"):
        report.error(
            path,
            lineno,
            field_name,
            f"link {quote(target)} names a heading of a page the build writes",
            "link to the page itself, without the #... part",
        )
        return
    file = content / page
    try:
        anchors = page_anchors(file, file.stat().st_mtime_ns, extensions)
    except OSError:
        return
    if fragment not in anchors:
        report.error(
            path,
            lineno,
            field_name,
            f"link {quote(target)}: the page has no heading #{fragment}",
            did_you_mean(fragment, anchors)
            or (
                f"its headings: {', '.join('#' + a for a in sorted(anchors))}"
                if anchors
                else "link to the page without #..."
            ),
        )


@functools.lru_cache(maxsize=256)
def page_anchors(file: Path, mtime_ns: int, extensions: tuple) -> frozenset[str]:
    """The heading ids of a hand-written page as the site renders it: its title (the page's first
    heading), the headings of its text, and Sources when it names any.  (`mtime_ns`: a page edited
    while the live preview runs is read again.)"""
    src = load_markdown_file(file, file.name, Report())
    if not src.ok or not isinstance(src.data, dict):
        return frozenset()
    title = src.data.get("title")
    text = f"# {title.value}\n\n" if title is not None and isinstance(title.value, str) else ""
    text += src.body + ("\n\n## Sources\n" if "sources" in src.data else "")
    names = [e if isinstance(e, str) else e[0] for e in extensions]
    # MkDocs always adds toc, tables and fenced_code (a "## " line in a fenced block is no heading)
    always = tuple(name for name in ("toc", "tables", "fenced_code") if name not in names)
    html_text = safe_html.render_markdown(text, tuple(extensions) + always)
    return frozenset(re.findall(r'<h[1-6][^>]* id="([^"]+)"', html_text))


def check_dose_relations(values: dict, methods: list[m.Method], path: str, body_line: int, report: Report) -> None:
    """What a caregiver would otherwise have to guess: are reps and hold both done, or either one?
    Are the ## sections parts to do in turn, or other ways to choose from?"""
    lines = values["_lines"]
    reps, hold, relation = values.get("reps"), values.get("hold"), values.get("reps_and_hold")
    numbers = reps is not None and hold is not None and reps.low is not None and hold.low is not None
    if numbers and reps is not None and reps.number() != "1" and not relation and "reps_and_hold" not in lines:
        report.error(
            path,
            lines.get("hold", 1),
            "reps_and_hold",
            f"reps ({reps}) and hold ({hold}) are both given: say how they go together",
            "add reps_and_hold: both (hold every repetition) or reps_and_hold: either "
            "(the source says 10 times OR hold 30 seconds)",
        )
    elif relation and not numbers:
        report.error(
            path,
            lines["reps_and_hold"],
            "reps_and_hold",
            "reps_and_hold is only for a dose with a number of reps and a number of seconds to hold",
            "delete this line",
        )
    if values.get("community"):
        numbered = [name for name in ("reps", "hold", "sets") if getattr(values.get(name), "low", None) is not None]
        if numbered:
            report.error(
                path,
                lines[numbered[0]],
                numbered[0],
                "a community-sourced exercise cannot carry a number: one person's routine is not a prescription",
                f"write {numbered[0]}: as-prescribed and say in dose_note what the person shared"
                if numbered[0] != "sets"
                else "delete sets and say in dose_note what the person shared",
            )
    ways = values.get("ways")
    if len(methods) > 1 and not ways and "ways" not in lines:
        headings = ", ".join(f'"## {mt.heading}"' for mt in methods[1:])
        report.error(
            path,
            body_line,
            "ways",
            f"the steps have more than one section ({headings}): say whether "
            "they are parts to do in turn or other ways to choose from",
            "add ways: parts (do every part) or ways: choices (do one)",
        )
    elif ways and len(methods) < 2:
        report.error(path, lines["ways"], "ways", "ways is only for steps with ## sections", "delete this line")


def _way_heading(stripped: str, path: str, lineno: int, report: Report) -> bool:
    """A '## ' heading starts another way (or part) of doing the exercise; other levels are refused."""
    if len(stripped) - len(stripped.lstrip("#")) == 2:
        return True
    report.error(
        path,
        lineno,
        "body",
        "only '## ' headings are used in an exercise (to start another way of doing it)",
        "the title comes from the title field",
    )
    return False


def _caution_outside_safety(stripped: str, path: str, lineno: int, report: Report) -> None:
    if CAUTION.match(stripped):
        report.error(
            path,
            lineno,
            "body",
            "a caution in the steps prints outside the safety box",
            "move it to the safety: list at the top, where every caution is printed",
        )


def parse_methods(src: SourceFile, report: Report) -> list[m.Method]:
    """The steps under the front matter: numbered steps, notes, and '## ' ways (or parts)."""
    methods: list[m.Method] = []
    current = m.Method("", [], [])
    last_kind = None
    para: list[str] = []

    def flush_para():
        nonlocal para
        if para:
            current.notes.append(" ".join(para))
            para = []

    for n, raw in enumerate(src.body.split("\n")):
        lineno = src.body_line + n
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush_para()
            last_kind = None if last_kind != "step" else "gap"
            continue
        if stripped.startswith("#"):
            flush_para()
            if _way_heading(stripped, src.path, lineno, report):
                if current.steps or current.notes:
                    methods.append(current)
                current = m.Method(stripped.lstrip("#").strip(), [], [])
                last_kind = None
            continue
        step = STEP.match(stripped)
        if step and raw[:1] != " ":
            flush_para()
            current.steps.append(step.group(2).strip())
            last_kind = "step"
            continue
        if last_kind in ("step",) and raw[:1] == " ":
            current.steps[-1] += " " + stripped
            continue
        _caution_outside_safety(stripped, src.path, lineno, report)
        bullet = BULLET.match(stripped)
        if bullet:
            flush_para()
            current.notes.append(bullet.group(1))
            last_kind = "note"
            continue
        para.append(stripped)
        last_kind = "para"
    flush_para()
    if current.steps or current.notes or not methods:
        methods.append(current)
    _every_way_has_steps(methods, src, report)
    return methods


def _every_way_has_steps(methods: list[m.Method], src: SourceFile, report: Report) -> None:
    for method in methods:
        if not method.steps:
            where = f' under "## {method.heading}"' if method.heading else ""
            report.error(
                src.path,
                src.body_line,
                "body",
                f"no numbered steps{where}",
                "write the steps as a numbered list below the front matter: 1. First step. 2. Next step.",
            )


# --- the project -----------------------------------------------------------------------------------------


def _common(values: dict) -> dict:
    return {k: v for k, v in values.items() if not k.startswith("_") and v is not None}


def _review(values: dict, lines: dict) -> m.Review:
    return m.Review(values.pop("reviewed", None), values.pop("reviewed_by", "") or "", lines.get("reviewed", 1))


# mkdocs.yml: the keys an editor may set.  Everything else (hooks, INHERIT, plugins that run code,
# extra scripts, nav and folders, which the build writes itself) is refused, located.
SITE_KEYS = {
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "theme",
    "extra",
    "markdown_extensions",
    "plugins",
    "repo_url",
    "repo_name",
    "edit_uri",
    "use_directory_urls",
}
SITE_PLUGINS = {"search"}
# Python-Markdown's own extensions; each only formats text (none runs code or fetches)
MARKDOWN_EXTENSIONS = {
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "sane_lists",
    "smarty",
}
THEME_KEYS = {"name", "language", "font", "features", "palette", "icon", "logo", "favicon"}
# extra: what the build reads (organisation, handbook) and the theme's footer switch; the theme writes
# every other extra value into its pages as it is (consent banners, analytics, alternate languages)
EXTRA_KEYS = {"organisation", "handbook", "generator"}
# the settings each extension may have, and their types (a "slugify" setting would name a function)
EXTENSION_SETTINGS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": bool, "baselevel": int, "toc_depth": (int, str), "title": str, "anchorlink": bool},
    "smarty": {"smart_dashes": bool, "smart_quotes": bool, "smart_angled_quotes": bool, "smart_ellipses": bool},
}
SAFE_CONFIG_TEXT = re.compile(r"^[^<>\"'`\\]*$")
PLAIN_TEXT = re.compile(r"[<>]")


def _config_text(item: Item, key: str, report: Report, path: str) -> str:
    if not isinstance(item.value, str) or isinstance(item.value, YAML11Surprise):
        report.error(path, item.line, key, f"expected text; got {_described(item)}")
        return ""
    if PLAIN_TEXT.search(item.value):
        report.error(
            path, item.line, key, "< and > are not allowed here: this text is shown as it is", "write plain text"
        )
        return ""
    return item.value.strip()


def _extensions(item: Item, report: Report, path: str) -> tuple:
    out = []
    if not isinstance(item.value, list):
        report.error(path, item.line, "markdown_extensions", "expected a list of extension names")
        return ()
    for i, entry in enumerate(item.value, 1):
        name, config = entry.value, None
        if isinstance(entry.value, dict) and len(entry.value) == 1:
            name, cfg = next(iter(entry.value.items()))
            config = cfg.plain() if isinstance(cfg.value, dict) else None
            if cfg.value is not None and config is None:
                report.error(path, entry.line, f"markdown_extensions[{i}]", "expected settings under the name")
                continue
        if not isinstance(name, str) or name not in MARKDOWN_EXTENSIONS:
            report.error(
                path,
                entry.line,
                f"markdown_extensions[{i}]",
                f"unknown or unsupported Markdown extension {quote(str(name))}",
                f"use one of: {', '.join(sorted(MARKDOWN_EXTENSIONS))}",
            )
            continue
        allowed = EXTENSION_SETTINGS.get(name, {})
        bad = [
            k
            for k, v in (config or {}).items()
            if k not in allowed
            or not isinstance(v, allowed[k])
            or (isinstance(v, str) and not SAFE_CONFIG_TEXT.match(v))
            or (k == "baselevel" and not 1 <= v <= 6)
        ]
        if bad:
            report.error(
                path,
                entry.line,
                f"markdown_extensions[{i}]",
                f"setting {bad[0]} of {name} is not allowed or has the wrong kind of value",
                f"allowed: {', '.join(sorted(allowed)) or 'no settings'}",
            )
            continue
        out.append((name, tuple(sorted(config.items()))) if config else name)
    return tuple(out)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _check_theme_files(theme: dict, report: Report, path: str) -> None:
    """A language or icon the theme does not have fails the site build: say so in check."""
    try:
        from importlib.resources import files

        templates = files("material") / "templates"
    except (ImportError, ModuleNotFoundError, TypeError):
        return
    language = theme.get("language")
    if (
        language is not None
        and isinstance(language.value, str)
        and not (templates / "partials" / "languages" / f"{language.value}.html").is_file()
    ):
        report.error(
            path,
            language.line,
            "theme.language",
            f"the theme has no language {quote(language.value)}",
            "use a language code such as en, es or fr",
        )
    icons = theme.get("icon")
    if icons is not None and isinstance(icons.value, dict):
        for key, item in icons.value.items():
            if (
                isinstance(item.value, str)
                and "/" in item.value
                and not (templates / ".icons" / f"{item.value}.svg").is_file()
            ):
                report.error(
                    path,
                    item.line,
                    f"theme.icon.{key}",
                    f"the theme has no icon {quote(item.value)}",
                    "pick an icon from the theme's icon set, e.g. material/alert",
                )


def build_settings(raw: RawProject, report: Report) -> m.Settings:
    """mkdocs.yml: the settings an editor may write, each checked at its line."""
    s = m.Settings()
    if raw.config is None:
        report.error("mkdocs.yml", 1, "file", "mkdocs.yml is missing")
        return s
    if not raw.config.ok or raw.config.data is None:
        return s
    path, cfg = raw.config.path, raw.config.data
    plain = _site_settings(cfg, report, path)
    s.site_name = plain.get("site_name") or s.site_name
    s.site_url = str(plain.get("site_url") or "")
    if "markdown_extensions" in cfg:
        s.markdown_extensions = _extensions(cfg["markdown_extensions"], report, path)
    if "theme" in cfg:
        _theme_settings(cfg["theme"], report, path)
    if "plugins" in cfg:
        _plugin_settings(cfg["plugins"], report, path)
    plain["extra"] = _extra_settings(cfg.get("extra") or Item({}, 1), s, report, path)
    s.mkdocs = plain
    return s


def _site_settings(cfg: dict[str, Item], report: Report, path: str) -> dict:
    """The top-level keys: only those allowed, names as plain text, addresses as web addresses."""
    for key, item in cfg.items():
        if key not in SITE_KEYS:
            why = {
                "hooks": "hooks run Python code during the build",
                "INHERIT": "settings live in this one file",
                "nav": "the build writes the menu from content/",
            }.get(key, "the build sets it itself")
            report.error(
                path,
                item.key_line,
                key,
                f"{key} is not allowed in mkdocs.yml: {why}",
                f"remove it; allowed settings: {', '.join(sorted(SITE_KEYS))}",
            )
    plain = {k: v.plain() for k, v in cfg.items() if k in SITE_KEYS}
    for key in ("repo_name", "edit_uri"):
        if key in cfg:
            value = cfg[key].value
            if not isinstance(value, str) or not re.match(r"^[A-Za-z0-9 _./#?=&%+~-]*$", value):
                report.error(path, cfg[key].line, key, "expected plain text (letters, digits, / . - _)")
                plain.pop(key, None)
    for key in ("site_name", "site_description", "site_author", "copyright"):
        if key in cfg:
            plain[key] = _config_text(cfg[key], key, report, path)
    for key in ("site_url", "repo_url"):
        if key in cfg:
            url = cfg[key].value
            if not isinstance(url, str) or not re.match(r"^https?://[^\s<>\"']+$", url.strip()):
                report.error(path, cfg[key].line, key, "expected a web address starting with https://")
                plain.pop(key, None)
    if "use_directory_urls" in cfg:
        _flag_setting(cfg["use_directory_urls"], "use_directory_urls", plain, report, path)
    return plain


def _flag_setting(item: Item, key: str, plain: dict, report: Report, path: str) -> None:
    """A yes/no setting, handed to MkDocs as true or false ("no" would reach it as text)."""
    try:
        plain[key] = conv_flag(item, None, {})
    except Invalid as exc:
        report.error(path, item.line, key, exc.message, exc.hint)
        plain.pop(key, None)


def _theme_settings(theme: Item, report: Report, path: str) -> None:
    if not isinstance(theme.value, dict):
        report.error(path, theme.line, "theme", "expected the theme's settings (name: material, ...)")
        return
    for key, item in theme.value.items():
        if key not in THEME_KEYS:
            report.error(
                path,
                item.key_line,
                f"theme.{key}",
                f"theme setting {key} is not allowed",
                f"allowed: {', '.join(sorted(THEME_KEYS))}",
            )
            continue
        unsafe = [v for v in _strings(item.plain()) if not SAFE_CONFIG_TEXT.match(v)]
        if unsafe:
            report.error(
                path,
                item.key_line,
                f"theme.{key}",
                f"{quote(unsafe[0][:30])} is not a plain value",
                "theme settings are names and colours, without < > or quotes",
            )
    _check_theme_files(theme.value, report, path)


def _plugin_settings(plugins: Item, report: Report, path: str) -> None:
    for entry in plugins.value if isinstance(plugins.value, list) else []:
        name = (
            entry.value
            if isinstance(entry.value, str)
            else (next(iter(entry.value)) if isinstance(entry.value, dict) and entry.value else None)
        )
        if name not in SITE_PLUGINS:
            report.error(
                path,
                entry.line,
                "plugins",
                f"plugin {quote(str(name))} is not allowed",
                f"allowed: {', '.join(sorted(SITE_PLUGINS))}",
            )


def _extra_settings(extra_item: Item, s: m.Settings, report: Report, path: str) -> dict:
    """extra: the organisation and our own settings into `s`; what MkDocs gets of it (only the
    theme's footer switch: the theme publishes every other extra value as it is)."""
    extra = extra_item.plain()
    if not isinstance(extra, dict):
        report.error(path, extra_item.line, "extra", "expected settings under extra: (organisation:, handbook:)")
        return {}
    for key in list(extra):
        if key not in EXTRA_KEYS:
            report.error(
                path,
                extra_item.value[key].key_line,
                f"extra.{key}",
                f"extra.{key} is not allowed",
                f"the theme would publish it as it is; allowed: {', '.join(sorted(EXTRA_KEYS))}",
            )
            extra.pop(key)
    if "generator" in extra and not isinstance(extra["generator"], bool):
        report.error(path, extra_item.value["generator"].line, "extra.generator", "expected yes or no")
    org_item = extra_item.value.get("organisation") if extra else None
    if org_item is not None and isinstance(org_item.value, dict):

        def org_text(k):
            item = org_item.value.get(k)
            return _config_text(item, f"extra.organisation.{k}", report, path) if item is not None else ""

        s.organisation, s.phone, s.email = org_text("name"), org_text("phone"), org_text("email")
        s.website = org_text("website")
    handbook_item = extra_item.value.get("handbook") if extra else None
    if handbook_item is not None:
        _handbook_settings(handbook_item, s, report, path)
    return {k: v for k, v in extra.items() if k == "generator" and isinstance(v, bool)}


HANDBOOK_KEYS = {  # extra.handbook in mkdocs.yml: our own settings
    "paper": "letter or a4, for the print packets",
    "review_years": "a clinical review is due this many years after the last one",
    "emergency_number": "what the site tells readers to call for chest pain, trouble breathing or fainting",
    "require_review": "yes: check and every build refuse content awaiting clinical review or overdue",
}


def _handbook_settings(item: Item, s: m.Settings, report: Report, path: str) -> None:
    """extra.handbook: each setting at its own line, an unknown one named with the known ones."""
    if not isinstance(item.value, dict):
        report.error(path, item.line, "extra.handbook", "expected settings: " + ", ".join(HANDBOOK_KEYS))
        return
    values = item.value
    for key, sub in values.items():
        if key not in HANDBOOK_KEYS:
            report.error(
                path,
                sub.key_line,
                f"extra.handbook.{key}",
                f"unknown setting {quote(str(key))}",
                did_you_mean(str(key), HANDBOOK_KEYS) or f"known: {', '.join(HANDBOOK_KEYS)}",
            )

    def at(key: str) -> int:
        return values[key].key_line if key in values else item.line

    paper = str(values["paper"].plain() if "paper" in values else "letter").lower()
    if paper in ("letter", "a4"):
        s.paper = paper
    else:
        report.error(path, at("paper"), "extra.handbook.paper", f"expected letter or a4; got {quote(paper)}")
    years = values["review_years"].plain() if "review_years" in values else 3
    if isinstance(years, int) and not isinstance(years, bool) and 0 < years <= 50:
        s.review_years = years
    else:
        report.error(
            path, at("review_years"), "extra.handbook.review_years", "expected a whole number of years from 1 to 50"
        )
    number = str(values["emergency_number"].plain() if "emergency_number" in values else "911").strip()
    if re.fullmatch(r"[0-9][0-9 +()-]{1,19}", number):
        s.emergency_number = number
    else:
        report.error(
            path,
            at("emergency_number"),
            "extra.handbook.emergency_number",
            f"expected a phone number such as 911, 999 or 112; got {quote(number)}",
        )
    if "require_review" in values:
        try:
            s.require_review = conv_flag(values["require_review"], None, {})
        except Invalid as exc:
            report.error(path, at("require_review"), "extra.handbook.require_review", exc.message, exc.hint)


Checked = tuple  # (slug, path, (title key, title, line) | None, Exercise | None)
_EXERCISE_REQUIRED = tuple(spec.name for spec in m.EXERCISE_FIELDS if spec.required)


def check_exercise(src, lists: dict, ext, root: Path, report: Report) -> Checked:
    """One exercise file on its own: its fields, steps and Markdown, and the model built from them."""
    slug = src.abspath.stem
    if not SLUG.match(slug):
        report.error(
            src.path,
            1,
            "file",
            f"file name {quote(src.abspath.name)} must be lowercase words joined by dashes",
            f"rename it to {slugify(slug)}.md",
        )
    if not src.ok:
        return slug, src.path, None, None
    ctx = {
        "report": report,
        "path": src.path,
        "root": root,
        "extensions": ext,
        **lists,
        "placeholder": PLACEHOLDER in src.text,
    }
    values = check_fields(src.data, src.data_line, m.EXERCISE_FIELDS, ctx)
    methods = parse_methods(src, report)
    check_markdown(src.body, src.body_line, src.path, root, report, extensions=ext)
    if isinstance(values.get("figure"), str) and not values.get("figure_alt") and "figure_alt" not in src.data:
        report.error(
            src.path,
            values["_lines"]["figure"],
            "figure_alt",
            "a figure needs alt text: say what the picture shows",
            "add a line: figure_alt: A caregiver bends the person's knee toward the chest.",
        )
    title = values.get("title")
    titled = (title_key(title), title, values["_lines"]["title"]) if title else None
    check_dose_relations(values, methods, src.path, src.body_line, report)
    if any(values.get(name) is None for name in _EXERCISE_REQUIRED):
        return slug, src.path, titled, None
    data = _common(values)
    if data.get("figure") is not None and not isinstance(data["figure"], str):
        from .figures import alt_text

        data["pose"] = data.pop("figure")
        second = "Part 2" if data.get("ways") == "parts" else "Or, another way"
        data["figure_alt"] = data.get("figure_alt") or alt_text(data["pose"], second)
    review = _review(data, values["_lines"])
    return slug, src.path, titled, m.Exercise(slug=slug, path=src.path, methods=methods, review=review, **data)


def _read_and_check(files, lists: dict, ext, root: Path) -> tuple[list[Checked], list]:
    report = Report()
    checked = [check_exercise(load_markdown_file(p, shown, report), lists, ext, root, report) for p, shown in files]
    return checked, report.problems


def check_exercise_files(files: list, lists: dict, ext, root: Path, report: Report) -> list[Checked]:
    """Read and check very many exercise files in two processes: the second half in a forked
    worker while this process does the first (each file is checked on its own; only the titles
    are compared across files, afterwards).  Where a process cannot be forked, or the worker
    fails, this process does them all."""
    half = len(files) // 2
    pool = None
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    except (ImportError, OSError, ValueError):
        pool = None
    if pool is None:
        checked, problems = _read_and_check(files, lists, ext, root)
        report.problems.extend(problems)
        return checked
    with pool:
        later = pool.submit(_read_and_check, files[half:], lists, ext, root)
        first, problems = _read_and_check(files[:half], lists, ext, root)
        try:
            second, more = later.result()
        except Exception:  # a worker that died (out of memory, killed): do its half here
            second, more = _read_and_check(files[half:], lists, ext, root)
    regions = lists["regions"]
    for _, _, _, exercise in second:  # one Region object per region, as in this process
        if exercise is not None:
            exercise.region = regions[exercise.region.key]
    report.problems.extend(problems + more)
    return first + second


def check_regions(raw: RawProject, report: Report, ext) -> dict[str, m.Region]:
    """content/regions.yml: the regions, in the order the website lists them."""
    regions: dict[str, m.Region] = {}
    if raw.regions is None or not raw.regions.ok:
        return regions
    ctx = {"report": report, "path": raw.regions.path, "root": raw.root, "regions": {}, "extensions": ext}
    for order, (key, item) in enumerate((raw.regions.data or {}).items(), 1):
        if not SLUG.match(key):
            report.error(
                raw.regions.path,
                item.key_line,
                key,
                "region keys are lowercase words joined by dashes, like lower-extremities",
            )
            continue
        if not isinstance(item.value, dict):
            report.error(raw.regions.path, item.key_line, key, "expected title (and summary) under the key")
            continue
        if "side_word" in item.value:
            report.error(
                raw.regions.path,
                item.value["side_word"].key_line,
                f"{key}.side_word",
                "side_word is no longer used: each exercise says its own sides",
                "delete this line; write sides: each-leg (or each-arm, each-side-in-turn, ...) in each exercise",
            )
            item.value.pop("side_word")
        v = check_fields(item.value, item.key_line, m.REGION_FIELDS, ctx, prefix=f"{key}.")
        regions[key] = m.Region(key, v.get("title") or key, order, v.get("summary") or "")
    return regions


def check_vocabulary(raw: RawProject, report: Report, ext) -> dict[str, dict[str, m.Word]]:
    """content/vocabulary.yml: each list of m.VOCABULARIES, its words and what readers see.  A
    list that is missing or unreadable is left out: fields that use it then take any word (the
    problem with the file is reported once, not once per exercise)."""
    src = raw.vocabulary
    if src is None or not src.ok:
        return {}
    path = src.path
    data = src.data if isinstance(src.data, dict) else {}
    if not isinstance(src.data, dict):
        report.error(
            path, src.data_line, "file", "expected lists of words: type:, position:, helper:, sides:, conditions:"
        )
        return {}
    known = {v.name: v for v in m.VOCABULARIES}
    vocabulary: dict[str, dict[str, m.Word]] = {}
    for name, item in data.items():
        if name not in known:
            report.error(
                path,
                item.key_line,
                name,
                f"unknown list {quote(name)}",
                did_you_mean(name, known) or f"the lists are: {', '.join(known)}",
            )
            continue
        words = _words(item, known[name], path, report, ext)
        if words:  # an empty or unreadable list is reported; its fields then take any word
            vocabulary[name] = words
    for name, spec in known.items():
        if name not in data:
            report.error(path, 1, name, f"the {name}: list is missing", f"add it, e.g. {name}:\n  {spec.example}")
    if "sides" in vocabulary:
        vocabulary["sides"][m.NO_SIDES] = m.NO_SIDES
    return vocabulary


# What a vocabulary word's readers see is plain words on one line: it goes into headings, lists,
# filters and dose lines, where Markdown or a line break would add structure (or a link that
# only the build would find broken).
_NOT_PLAIN = re.compile(r"[\n\r\[\]{}<>#*_\\`|~&]")


def _plain_words(text: str) -> str:
    found = _NOT_PLAIN.search(text)
    if found:
        shown = "a line break" if found.group(0) in "\n\r" else quote(found.group(0))
        raise Invalid(
            f"what readers see must be plain words on one line; found {shown}",
            "write it as readers should read it, e.g. Lying on your back",
        )
    return text


def _words(item: Item, spec: m.VocabularySpec, path: str, report: Report, ext) -> dict[str, m.Word]:
    """One list of content/vocabulary.yml: `word: what readers see` lines."""
    words: dict[str, m.Word] = {}
    if not isinstance(item.value, dict) or not item.value:
        report.error(
            path,
            item.key_line,
            spec.name,
            "expected one `word: what readers see` line per word",
            f"for example:\n{spec.name}:\n  {spec.example}",
        )
        return words
    ctx = {"report": report, "path": path, "root": Path("."), "extensions": ext}
    shown = m.FieldSpec(spec.name, "text", True, spec.help, spec.example.split(": ", 1)[-1])
    for key, sub in item.value.items():
        where = f"{spec.name}.{key}"
        if not isinstance(key, str) or not SLUG.match(key):
            report.error(
                path,
                sub.key_line,
                where,
                f"{quote(str(key))} is not a word editors can write",
                "use lowercase words joined by dashes, like lying-on-back",
            )
        elif spec.name == "sides" and key == m.NO_SIDES:
            report.error(
                path, sub.key_line, where, "none is built in: the dose line says nothing more", "delete this line"
            )
        else:
            try:
                words[key] = m.Word(key, _plain_words(conv_text(sub, shown, ctx)))
            except Invalid as exc:  # reported here; the exercises that use the word are not blamed
                report.error(path, sub.line, where, exc.message, exc.hint)
                words[key] = m.Word(key, key)
    return words


def validate(raw: RawProject, report: Report) -> m.Project:
    """Check every file, by kind, then link the guides to their exercises: the typed Project."""
    settings = build_settings(raw, report)
    # editor text is checked as the site's Markdown renders it (less the heading links the build adds)
    ext = tuple(
        (e[0], tuple(kv for kv in e[1] if kv[0] not in ("permalink", "anchorlink")))
        if isinstance(e, tuple) and e[0] == "toc"
        else e
        for e in settings.markdown_extensions
    )
    regions = check_regions(raw, report, ext)
    vocabulary = check_vocabulary(raw, report, ext)
    lists = {"regions": regions, "vocabulary": vocabulary}  # what fields may name
    exercises = check_exercises(raw, lists, ext, report)
    pages = check_pages(raw, lists, ext, report)
    guides = [g for src in raw.guides if (g := check_guide(src, raw, exercises, lists, ext, report))]
    link_guides(guides, report)
    return m.Project(settings, regions, exercises, guides, pages, vocabulary)


def check_exercises(raw: RawProject, lists: dict, ext, report: Report) -> dict[str, m.Exercise]:
    """Each exercise file on its own (in two processes when there are very many), then the titles
    across them."""
    if raw.exercises or not raw.exercise_files:
        checked = [check_exercise(src, lists, ext, raw.root, report) for src in raw.exercises]
    else:
        checked = check_exercise_files(raw.exercise_files, lists, ext, raw.root, report)
    exercises: dict[str, m.Exercise] = {}
    titles: dict[str, tuple[str, int]] = {}
    for slug, path, title, exercise in checked:
        if title:
            key, text, line = title
            if key in titles:
                other_path, other_line = titles[key]
                hint = "every exercise needs its own title; add what differs (seated, standing)"
                report.error(path, line, "title", f"title {quote(text)} is also used by {other_path}", hint)
                report.error(other_path, other_line, "title", f"title {quote(text)} is also used by {path}", hint)
            else:
                titles[key] = (path, line)
        if exercise is not None:
            exercises[slug] = exercise
    return exercises


def check_pages(raw: RawProject, lists: dict, ext, report: Report) -> list[m.Page]:
    """The pages of content/pages/, in menu order; two pages may not share a title."""
    pages: list[m.Page] = []
    page_titles: dict[str, str] = {}  # title_key -> the page's file
    for src in raw.pages:
        page = check_page(src, raw.root, lists, ext, report)
        if page is None:
            continue
        key = title_key(page.title)
        if key in page_titles:
            report.error(
                src.path, page.title_line, "title", f"title {quote(page.title)} is also used by {page_titles[key]}"
            )
        page_titles[key] = src.path
        pages.append(page)
    return sorted(pages, key=lambda p: (p.order, p.title))


def check_page(src: SourceFile, root: Path, lists: dict, ext, report: Report) -> m.Page | None:
    slug = src.abspath.stem
    if not SLUG.match(slug) or slug in RESERVED_SLUGS:
        report.error(
            src.path,
            1,
            "file",
            f"page file name {quote(src.abspath.name)} is not allowed",
            "use lowercase words joined by dashes, not a name the site uses itself "
            f"({', '.join(sorted(RESERVED_SLUGS))})",
        )
        return None
    if not src.ok:
        return None
    ctx = {"report": report, "path": src.path, "root": root, "extensions": ext, **lists}
    values = check_fields(src.data or {}, src.data_line, m.PAGE_FIELDS, ctx)
    check_markdown(src.body, src.body_line, src.path, root, report, extensions=ext)
    if not src.body.strip():
        report.error(src.path, src.body_line, "body", "page has no text below the front matter")
    if values.get("title") is None:
        return None
    data = _common(values)
    review = _review(data, values["_lines"])
    return m.Page(
        slug=slug,
        path=src.path,
        body=src.body.strip() + "\n",
        review=review,
        title_line=values["_lines"]["title"],
        **data,
    )


def check_guide(
    src: SourceFile, raw: RawProject, exercises: dict[str, m.Exercise], lists: dict, ext, report: Report
) -> m.Guide | None:
    """One guide: its fields and its sections, each section's exercises found by file name."""
    slug = src.abspath.stem
    if not SLUG.match(slug):
        report.error(
            src.path, 1, "file", f"guide file name {quote(src.abspath.name)} must be lowercase words joined by dashes"
        )
        return None
    if not src.ok:
        return None
    root = raw.root
    ctx = {"report": report, "path": src.path, "root": root, "extensions": ext, **lists}
    values = check_fields(src.data or {}, src.data_line, m.GUIDE_FIELDS, ctx)
    if values.get("intro"):
        check_markdown(values["intro"], values["_lines"]["intro"], src.path, root, report, "intro", ext)
    seen: dict[str, int] = {}  # an exercise's slug -> the line that first lists it in this guide
    sections = [
        section
        for i, sec in enumerate(values.get("sections") or [], 1)
        if (section := _section(i, sec, src.path, raw, exercises, seen, report))
    ]
    required = [s.name for s in m.GUIDE_FIELDS if s.required]
    if any(values.get(name) is None for name in required) or not sections:
        return None
    page = 1
    for section in sections:
        section.first_page = page
        page += section.pages
    data = _common(values)
    data["sections"] = sections
    review = _review(data, values["_lines"])
    return m.Guide(slug=slug, path=src.path, review=review, **data)


def _section(
    i: int,
    sec: dict,
    path: str,
    raw: RawProject,
    exercises: dict[str, m.Exercise],
    seen: dict[str, int],
    report: Report,
) -> m.Section | None:
    """One entry of a guide's sections: its exercises exist, appear once in the guide and belong
    to its region."""
    chosen = []
    for slug, line in sec.get("exercises") or []:
        if slug not in exercises:
            if (raw.root / "content" / "exercises" / f"{slug}.md").is_file():
                continue  # the exercise file has its own problems, reported there
            known = exercises.keys() | {p.stem for p, _ in raw.exercise_files}
            report.error(
                path,
                line,
                f"sections[{i}].exercises",
                f"no exercise {quote(slug)} in content/exercises/",
                did_you_mean(slug, known) or "use the file name without .md",
            )
        elif slug in seen:
            report.error(
                path,
                line,
                f"sections[{i}].exercises",
                f"exercise {quote(slug)} is listed twice in this guide (first on line {seen[slug]})",
            )
        else:
            seen[slug] = line
            chosen.append(exercises[slug])
    region = sec.get("region")
    if region is None or sec.get("pages") is None:
        return None
    for ex in chosen:
        if ex.region.key != region.key:
            report.error(
                path,
                sec["_line"],
                f"sections[{i}].exercises",
                f"{ex.slug} is in region {ex.region.key}, not {region.key}",
                "move it to the section of its region, or change the exercise's region",
            )
    return m.Section(
        region,
        sec.get("title") or region.title,
        sec["pages"],
        chosen,
        header=sec.get("header") or "",
        line=sec["_lines"].get("pages", sec["_line"]),
    )


def link_guides(guides: list[m.Guide], report: Report) -> None:
    """Sort the guides; tell each exercise the guides that print it (the first is its own); two
    guides may not share a title."""
    guides.sort(key=lambda g: (g.order, g.title))
    for g in guides:
        for ex in g.exercises:
            if ex.guide is None:
                ex.guide = g
            if g not in ex.guides:
                ex.guides.append(g)
    guide_titles: dict[str, str] = {}  # title_key -> the guide's file
    for g in guides:
        key = title_key(g.title)
        if key in guide_titles:
            report.error(g.path, 1, "title", f"title {quote(g.title)} is also used by {guide_titles[key]}")
        guide_titles[key] = g.path


def review_warnings(project: m.Project, report: Report, today: dt.date) -> None:
    """Clinical governance: content awaiting review or overdue is a warning (an error with --strict),
    or an error when the site's settings require review (extra.handbook.require_review)."""
    years = project.settings.review_years
    flag = report.error if project.settings.require_review else report.warn
    items = (
        [(e.path, e.review) for e in project.exercises.values()]
        + [(p.path, p.review) for p in project.pages]
        + [(g.path, g.review) for g in project.guides]
    )
    for path, review in items:
        reviewed, due = review.reviewed, review.next_due(years)
        if reviewed is None or due is None:
            flag(
                path,
                review.line,
                "reviewed",
                AWAITING,
                "a clinician fills in reviewed and reviewed_by after checking the text",
            )
        elif reviewed > today:
            report.error(path, review.line, "reviewed", f"review date {reviewed.isoformat()} is in the future")
        elif due < today:
            flag(path, review.line, "reviewed", f"review overdue since {due.isoformat()}")
        elif not review.reviewed_by:
            report.warn(path, review.line, "reviewed_by", "a review date is given but not who reviewed it")


AWAITING = m.AWAITING_REVIEW.lower()  # the check's warning


def title_key(title: str) -> str:
    """What makes two titles the same to a reader: case, width forms, invisible characters and
    runs of spaces do not count (so a zero-width space cannot make a copy look unique)."""
    if not title.isascii():
        title = unicodedata.normalize("NFKC", title)
        title = "".join(ch for ch in title if unicodedata.category(ch) != "Cf" and ch not in INVISIBLE.strip())
    return " ".join(title.split()).casefold()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "exercise"

"""Stage 1, load: read content files and parse their YAML into located values.

Every value keeps the line it was written on so that later stages can point the editor at it.
Nothing here knows what the fields mean; that is the model's job.  YAML features that serve no
editor (anchors, aliases, tags) and YAML 1.1 surprises are reported here, where the text is.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .diagnostics import Report

MAX_BYTES = 1_000_000
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAY_BE_TYPED = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)  # first letters of non-text


class _Loader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """libyaml's parser when PyYAML was built with it (10x faster; the same events and marks
    either way), without path resolvers (none are registered) and with text that cannot be a
    number, a yes/no or a date typed at once: most values are words."""

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        # libyaml calls this for every key and value: a third of composing a file
        if kind is yaml.ScalarNode:
            if implicit[0] and value:
                if value[0] not in _MAY_BE_TYPED:
                    return _STR
                tag = _PLAIN_TAGS.get(value)  # a plain scalar's type depends on its text alone
                if tag is None:
                    tag = super().resolve(kind, value, implicit)
                    if len(_PLAIN_TAGS) < 50_000:
                        _PLAIN_TAGS[value] = tag
                return tag
        elif kind is yaml.MappingNode:
            return _MAP
        elif kind is yaml.SequenceNode:
            return _SEQ
        return super().resolve(kind, value, implicit)


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq"))
_PLAIN_TAGS: dict[str, str] = {}  # plain text -> its tag: "flexion 0 to 90" str, "10" int, "no" bool


@dataclass(slots=True)
class Item:
    """A YAML value with the line it starts on (1-based, in the file) and its source text."""

    value: Any  # str | int | float | bool | None | date | list[Item] | dict[str, Item]
    line: int
    raw: str | None = None  # the text as written, for scalars
    key_line: int = 0  # line of the key that holds this value, for mapping values

    @property
    def kind(self) -> str:
        v = self.value
        if isinstance(v, dict):
            return "mapping"
        if isinstance(v, list):
            return "list"
        if isinstance(v, bool):
            return "yes/no"
        if isinstance(v, (int, float)):
            return "number"
        if v is None:
            return "empty"
        if isinstance(v, str):
            return "text"
        return "date"

    def plain(self) -> Any:
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


@dataclass
class SourceFile:
    """One content file as read from disk."""

    path: str  # as shown to editors, relative to the project root
    abspath: Path
    data: dict[str, Item] | None = None  # front matter (or the whole YAML file)
    data_line: int = 1  # line where the mapping starts
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    ok: bool = True
    extra: dict = field(default_factory=dict)
    text: str = ""  # the decoded file


_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_TAB_INDENT = re.compile(r"^( *)\t", re.M)
# Anchors (&), aliases (*) and tags (!) can only start after a space, a line start or a flow
# indicator.  Text without such a token cannot hold one, so the exact event scan can be skipped.
_MAYBE_ANCHOR_OR_TAG = re.compile(r"(?:^|[\s\[{,:-])[&*!]")


def read_text(abspath: Path, shown: str, report: Report) -> str | None:
    """Read a UTF-8 text file, tolerating a BOM and CRLF line endings."""
    try:
        # opened without waiting (a FIFO would wait for a writer for ever), then looked at
        fd = os.open(abspath, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            report.error(shown, 1, "file", f"{shown} is a folder", "it must be a text file")
        else:
            report.error(shown, 1, "file", f"cannot read file: {exc.strerror}")
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # a folder, a FIFO, a device
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            report.error(shown, 1, "file", f"{shown} is {kind}", "it must be a text file")
            return None
        size = st.st_size
        if size > MAX_BYTES:
            report.error(
                shown,
                1,
                "file",
                f"file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                "split it or remove pasted data; an exercise is a page of text",
            )
            return None
        chunks = []
        while chunk := os.read(fd, max(size, 1) + 1):
            chunks.append(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        report.error(shown, 1, "file", f"cannot read file: {exc.strerror}")
        return None
    finally:
        os.close(fd)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(
            shown,
            line,
            "file",
            "file is not UTF-8 text",
            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        )
        return None
    if "\x00" in text:
        report.error(shown, 1, "file", "file contains NUL bytes; is it a binary file?")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, shown: str, report: Report) -> tuple[str, int, str, int] | None:
    """Return (yaml_text, yaml_first_line, body, body_first_line) or None after reporting."""
    if not text.strip():
        report.error(shown, 1, "file", "file is empty", "start from `python build.py new`")
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        report.error(
            shown,
            1,
            "front matter",
            "file must start with a line of three dashes (---)",
            "the fields go between two --- lines at the top, the steps below them",
        )
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2
    report.error(
        shown,
        1,
        "front matter",
        "front matter is never closed",
        "add a line with three dashes (---) after the last field",
    )
    return None


def parse_yaml(text: str, first_line: int, shown: str, report: Report) -> Item | None:
    """Parse YAML text into Items; report syntax errors and unsupported features."""
    offset = first_line - 1
    m = _TAB_INDENT.search(text) if "\t" in text else None
    if m:
        line = text[: m.start()].count("\n") + 1 + offset
        report.error(
            shown,
            line,
            "yaml",
            "line is indented with a tab",
            "YAML needs spaces for indenting; replace the tab with two spaces",
        )
        return None
    try:
        maybe = ("&" in text or "*" in text or "!" in text) and _MAYBE_ANCHOR_OR_TAG.search(text)
        events = list(yaml.parse(text, Loader=_Loader)) if maybe else []
        node = yaml.compose(text, Loader=_Loader) if not events else None
    except yaml.MarkedYAMLError as exc:
        _syntax_error(text, exc, first_line, shown, report)
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - other reader errors
        report.error(shown, first_line, "yaml", f"YAML error: {exc}")
        return None
    if _anchors_or_tags(events, offset, shown, report):
        return None
    if events:
        try:  # read as events, then composed: a second document is refused only now
            node = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            _syntax_error(text, exc, first_line, shown, report)
            return None
    if node is None:
        return Item(None, first_line)
    return _to_item(node, offset, shown, report)


def _syntax_error(text: str, exc: yaml.MarkedYAMLError, first_line: int, shown: str, report: Report) -> None:
    if _BASE_LOADER is not yaml.SafeLoader:  # the same wording whether or not libyaml is present
        try:
            list(yaml.parse(text, Loader=yaml.SafeLoader))
        except yaml.MarkedYAMLError as pure:
            exc = pure
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + first_line) if mark else first_line
    problem = exc.problem or "syntax error"
    report.error(
        shown,
        line,
        "yaml",
        f"YAML syntax error: {problem}",
        "check the indentation and that text with a colon (:) is in quotes",
    )


def _anchors_or_tags(events: list, offset: int, shown: str, report: Report) -> bool:
    """Report every anchor, alias and tag (YAML features editors do not need); True if any."""
    bad = False
    for ev in events:
        line = (ev.start_mark.line if ev.start_mark else 0) + 1 + offset
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            report.error(
                shown, line, "yaml", "YAML anchors and aliases (& and *) are not allowed", "write the value out in full"
            )
            bad = True
        tag = getattr(ev, "tag", None)
        implicit = getattr(ev, "implicit", True)
        explicit = tag is not None and (implicit is False or (isinstance(implicit, tuple) and not any(implicit)))
        if explicit and tag != "!":
            shown_tag = str(tag).replace("tag:yaml.org,2002:", "!!")
            report.error(
                shown,
                line,
                "yaml",
                f"YAML tags such as {shown_tag} are not allowed",
                "remove the tag; write plain values",
            )
            bad = True
    return bad


_constructor = SafeConstructor()


def _to_item(node: yaml.Node, offset: int, shown: str, report: Report) -> Item:
    line = node.start_mark.line + 1 + offset
    if type(node) is yaml.ScalarNode:  # the common case first
        raw = node.value
        if node.tag == "tag:yaml.org,2002:str":
            return Item(raw, line, raw)  # the parser has already unquoted and unescaped it
        try:
            value = _constructor.construct_object(node, deep=True)
        except Exception:  # a malformed timestamp or number: keep the text, the model will complain
            value = raw
        if node.tag.endswith(":bool") and not node.style and raw.lower() in _YAML11_BOOLS:
            value = YAML11Surprise(raw, value)
        elif node.tag.endswith((":int", ":float")) and not node.style and _surprising_number(raw):
            value = YAML11Surprise(raw, value)
        return Item(value, line, raw)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Item] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                report.error(shown, key_line, "yaml", "a field name must be plain text")
                continue
            key = str(key_node.value)
            if key in out:
                report.error(
                    shown,
                    key_line,
                    key,
                    f'field "{key}" is given twice (first on line {out[key].key_line}); only one can count',
                    "delete one of them",
                )
                continue
            item = _to_item(value_node, offset, shown, report)
            item.key_line = key_line
            out[key] = item
        return Item(out, line)
    return Item([_to_item(n, offset, shown, report) for n in node.value], line)


def _surprising_number(raw: str) -> bool:
    r = raw.lstrip("+-")
    return (
        ":" in r
        or "_" in r
        or r.lower().startswith(("0x", "0o", "0b"))
        or (len(r) > 1 and r[0] == "0" and r[1].isdigit())
    )


class YAML11Surprise(str):
    """A plain scalar that YAML 1.1 reads as something else than it looks (no -> false, 1:30 -> 90)."""

    read_as: object

    def __new__(cls, raw: str, read_as):
        obj = super().__new__(cls, raw)
        obj.read_as = read_as
        return obj


def load_yaml_file(abspath: Path, shown: str, report: Report) -> SourceFile:
    src = SourceFile(shown, abspath)
    text = read_text(abspath, shown, report)
    if text is None:
        src.ok = False
        return src
    item = parse_yaml(text, 1, shown, report)
    if item is None:
        src.ok = False
        return src
    if not isinstance(item.value, dict):
        report.error(shown, item.line, "file", "expected fields (name: value) at the top level")
        src.ok = False
        return src
    src.data, src.data_line = item.value, item.line
    return src


def load_markdown_file(abspath: Path, shown: str, report: Report) -> SourceFile:
    src = SourceFile(shown, abspath)
    text = read_text(abspath, shown, report)
    src.text = text or ""
    parts = split_front_matter(text, shown, report) if text is not None else None
    if parts is None:
        src.ok = False
        return src
    yaml_text, yaml_line, src.body, src.body_line = parts
    item = parse_yaml(yaml_text, yaml_line, shown, report)
    if item is None:
        src.ok = False
        return src
    if item.value is None:
        item = Item({}, yaml_line)
    if not isinstance(item.value, dict):
        report.error(shown, yaml_line, "front matter", "expected fields (name: value) between the --- lines")
        src.ok = False
        return src
    src.data, src.data_line = item.value, yaml_line
    return src


@dataclass
class RawProject:
    root: Path
    config: SourceFile | None
    regions: SourceFile | None
    exercises: list[SourceFile]
    guides: list[SourceFile]
    pages: list[SourceFile]
    # every exercise file to read, (path, as shown), in name order; when there are very many, the
    # validate stage reads them itself (in two processes) and `exercises` is left empty
    exercise_files: list[tuple[Path, str]] = field(default_factory=list)
    vocabulary: SourceFile | None = None  # content/vocabulary.yml


def rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def outside(root: Path, path: Path) -> bool:
    """True for a symlink that leads out of the project: its target would be published.  Only
    links are resolved (a realpath per file costs a third of a second per 10,000 files)."""
    try:
        if not path.is_symlink() and not path.parent.is_symlink():
            return False
        return not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return True


def load_project(root: Path, report: Report, defer_over: int | None = None) -> RawProject:
    """Read the project's content.  With `defer_over`, a project of more exercise files than that
    only lists them (RawProject.exercise_files): validate reads and checks them in parallel."""
    content = root / "content"
    if not content.is_dir():
        report.error("content", 1, "content", "no content/ folder here", "run from the project folder")
        return RawProject(root, None, None, [], [], [])
    regions = _one(root, content / "regions.yml", load_yaml_file, report)
    if regions is None:
        report.error("content/regions.yml", 1, "file", "content/regions.yml is missing")
    vocabulary = _one(root, content / "vocabulary.yml", load_yaml_file, report)
    if vocabulary is None:
        report.error(
            "content/vocabulary.yml",
            1,
            "file",
            "content/vocabulary.yml is missing",
            "it lists the words of type, position, helper, sides and conditions: restore it from git",
        )
    config = _one(root, root / "mkdocs.yml", load_site_config, report)
    exercise_files = _listing(
        root, "exercises", ".md", "exercise files must end in .md", report, hint_for=(".markdown", ".txt", ".MD")
    )
    exercises = (
        []
        if defer_over is not None and len(exercise_files) > defer_over
        else [load_markdown_file(p, shown, report) for p, shown in exercise_files]
    )
    guides = [
        load_yaml_file(p, shown, report)
        for p, shown in _listing(
            root, "guides", ".yml", "files in content/guides/ must end in .yml; this one is not read", report
        )
    ]
    pages = [
        load_markdown_file(p, shown, report)
        for p, shown in _listing(
            root, "pages", ".md", "files in content/pages/ must end in .md; this one is not read", report
        )
    ]
    return RawProject(root, config, regions, exercises, guides, pages, exercise_files, vocabulary)


def _linked_out(root: Path, path: Path, shown: str, report: Report) -> bool:
    """Report a link to a file outside the project (its target would be published)."""
    if not outside(root, path):
        return False
    report.error(
        shown,
        1,
        "file",
        "is a link to a file outside the project",
        "copy the file into the project instead of linking to it",
    )
    return True


def _one(root: Path, path: Path, loader, report: Report) -> SourceFile | None:
    """One named file (regions.yml, mkdocs.yml), or None when there is none."""
    if not path.exists():
        return None
    shown = rel(root, path)
    return SourceFile(shown, path, ok=False) if _linked_out(root, path, shown, report) else loader(path, shown, report)


def _listing(
    root: Path, folder: str, suffix: str, wrong: str, report: Report, hint_for: tuple[str, ...] | None = None
) -> list[tuple[Path, str]]:
    """Every `*suffix` file of a content folder to read, (path, as shown), from one listing in
    name order; a file with another suffix is reported, with `wrong` as its message and a hint to
    rename it (only for the suffixes in `hint_for`, when given)."""
    base = root / "content" / folder
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except OSError:
        return []
    linked_folder = base.is_symlink()
    out = []
    for entry in entries:
        name = entry.name
        if not name.endswith(suffix):
            if entry.is_file() and not name.startswith("."):
                pure = PurePath(name)
                hint = f"rename it to {pure.stem}{suffix}" if hint_for is None or pure.suffix in hint_for else ""
                report.error(f"content/{folder}/{name}", 1, "file", wrong, hint)
            continue
        p = base / name
        shown = f"content/{folder}/{name}"
        if (linked_folder or entry.is_symlink()) and _linked_out(root, p, shown, report):
            continue
        if not entry.is_symlink() or p.exists():  # a folder or a FIFO too: read_text says what it is
            out.append((p, shown))
    return out


def load_site_config(abspath: Path, shown: str, report: Report) -> SourceFile:
    """mkdocs.yml, read like every content file: located values, no tags (MkDocs' !ENV or Python
    object tags), no anchors or aliases.  What its keys may say is the validator's job."""
    return load_yaml_file(abspath, shown, report)

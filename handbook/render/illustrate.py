"""Stage 4, render (shared by site and print): each exercise's figure as one picture.

A figure is drawn from the exercise's pose data (handbook.figures) or read from the picture file an
editor placed under content/.  The site publishes it as a file beside the pages; print embeds the
same bytes in the packet.  Either way the alt text is the exercise's `figure_alt` (written from the
pose data unless the editor wrote their own).
"""

from __future__ import annotations

import base64
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .. import model as m

MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


@dataclass(frozen=True)
class Art:
    data: bytes
    suffix: str  # ".svg", ".png", ...
    alt: str
    drawn: bool  # True when drawn from pose data
    wide: bool = False  # two poses side by side (`another:`): print gives it more room
    aspect: float = 0.75  # height / width, for print's estimate of a card's height

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.suffix]

    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"

    def file_name(self, slug: str) -> str:
        return f"{slug}{self.suffix}"


def figure_art(ex: m.Exercise, root: Path) -> Art | None:
    """The exercise's picture, or None when it has none."""
    if ex.pose is not None:
        return _drawn(ex.pose, ex.title, ex.figure_alt)
    if ex.figure:
        path = root / "content" / ex.figure
        suffix = path.suffix.lower()
        data = path.read_bytes()
        if suffix == ".svg":
            from ..safe_html import sanitize_svg

            data = sanitize_svg(data.decode("utf-8", "replace")).encode("utf-8")
        return Art(data, suffix, ex.figure_alt, False, aspect=_aspect(data, suffix))
    return None


@functools.lru_cache(maxsize=1024)
def _drawn(pose, title: str, alt: str) -> Art:
    """A figure drawn from pose data: the same drawing for the site, every packet and edition
    (drawn once per build, not once per packet)."""
    from ..figures import draw
    from ..figures.render import W

    drawing = draw(pose, title=title, desc=alt)
    # wider than one pose: two poses side by side
    return Art(
        drawing.svg.encode("utf-8"), ".svg", alt, True, wide=drawing.width > W, aspect=drawing.height / drawing.width
    )


def _aspect(data: bytes, suffix: str) -> float:
    """A picture file's height / width (its viewBox, or its pixels); 0.75 when it cannot be read
    (only an estimate rests on it: print measures the laid-out page)."""
    try:
        if suffix == ".svg":
            found = re.search(rb'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', data)
            return float(found[2]) / float(found[1]) if found else 0.75
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            return image.height / image.width
    except Exception:  # noqa: BLE001 (a broken picture is check's to report, not the estimate's)
        return 0.75


def all_art(project: m.Project, root: Path) -> dict[str, Art]:
    """Every exercise's picture, by exercise slug (exercises without one are left out)."""
    arts = {}
    for slug, ex in project.exercises.items():
        art = figure_art(ex, root)
        if art is not None:
            arts[slug] = art
    return arts

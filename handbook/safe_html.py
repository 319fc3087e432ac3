"""Stage 4, render: markup an editor supplied, made safe to publish (sanitised with nh3).

An SVG figure file is published on the site's own origin, where a script inside it would run for
anyone who opens it.  Only drawing elements and presentation attributes are kept: no script, no
event handlers, no style (CSS can fetch), no links or references to other files.
"""

from __future__ import annotations

import re

import nh3

SVG_TAGS = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
            "tspan", "title", "desc", "defs", "lineargradient", "radialgradient", "stop", "clippath"}
# presentation and geometry attributes only; nothing that names another resource (href, style)
SVG_ATTRIBUTES = {
    "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d",
    "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
    "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-opacity", "opacity",
    "font-size", "font-weight", "font-family", "text-anchor", "offset", "stop-color",
    "stop-opacity", "preserveAspectRatio", "role", "aria-label", "id", "clip-rule",
}
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


def sanitize_svg(text: str) -> str:
    """The drawing in `text` with everything that could run, fetch or link removed."""
    clean = nh3.clean(text, tags=SVG_TAGS, attributes={"*": SVG_ATTRIBUTES}, url_schemes=set(),
                      strip_comments=True, link_rel=None)
    clean = clean.strip()
    if not clean.startswith("<svg"):
        return f'<svg {SVG_NS}></svg>\n'
    if "xmlns=" not in clean.split(">", 1)[0]:
        clean = re.sub(r"^<svg\b", f"<svg {SVG_NS}", clean)
    return clean + "\n"

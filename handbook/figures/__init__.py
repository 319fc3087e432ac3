"""Figures drawn from pose data: the pose language (spec), its parser, the renderer and alt text.

    figure, problems = parse_figure(item)     # fast: no drawing
    svg = render_svg(figure, title=..., desc=alt_text(figure))

See docs/figures.md for the language.
"""

from .parse import Figure, FigureProblem, Move, parse_figure
from .text import alt_text


def render_svg(figure, title: str = "", desc: str = "", id_prefix: str | None = None) -> str:
    return draw(figure, title, desc, id_prefix).svg


def draw(figure, title: str = "", desc: str = "", id_prefix: str | None = None):
    """The drawing (render.Drawing): its SVG document, width and height."""
    from .render import draw as _draw  # imported on first use: checking never draws

    return _draw(figure, title=title, desc=desc, id_prefix=id_prefix)


__all__ = ["Figure", "FigureProblem", "Move", "parse_figure", "render_svg", "draw", "alt_text"]

"""Stage 4, render (shared by site and print): an exercise's card.

templates/card.html.j2 is a card's one markup.  The print packets and custom handouts lay it out
(templates/print/packet.html.j2); the website's handout maker gets every exercise's card from here,
as print would show it on a custom handout, and fills in only the dose a therapist sets.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import model as m
from ..safe_html import clean_page, inline_html


def _inline_md(text: str) -> Markup:
    return Markup(inline_html(text))  # the one path from editor text to HTML (safe_html)


def own_safety(exercise, shared) -> list[str]:
    """The exercise's safety notes that its section's box at the top of the page does not already say."""
    return [note for note in exercise.safety if note not in shared]


def environment(root: Path) -> jinja2.Environment:
    """The templates under templates/ (print's and the card), escaping every value."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["inline_md"] = _inline_md
    env.globals.update(own_safety=own_safety, write_in_parts=m.WRITE_IN_PARTS)
    return env


class UnsafeCard(Exception):
    pass


def web_cards(project: m.Project, root: Path, arts: dict, figures: dict[str, str]) -> tuple[dict[str, str], str]:
    """Each exercise's card for the website's handout maker (slug -> HTML), as a custom handout
    prints it in regular print, its figure's address from the site's root (`figures`); and the
    dose with blanks to write in.  Kept to the website's allow-list: a card that the list would
    change is refused, as a page would be."""
    macros: Any = environment(root).get_template("card.html.j2").module  # its macros, by name
    cards = {}
    for slug, ex in project.exercises.items():
        art = arts.get(slug)
        markup = str(macros.card(ex, art=art, src=figures.get(slug, "") if art else "", level=3)).strip()
        cards[slug] = _allowed(markup, slug)
    write_in = _allowed(str(macros.dose("", True)).strip(), "the write-in dose")
    return cards, write_in


def _allowed(text: str, what: str) -> str:
    """The card as the website's allow-list writes it; refused when the list would take anything out
    (it only re-spells some characters, "&#39;" as "'")."""
    cleaned = clean_page(text)
    if html.unescape(cleaned) != html.unescape(text):
        raise UnsafeCard(f"{what}: the card holds markup the website does not allow")
    return cleaned


def web_sheet(root: Path) -> dict[str, str]:
    """The custom handout's head and log table for the website's handout maker, as print has them,
    with the rows it fills marked: its head's patient, prescriber and date, and one log row, which
    it repeats for each exercise."""
    parts: Any = environment(root).get_template("handout.html.j2").module
    head = parts.prescription(m.PRESCRIPTION, m.WRITE_IN_LINE, fill=True)
    log = parts.log_table(m.LOG, [""], fill=True)
    return {
        "prescriptionHead": _allowed(str(head).strip(), "the handout's head"),
        "logTable": _allowed(str(log).strip(), "the handout's log"),
    }
